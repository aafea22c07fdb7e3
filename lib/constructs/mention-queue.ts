import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../definitions.ts';
import { assertVisibilityCovers, deadLetteredQueue } from './dead-lettered-queue.ts';

export interface MentionQueueProps {
  /** `queues.mentions` from definitions.ts. */
  readonly definition: QueueDefinition;
}

/**
 * The mentions queue (SQS standard) and its dead-letter queue, with the settings from definitions.ts:
 * visibility timeout (6x the consumer's timeout), retention, redrive after `maxReceiveCount`
 * receives, TLS-only access, SQS-managed encryption, kept when the stack goes. An alarm fires as
 * soon as one message sits in the dead-letter queue.
 */
export class MentionQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** ApproximateNumberOfMessagesVisible >= 1 on the dead-letter queue; add actions to page someone. */
  readonly deadLetterAlarm: Alarm;
  private readonly definition: QueueDefinition;

  constructor(scope: Construct, id: string, props: MentionQueueProps) {
    super(scope, id);
    const definition = props.definition;
    this.definition = definition;
    const built = deadLetteredQueue(this, {
      ids: { queue: definition.id, deadLetter: definition.deadLetter.id, alarm: 'DeadLetterAlarm' },
      visibilityTimeoutSeconds: definition.visibilityTimeoutSeconds,
      retentionDays: definition.retentionDays,
      deadLetterRetentionDays: definition.deadLetter.retentionDays,
      maxReceiveCount: definition.maxReceiveCount,
      alarmDescription: `Mentions are waiting in the ${definition.deadLetter.id} dead-letter queue: read their reason attributes, fix, then redrive.`,
    });
    this.queue = built.queue;
    this.deadLetterQueue = built.deadLetterQueue;
    this.deadLetterAlarm = built.deadLetterAlarm;
  }

  /** SendMessage on the mentions queue. */
  grantSend(fn: LambdaFunction): void {
    this.queue.grantSendMessages(fn);
  }

  /** A producer: may send, and learns the queue URL from `queues.mentions.envVar`. */
  bindProducer(fn: LambdaFunction): void {
    this.grantSend(fn);
    fn.addEnvironment(this.definition.envVar, this.queue.queueUrl);
  }

  /**
   * The consumer: an SQS event source with the batch settings from definitions.ts and partial batch
   * failures (the event source mapping grants receive/delete). The consumer parks records it can never
   * process on the dead-letter queue itself, with a reason, so it may send there and learns its URL.
   */
  bindConsumer(fn: LambdaFunction): void {
    const consumer = this.definition.consumer;
    assertVisibilityCovers(this.definition.id, this.definition.visibilityTimeoutSeconds, fn.timeout);
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        maxConcurrency: consumer.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.deadLetterQueue.grantSendMessages(fn);
    fn.addEnvironment(this.definition.deadLetter.envVar, this.deadLetterQueue.queueUrl);
  }
}
