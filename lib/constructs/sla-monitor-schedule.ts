import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type IScheduleTarget, Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SlaMonitorScheduleProps {
  /** The SLA monitor function. */
  readonly monitor: LambdaFunction;
  /** Minutes between runs (`slaMonitorMinutes` of definitions.ts). */
  readonly everyMinutes: number;
  /** Times a failed delivery, and a failed run, is tried again within the interval. @default 1 */
  readonly retryAttempts?: number;
  /** @default 14 days */
  readonly deadLetterRetention?: Duration;
}

/**
 * Runs the SLA monitor every `everyMinutes` with EventBridge Scheduler.
 *
 * Scheduler invokes Lambda asynchronously, so failures arise in two places, and both end in the
 * one dead-letter queue, whose first message raises an alarm: Scheduler's own (the invocation was
 * refused or throttled: its retry policy, then the dead-letter config), and the function's (the
 * run threw: Lambda's asynchronous retries, then the on-failure destination). Either way an event
 * is worth trying only until the next run is due, which checks every case afresh: the event age
 * of both is the interval, and retries are few.
 *
 * The schedule has a role of its own, which Scheduler may assume only for schedules of this
 * account's default group, and which may invoke the monitor (by its ARN, no version or alias)
 * and send to the dead-letter queue, nothing else.
 */
export class SlaMonitorSchedule extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  /** ApproximateNumberOfMessagesVisible >= 1 on the dead-letter queue; add actions to page someone. */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SlaMonitorScheduleProps) {
    super(scope, id);
    const { monitor, everyMinutes } = props;
    if (!Number.isInteger(everyMinutes) || everyMinutes < 1) {
      throw new Error(`the SLA monitor must run every whole number of minutes from 1, not ${everyMinutes}`);
    }
    const retryAttempts = props.retryAttempts ?? 1;
    // Both Scheduler and Lambda want an event age of at least a minute.
    const eventAge = Duration.minutes(everyMinutes);

    this.deadLetterQueue = new Queue(this, 'DeadLetter', {
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is a dead-letter queue itself: the SLA monitor schedule’s (Scheduler’s DeadLetterConfig) and the monitor function’s asynchronous on-failure destination. cdk-nag recognises only queues named in another queue’s redrive policy as dead-letter queues.',
    });
    this.deadLetterAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription:
          'An SLA monitor run failed or could not be started (see the dead-letter message: a Scheduler delivery failure, or the function’s error). Cases may miss due times unnoticed until it runs again: read the sla-monitor logs and fix.',
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    this.role = new Role(this, 'Role', {
      description: 'Assumed by EventBridge Scheduler to run the SLA monitor',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule-group/default`,
          },
        },
      }),
    });
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [monitor.functionArn] }),
    );
    this.deadLetterQueue.grantSendMessages(this.role);

    // Lambda's own retries of a run that threw, and where a run that keeps failing is recorded.
    monitor.configureAsyncInvoke({
      maxEventAge: eventAge,
      retryAttempts,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // A target of our own rather than aws-scheduler-targets' LambdaInvoke: that one grants through
    // `grantInvoke`, i.e. on every version and alias too (`<arn>:*`), which Scheduler never calls here.
    const target: IScheduleTarget = {
      bind: () => ({
        arn: monitor.functionArn,
        role: this.role,
        retryPolicy: { maximumEventAgeInSeconds: eventAge.toSeconds(), maximumRetryAttempts: retryAttempts },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      }),
    };
    this.schedule = new Schedule(this, 'Schedule', {
      description: `Runs the SLA monitor every ${everyMinutes} minutes`,
      schedule: ScheduleExpression.rate(Duration.minutes(everyMinutes)),
      target,
    });
  }
}
