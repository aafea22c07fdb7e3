import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetters } from '../ports/dead-letters.ts';

/** Parks a record on the dead-letter queue itself, with its reason as message attributes. */
export class SqsDeadLetters implements DeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async put(letter: { body: string; code: string; reason: string; source: string }): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: letter.body,
        MessageAttributes: {
          code: { DataType: 'String', StringValue: letter.code },
          // SQS caps attribute values with the message at 256 KiB; a reason is short, but be sure.
          reason: { DataType: 'String', StringValue: letter.reason.slice(0, 1024) },
          source: { DataType: 'String', StringValue: letter.source },
        },
      }),
    );
  }
}
