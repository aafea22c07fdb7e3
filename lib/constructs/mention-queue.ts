import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../definitions.ts';

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
    if (definition.deadLetter.retentionDays <= definition.retentionDays) {
      throw new Error(
        `${definition.id}: the dead-letter queue must keep messages longer than the queue (${definition.deadLetter.retentionDays} <= ${definition.retentionDays} days)`,
      );
    }

    this.deadLetterQueue = new Queue(this, definition.deadLetter.id, {
      retentionPeriod: Duration.days(definition.deadLetter.retentionDays),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, definition.id, {
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription: `Mentions are waiting in the ${definition.deadLetter.id} dead-letter queue: read their reason attributes, fix, then redrive.`,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
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
    const timeoutSeconds = fn.timeout?.toSeconds();
    if (timeoutSeconds !== undefined && 6 * timeoutSeconds > this.definition.visibilityTimeoutSeconds) {
      throw new Error(
        `${this.definition.id}: visibility timeout ${this.definition.visibilityTimeoutSeconds}s is under 6x the consumer's ${timeoutSeconds}s timeout`,
      );
    }
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
