import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ProductIdea } from '../domain/closing-the-loop.ts';
import { DomainError } from '../domain/errors.ts';
import type { ProductFeedback } from '../ports/product-feedback.ts';

/**
 * The product-feedback queue in AWS (`productFeedbackQueue` in lib/definitions.ts; its URL in
 * `PRODUCT_FEEDBACK_QUEUE_URL`). A standard queue: delivery is at least once and it takes no
 * deduplication id, so a retried submission or a redelivery may reach the consumer twice. Each
 * message carries the idea as JSON and its `mentionId` as a message attribute, by which the
 * consumer keeps one idea per mention without parsing the body.
 */
export class SqsProductFeedback implements ProductFeedback {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async submit(idea: ProductIdea): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(idea),
          MessageAttributes: { mentionId: { DataType: 'String', StringValue: idea.mentionId } },
        }),
      );
    } catch (error) {
      throw new DomainError(
        'DEPENDENCY_UNAVAILABLE',
        `the product-feedback queue could not be reached: ${(error as Error).message}`,
        { retryable: true, cause: error, details: { dependency: 'sqs', mentionId: idea.mentionId } },
      );
    }
  }
}
