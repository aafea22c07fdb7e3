import { Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { teamQueueUrlsEnv } from '../../lambdas/config/routing-settings.ts';
import { assertVisibilityCovers, deadLetteredQueue } from './dead-lettered-queue.ts';

export interface TeamQueuesProps {
  /** The team queue names of config/routing.json. */
  readonly names: readonly string[];
  /** The function that takes routed cases off the queues; its timeout sets the visibility timeout. */
  readonly consumer: LambdaFunction;
  /** @default 4 */
  readonly retentionDays?: number;
  /** @default 14 */
  readonly deadLetterRetentionDays?: number;
}

export interface TeamQueue {
  readonly name: string;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
}

/** Receives before a routed case moves to its queue's dead-letter queue. */
const maxReceiveCount = 5;

/**
 * One SQS queue per team queue of the routing rules, each with its dead-letter queue and dead-letter
 * alarm (see dead-lettered-queue.ts), feeding the intake function through an event source mapping with
 * partial batch failures. Routing a case sends it here; intake puts it in the team's work order, so a
 * burst of routed cases waits in SQS rather than failing the function that routed them.
 */
export class TeamQueues extends Construct {
  readonly queues: readonly TeamQueue[];

  constructor(scope: Construct, id: string, props: TeamQueuesProps) {
    super(scope, id);
    const timeoutSeconds = props.consumer.timeout?.toSeconds() ?? 3;
    const visibilityTimeoutSeconds = 6 * timeoutSeconds;

    this.queues = props.names.map((name) => {
      const team = new Construct(this, name);
      const built = deadLetteredQueue(team, {
        ids: { queue: 'Queue', deadLetter: 'DeadLetter', alarm: 'DeadLetterAlarm' },
        visibilityTimeoutSeconds,
        retentionDays: props.retentionDays ?? 4,
        deadLetterRetentionDays: props.deadLetterRetentionDays ?? 14,
        maxReceiveCount,
        alarmDescription: `Routed cases are waiting in the dead-letter queue of team queue "${name}": they are not in the team's work order. Read the intake function's logs, fix, then redrive.`,
      });
      assertVisibilityCovers(name, visibilityTimeoutSeconds, props.consumer.timeout);
      props.consumer.addEventSource(
        new SqsEventSource(built.queue, {
          batchSize: 10,
          maxBatchingWindow: Duration.seconds(1),
          // Two is the least SQS allows; intake is a few writes per case, and each team's queue is drained on its own.
          maxConcurrency: 2,
          reportBatchItemFailures: true,
        }),
      );
      return { name, ...built };
    });
  }

  /** SendMessage on every team queue, and `TEAM_QUEUE_URLS` = `{"<name>": "<url>", …}`. */
  bindProducer(fn: LambdaFunction): void {
    for (const team of this.queues) team.queue.grantSendMessages(fn);
    fn.addEnvironment(
      teamQueueUrlsEnv,
      Stack.of(this).toJsonString(Object.fromEntries(this.queues.map((team) => [team.name, team.queue.queueUrl]))),
    );
  }
}
