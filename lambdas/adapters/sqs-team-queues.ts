import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DomainError } from '../domain/errors.ts';
import type { TeamQueueMessage } from '../domain/team-queue-message.ts';
import type { TeamQueues } from '../ports/team-queues.ts';

/**
 * The team queues in AWS: one SQS standard queue per team, found by name in the URLs the stack
 * passes (`TEAM_QUEUE_URLS`). Standard queues take no deduplication id; the consumer's change is
 * idempotent instead.
 */
export class SqsTeamQueues implements TeamQueues {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrls: Readonly<Record<string, string>>,
  ) {}

  async enqueue(queue: string, caseId: string): Promise<void> {
    const queueUrl = this.queueUrls[queue];
    if (queueUrl === undefined) {
      throw new DomainError(
        'INTERNAL',
        `no team queue "${queue}" is deployed; the team queues are ${Object.keys(this.queueUrls).join(', ')}`,
        { details: { queue, caseId } },
      );
    }
    const message: TeamQueueMessage = { caseId, queue };
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(message),
          MessageAttributes: { caseId: { DataType: 'String', StringValue: caseId } },
        }),
      );
    } catch (error) {
      throw new DomainError(
        'DEPENDENCY_UNAVAILABLE',
        `the team queue ${queue} could not be reached: ${(error as Error).message}`,
        { retryable: true, cause: error, details: { dependency: 'sqs', queue, caseId } },
      );
    }
  }
}
