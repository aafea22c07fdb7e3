import { Aws, Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DispositionKind } from '../../lambdas/domain/disposition.ts';
import {
  breachKinds,
  breachMetricName,
  catalogEntry,
  dispositionMetricName,
  metricNames,
  metricsNamespace,
  serviceName,
} from '../../lambdas/domain/metrics-catalog.ts';

export interface BridgeDashboardProps {
  /** The dead-letter queues whose depth is charted, each with the label it is charted under. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: IQueue }[];
  /** The SLA breach-rate alarm, charted with its threshold. */
  readonly breachAlarm: Alarm;
  /** Every alarm of the stack, for the status row. */
  readonly alarms: readonly IAlarm[];
  /** Length of a data point in the graphs. @default five minutes */
  readonly period?: Duration;
}

/** The percentiles the confidence distribution is drawn with. */
const confidencePercentiles = ['p10', 'p25', 'p50', 'p75', 'p90'] as const;

/**
 * The operators' CloudWatch dashboard: the catalog's business metrics (domain/metrics-catalog.ts,
 * service-wide) and the dead-letter queues, every name taken from the catalog so a chart cannot
 * point at a metric nobody emits.
 *
 * Rows: totals over the dashboard's time range; mentions by disposition and the escalation rate;
 * times to first response and to resolution (p50, p95, in hours); SLA breaches with the alarm's
 * threshold; cross-channel joins and their rate; the classifier's confidence distribution;
 * Amazon Comprehend calls and estimated spend; dead-letter queue depths; every alarm's state.
 */
export class BridgeDashboard extends Construct {
  readonly dashboard: Dashboard;
  /** The dashboard in the CloudWatch console. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: BridgeDashboardProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const metric = (metricName: string, statistic: string, label: string): Metric => {
      if (catalogEntry(metricName) === undefined) {
        throw new Error(`the dashboard charts ${metricName}, which lambdas/domain/metrics-catalog.ts does not declare`);
      }
      return new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: serviceName },
        statistic,
        period,
        label,
      });
    };
    const sum = (metricName: string, label: string) => metric(metricName, 'Sum', label);
    // Metric math ids are per widget: each expression names its inputs after what they are.
    const ratio = (label: string, [partId, part]: [string, IMetric], [wholeId, whole]: [string, IMetric]) =>
      new MathExpression({
        // A period without any of the part is 0 %, not a gap; one without any of the whole has no rate.
        expression: `100 * FILL(${partId}, 0) / ${wholeId}`,
        usingMetrics: { [partId]: part, [wholeId]: whole },
        label,
        period,
      });
    const hours = (metricName: string, statistic: string) => {
      const id = `${metricName.charAt(0).toLowerCase()}${metricName.slice(1)}${statistic}`;
      return new MathExpression({
        expression: `${id} / 3600`,
        usingMetrics: { [id]: metric(metricName, statistic, statistic) },
        label: statistic,
        period,
      });
    };

    const decided: [string, Metric] = ['decided', sum(metricNames.mentionsDecided, 'Mentions decided')];
    const escalated: [string, Metric] = ['escalated', sum(metricNames.escalated, 'Escalated')];
    const contacts: [string, Metric] = ['contacts', sum(metricNames.caseContacts, 'Contacts put on a case')];
    const joins: [string, Metric] = ['joins', sum(metricNames.crossChannelJoin, 'Cross-channel joins')];
    const breaches = sum(metricNames.slaBreaches, 'SLA breaches');

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: [
          '# Social Service Bridge',
          `Business metrics in namespace \`${metricsNamespace}\`, dimension \`service=${serviceName}\` (declared in \`lambdas/domain/metrics-catalog.ts\`). Alarms publish to the SLA alert topic.`,
        ].join('\n\n'),
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Over the time range',
        metrics: [
          decided[1],
          ratio('Escalation rate (%)', escalated, decided),
          breaches,
          ratio('Cross-channel join rate (%)', joins, contacts),
          sum(metricNames.comprehendSpend, 'Comprehend spend (USD, est.)'),
        ],
        setPeriodToTimeRange: true,
        width: 24,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Mentions by disposition',
        left: DispositionKind.options.map((kind) => sum(dispositionMetricName(kind), kind)),
        stacked: true,
        width: 12,
      }),
      new GraphWidget({
        title: 'Escalation rate: mentions handed to people (%)',
        left: [ratio('Escalation rate (%)', escalated, decided)],
        right: [decided[1]],
        leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Time to first response (hours)',
        left: [hours(metricNames.firstResponseTime, 'p50'), hours(metricNames.firstResponseTime, 'p95')],
        leftYAxis: { min: 0, label: 'hours', showUnits: false },
        width: 12,
      }),
      new GraphWidget({
        title: 'Time to resolution (hours)',
        left: [hours(metricNames.resolutionTime, 'p50'), hours(metricNames.resolutionTime, 'p95')],
        leftYAxis: { min: 0, label: 'hours', showUnits: false },
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'SLA breaches by due time',
        left: breachKinds.map((kind) => sum(breachMetricName(kind), kind)),
        right: [sum(metricNames.slaAlerts, 'SLA alerts sent')],
        stacked: true,
        width: 12,
      }),
      new AlarmWidget({
        title: 'SLA breaches an hour, and the alarm’s threshold',
        alarm: props.breachAlarm,
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Cross-channel joins: contacts joined to a case from another channel',
        left: [joins[1], contacts[1]],
        right: [ratio('Join rate (%)', joins, contacts)],
        rightYAxis: { min: 0, max: 100, label: '%', showUnits: false },
        width: 12,
      }),
      new GraphWidget({
        title: 'Classifier confidence distribution',
        left: confidencePercentiles.map((statistic) => metric(metricNames.modelConfidence, statistic, statistic)),
        leftYAxis: { min: 0, max: 1, showUnits: false },
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Amazon Comprehend calls and estimated spend (USD)',
        left: [sum(metricNames.comprehendCalls, 'Calls')],
        right: [sum(metricNames.comprehendSpend, 'Spend (USD)')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Dead-letter queues: messages waiting',
        left: props.deadLetterQueues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label }),
        ),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));

    this.url = `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}
