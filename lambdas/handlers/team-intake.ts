import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { TeamQueueMessage } from '../domain/team-queue-message.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import { takeIntoTeamQueue } from '../use-cases/team-intake.ts';
import type { Observability } from './observability.ts';

const messageOf = (record: SQSRecord): TeamQueueMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new DomainError('INVALID_JSON', `message ${record.messageId} is not JSON: ${(error as Error).message}`);
  }
  return parseOrThrow(TeamQueueMessage, body, `message ${record.messageId}`);
};

/**
 * The team queues' consumer: puts each routed case into its team's work order. Each record is
 * taken on its own and only the failed ones are reported in batchItemFailures. A record that
 * can never succeed (not JSON, no such case) is reported too rather than dropped: a case left
 * out of its work order would wait unseen, so after the queue's receive limit it lands on the
 * dead-letter queue, where ops see it and can redrive it.
 */
export const createTeamIntakeHandler = (
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
  { logger, metrics }: Observability,
) => {
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    try {
      const outcome = await takeIntoTeamQueue(messageOf(record), ports);
      metrics.addMetric(
        outcome.queued ? (outcome.changed ? 'CasesQueued' : 'QueueRedeliveries') : 'ClosedCasesSkipped',
        MetricUnit.Count,
        1,
      );
    } catch (error) {
      const permanent = isDomainError(error) && !error.retryable;
      const details = { messageId: record.messageId, queue: record.eventSourceARN, error: error as Error };
      if (permanent)
        logger.error('record cannot be taken into its team queue; it will reach the dead letters', details);
      else logger.warn('record failed; SQS will redeliver it', details);
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler((event, context) => processPartialResponse(event, handleRecord, processor, { context }));
};
