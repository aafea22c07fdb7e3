import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The longest SQS keeps a message. */
export const maxRetentionDays = 14;

export interface DeadLetteredQueueSettings {
  /** Construct ids, in `scope`, of the queue, its dead-letter queue and the dead-letter alarm. */
  readonly ids: { readonly queue: string; readonly deadLetter: string; readonly alarm: string };
  /** Seconds a received message stays hidden; at least 6x the consumer's timeout. */
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /**
   * Must be longer than `retentionDays`, so a dead letter outlives the message it was (SQS counts a
   * dead letter's age from when it was first sent); SQS's fourteen-day maximum only when both are at it.
   */
  readonly deadLetterRetentionDays: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** What the alarm tells whoever is paged: what waits there and what to do. */
  readonly alarmDescription: string;
}

export interface DeadLetteredQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** ApproximateNumberOfMessagesVisible >= 1 on the dead-letter queue; add actions to page someone. */
  readonly deadLetterAlarm: Alarm;
}

/**
 * An SQS standard queue with its dead-letter queue, as every queue of the bridge has them: redrive after
 * `maxReceiveCount` receives, TLS-only access, SQS-managed encryption, both kept when the stack goes
 * (messages are state), and an alarm as soon as one message sits in the dead-letter queue.
 *
 * A function rather than a construct so that the mentions queue keeps the construct ids (and so the
 * logical ids) it was deployed with.
 */
export const deadLetteredQueue = (scope: Construct, settings: DeadLetteredQueueSettings): DeadLetteredQueue => {
  const atMaximum =
    settings.retentionDays === maxRetentionDays && settings.deadLetterRetentionDays === maxRetentionDays;
  if (settings.deadLetterRetentionDays <= settings.retentionDays && !atMaximum) {
    throw new Error(
      `${settings.ids.queue}: the dead-letter queue must keep messages longer than the queue (${settings.deadLetterRetentionDays} <= ${settings.retentionDays} days)`,
    );
  }
  const deadLetterQueue = new Queue(scope, settings.ids.deadLetter, {
    retentionPeriod: Duration.days(settings.deadLetterRetentionDays),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const queue = new Queue(scope, settings.ids.queue, {
    visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
    retentionPeriod: Duration.days(settings.retentionDays),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const deadLetterAlarm = deadLetterQueue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
    .createAlarm(scope, settings.ids.alarm, {
      alarmDescription: settings.alarmDescription,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  return { queue, deadLetterQueue, deadLetterAlarm };
};

/** Refuses a consumer whose timeout a message's visibility timeout does not cover six times over (AWS's advice). */
export const assertVisibilityCovers = (
  queueId: string,
  visibilityTimeoutSeconds: number,
  consumerTimeout?: Duration,
) => {
  const timeoutSeconds = consumerTimeout?.toSeconds();
  if (timeoutSeconds !== undefined && 6 * timeoutSeconds > visibilityTimeoutSeconds) {
    throw new Error(
      `${queueId}: visibility timeout ${visibilityTimeoutSeconds}s is under 6x the consumer's ${timeoutSeconds}s timeout`,
    );
  }
};
