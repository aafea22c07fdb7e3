import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { metricNames, metricsNamespace, serviceName } from '../../lambdas/domain/metrics-catalog.ts';

export interface SlaBreachAlarmProps {
  /** Breaches in one hour above which the alarm goes off (`slaBreachAlarmThreshold` of the CDK context). */
  readonly breachesPerHour: number;
}

/**
 * Goes off when more than `breachesPerHour` due times were missed within an hour (the catalog's
 * service-wide SlaBreaches, summed over an hour): one late case is the SLA monitor's to flag and
 * the team's to chase; many at once mean the team is overwhelmed or a queue is unstaffed. An hour
 * without breaches emits nothing, which is not a breach.
 */
export const slaBreachAlarm = (scope: Construct, id: string, props: SlaBreachAlarmProps): Alarm => {
  const { breachesPerHour } = props;
  if (!Number.isInteger(breachesPerHour) || breachesPerHour < 0) {
    throw new Error(`the SLA breach alarm needs a whole number of breaches an hour, not ${breachesPerHour}`);
  }
  return new Alarm(scope, id, {
    alarmDescription: `More than ${breachesPerHour} SLA due times were missed within an hour. See the dashboard’s SLA row and the SLA alerts on this topic: which queues, which priorities; add people or reroute.`,
    metric: new Metric({
      namespace: metricsNamespace,
      metricName: metricNames.slaBreaches,
      dimensionsMap: { service: serviceName },
      statistic: 'Sum',
      period: Duration.hours(1),
    }),
    threshold: breachesPerHour,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
};
