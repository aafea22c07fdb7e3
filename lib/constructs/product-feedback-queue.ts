import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { productFeedbackQueue } from '../definitions.ts';
import { deadLetteredQueue } from './dead-lettered-queue.ts';

export interface ProductFeedbackQueueProps {
  /** `productFeedbackQueue` of definitions.ts. */
  readonly definition: typeof productFeedbackQueue;
  /**
   * Seconds a message the product team's reader received stays hidden from other readers.
   * @default 300
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before a message the reader never deletes moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

/**
 * Where ideas and suggestions go so a product team hears them: an SQS standard queue the bridge
 * sends to (escalate, and the triage, cases and agent APIs, where ideas are acknowledged and
 * loops are closed) and the product team's own tooling reads, with its dead-letter queue and
 * alarm (see dead-lettered-queue.ts): TLS only, SQS-managed encryption, kept when the stack goes.
 *
 * Nothing in the stack consumes it, so the reader's pace is not known: the queue keeps messages
 * as long as SQS can, fourteen days.
 */
export class ProductFeedbackQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  private readonly envVar: string;

  constructor(scope: Construct, id: string, props: ProductFeedbackQueueProps) {
    super(scope, id);
    const { definition } = props;
    this.envVar = definition.envVar;
    const built = deadLetteredQueue(this, {
      ids: { queue: definition.id, deadLetter: definition.deadLetter.id, alarm: 'DeadLetterAlarm' },
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 300,
      retentionDays: definition.retentionDays,
      deadLetterRetentionDays: definition.deadLetter.retentionDays,
      maxReceiveCount: props.maxReceiveCount ?? 5,
      alarmDescription: `Product feedback waits in the ${definition.deadLetter.id} dead-letter queue: the product team's reader received it ${props.maxReceiveCount ?? 5} times without deleting it. Check the reader, then redrive.`,
    });
    this.queue = built.queue;
    this.deadLetterQueue = built.deadLetterQueue;
    this.deadLetterAlarm = built.deadLetterAlarm;
  }

  /** A producer: may send, and learns the queue URL from `PRODUCT_FEEDBACK_QUEUE_URL`. */
  bindProducer(fn: LambdaFunction): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment(this.envVar, this.queue.queueUrl);
  }
}
