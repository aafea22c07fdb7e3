import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { metricsOfDisposition } from '../domain/metrics-catalog.ts';
import { isDeletion, type QueueMessage, QueueMessageSchema } from '../domain/queue-message.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { DeadLetters } from '../ports/dead-letters.ts';
import { type EscalatePolicy, type EscalatePorts, escalateMention } from '../use-cases/escalate-mention.ts';
import { redactDeletedPost } from '../use-cases/redact-deleted-post.ts';
import { emitMetrics, type Observability } from './observability.ts';

const messageOf = (record: SQSRecord): QueueMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new DomainError('INVALID_JSON', `message ${record.messageId} is not JSON: ${(error as Error).message}`);
  }
  return parseOrThrow(QueueMessageSchema, body, `message ${record.messageId}`);
};

/**
 * The mentions-queue consumer. Each record is escalated on its own; a retryable failure is
 * reported in batchItemFailures so SQS redelivers just that record, while a record that can
 * never succeed is parked on the dead-letter queue with its reason instead of being retried.
 */
export const createEscalateHandler = (
  ports: EscalatePorts,
  deadLetters: DeadLetters,
  policy: EscalatePolicy,
  { logger, metrics }: Observability,
) => {
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    try {
      const message = messageOf(record);
      if (isDeletion(message)) {
        const outcome = await redactDeletedPost(message, ports);
        metrics.addMetric(outcome === 'redacted' ? 'Redactions' : 'DeletionsRecorded', MetricUnit.Count, 1);
        return;
      }
      const outcome = await escalateMention(message, ports, policy);
      if (outcome.revised) metrics.addMetric('Revisions', MetricUnit.Count, 1);
      else if (outcome.redelivered) metrics.addMetric('Redeliveries', MetricUnit.Count, 1);
      // A fresh decision: the catalog's disposition, escalation, join and confidence points.
      else emitMetrics(metrics, metricsOfDisposition(outcome));
    } catch (error) {
      if (isDomainError(error) && !error.retryable) {
        logger.warn('record parked on the dead-letter queue', {
          messageId: record.messageId,
          code: error.code,
          reason: error.message,
        });
        await deadLetters.put({
          body: record.body,
          code: error.code,
          reason: error.message,
          source: record.messageId,
        });
        metrics.addMetric('RecordsParked', MetricUnit.Count, 1);
        return;
      }
      logger.error('record failed; SQS will redeliver it', {
        messageId: record.messageId,
        error: error as Error,
      });
      throw error;
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler((event, context) => processPartialResponse(event, handleRecord, processor, { context }));
};
