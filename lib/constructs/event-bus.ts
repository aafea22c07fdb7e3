import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Archive, EventBus as EventBridgeBus, type IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, ResourcePolicy, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type BridgeEventType, eventSource } from '../../lambdas/domain/bridge-event.ts';
import { commonEnv } from '../definitions.ts';

/** The event types written to a log group of their own, and the construct id stem of each. */
export const loggedEventTypes = {
  'customer.service-hold': 'ServiceHold',
  'case.customer-contacted': 'CustomerContacted',
} as const satisfies Partial<Record<BridgeEventType, string>>;

export type LoggedEventType = keyof typeof loggedEventTypes;

export interface EventBusProps {
  /** How long the archive keeps events for replay. @default 90 days */
  readonly archiveRetention?: Duration;
  /** How long the event logs keep events. @default one year */
  readonly logRetention?: RetentionDays;
}

/**
 * A CloudWatch Logs log group as a rule target. `CloudWatchLogGroup` of aws-events-targets would
 * write the log group's resource policy through a custom-resource Lambda (its own role, an
 * AWS-managed policy, `logs:PutResourcePolicy` on "*") and one policy per rule; CloudWatch Logs
 * allows ten resource policies per account and Region. The construct below writes one native
 * `AWS::Logs::ResourcePolicy` for all its log groups instead.
 */
const logGroupTarget = (logGroup: LogGroup): IRuleTarget => ({
  bind: () => ({
    // EventBridge wants the log group ARN without the `:*` that `logGroupArn` ends in.
    arn: Stack.of(logGroup).formatArn({
      service: 'logs',
      resource: 'log-group',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: logGroup.logGroupName,
    }),
    targetResource: logGroup,
  }),
});

/**
 * The bridge's custom EventBridge bus, where it tells other systems what happened
 * (`customer.service-hold` for marketing suppression, `case.customer-contacted`, …), all with
 * source `social-service-bridge`:
 *
 * - an archive of every bridge event, kept `archiveRetention`, so events can be replayed onto the
 *   bus after a consumer's outage or bug;
 * - one rule per event type of `loggedEventTypes`, delivering the whole event to a log group of its
 *   own: the event log operators read, while marketing and other systems add rules of their own;
 * - a log-group resource policy letting EventBridge (events.amazonaws.com) write to those log
 *   groups, and to nothing else.
 *
 * The archive and the log groups are kept when the stack goes. So is the bus: an archive replays
 * only onto the bus it came from, and EventBridge refuses to delete a bus that still has rules,
 * the archive's own managed rule included.
 */
export class EventBus extends Construct {
  readonly bus: EventBridgeBus;
  readonly archive: Archive;
  readonly logGroups: { readonly [type in LoggedEventType]: LogGroup };
  readonly rules: { readonly [type in LoggedEventType]: Rule };
  readonly logDelivery: ResourcePolicy;

  constructor(scope: Construct, id: string, props: EventBusProps = {}) {
    super(scope, id);

    this.bus = new EventBridgeBus(this, 'Bus', {
      description: `Social Service Bridge events (source ${eventSource}): customer service holds, contacts on cases`,
    });
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: `Every ${eventSource} event, for replay onto the bus`,
      eventPattern: { source: [eventSource] },
      retention: props.archiveRetention ?? Duration.days(90),
    });
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const types = Object.keys(loggedEventTypes) as LoggedEventType[];
    const logGroups = {} as Record<LoggedEventType, LogGroup>;
    for (const type of types) {
      logGroups[type] = new LogGroup(this, `${loggedEventTypes[type]}Log`, {
        retention: props.logRetention ?? RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.logGroups = logGroups;

    this.logDelivery = new ResourcePolicy(this, 'LogDelivery', {
      policyStatements: [
        new PolicyStatement({
          sid: 'EventBridgeWritesTheEventLogs',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: types.map((type) => logGroups[type].logGroupArn),
        }),
      ],
    });

    const rules = {} as Record<LoggedEventType, Rule>;
    for (const type of types) {
      rules[type] = new Rule(this, `${loggedEventTypes[type]}Rule`, {
        eventBus: this.bus,
        description: `Writes every ${type} event of the bridge to its event log`,
        eventPattern: { source: [eventSource], detailType: [type] },
        targets: [logGroupTarget(logGroups[type])],
      });
      // Without the policy in place first, the first deliveries would be refused and retried.
      rules[type].node.addDependency(this.logDelivery);
    }
    this.rules = rules;
  }

  /** events:PutEvents on this bus only. */
  grantPublish(fn: LambdaFunction): void {
    this.bus.grantPutEventsTo(fn);
  }

  /** A publisher: may put events on the bus, and learns its name from `EVENT_BUS_NAME`. */
  bind(fn: LambdaFunction): void {
    this.grantPublish(fn);
    fn.addEnvironment(commonEnv.eventBusName, this.bus.eventBusName);
  }
}
