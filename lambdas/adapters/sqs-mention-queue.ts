import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DomainError } from '../domain/errors.ts';
import { messageSubject, type QueueMessage } from '../domain/queue-message.ts';
import type { EnqueueFailure, MentionQueue } from '../ports/mention-queue.ts';

/** SQS takes at most ten entries per SendMessageBatch. */
const sqsBatchLimit = 10;

/** The mentions queue in AWS. */
export class SqsMentionQueue implements MentionQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(messages: readonly QueueMessage[]): Promise<{ failed: readonly EnqueueFailure[] }> {
    const failed: EnqueueFailure[] = [];
    for (let start = 0; start < messages.length; start += sqsBatchLimit) {
      const chunk = messages.slice(start, start + sqsBatchLimit);
      try {
        const result = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
              MessageAttributes: { mentionId: { DataType: 'String', StringValue: messageSubject(message) } },
            })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          const message = chunk[Number(failure.Id)];
          if (message) {
            failed.push({ mentionId: messageSubject(message), reason: failure.Message ?? failure.Code ?? 'refused' });
          }
        }
      } catch (error) {
        throw new DomainError(
          'DEPENDENCY_UNAVAILABLE',
          `the mentions queue could not be reached: ${(error as Error).message}`,
          {
            retryable: true,
            cause: error,
            details: { dependency: 'sqs', enqueuedBefore: start },
          },
        );
      }
    }
    return { failed };
  }
}
