import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { breachKinds, metricsOfBreaches, metricsOfSlaAlerts } from '../domain/metrics-catalog.ts';
import { isDomainError } from '../domain/errors.ts';
import { SlaAlertKey } from '../domain/sla-check.ts';
import { type MonitorPolicy, type MonitorPorts, monitorSlas } from '../use-cases/monitor-slas.ts';
import { emitMetrics, type Observability } from './observability.ts';

/** What one run did, as the invocation returns it (and the local timer's `runNow()`). */
export interface SlaMonitorSummary {
  readonly checked: number;
  readonly raised: Readonly<Record<SlaAlertKey, number>>;
  readonly escalated: number;
  readonly breaches: { readonly 'first-response': number; readonly resolution: number };
  readonly notified: number;
  readonly problems: readonly { readonly caseId: string; readonly stage: string; readonly message: string }[];
}

const messageOf = (error: unknown): string =>
  isDomainError(error) ? `${error.code}: ${error.message}` : ((error as Error).message ?? String(error));

/**
 * The SLA monitor, run on a schedule (EventBridge Scheduler in AWS, a timer locally; the event
 * itself carries nothing it needs). Emits, per run: `SlaBreaches` with the dimension `kind`
 * (first-response, resolution; zero when none, so an alarm sees data), `SlaCasesChecked`,
 * `SlaDueSoon`, `SlaEscalations`, `SlaNotifications` and `SlaProblems`, plus the catalog's
 * service-wide SLA metrics. A case it could not finish is logged and tried again next run; only a
 * case system that cannot be listed fails the invocation.
 */
export const createSlaMonitorHandler = (
  ports: MonitorPorts,
  policy: MonitorPolicy,
  { logger, metrics }: Observability,
) =>
  middy<unknown, SlaMonitorSummary>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async () => {
      const outcome = await monitorSlas(ports, policy);
      const breaches = {
        'first-response': outcome.breaches.filter((kind) => kind === 'first-response').length,
        resolution: outcome.breaches.filter((kind) => kind === 'resolution').length,
      };
      for (const kind of breachKinds) {
        // A metric of its own: the `kind` dimension must not spill onto the run's other metrics.
        const single = metrics.singleMetric();
        single.addDimension('kind', kind);
        single.addMetric('SlaBreaches', MetricUnit.Count, breaches[kind]);
      }
      const raisedTotal = SlaAlertKey.options.reduce((sum, key) => sum + outcome.raised[key], 0);
      metrics.addMetric('SlaCasesChecked', MetricUnit.Count, outcome.checked);
      metrics.addMetric(
        'SlaDueSoon',
        MetricUnit.Count,
        outcome.raised['first-response:due-soon'] + outcome.raised['resolution:due-soon'],
      );
      metrics.addMetric('SlaEscalations', MetricUnit.Count, outcome.escalated);
      metrics.addMetric('SlaNotifications', MetricUnit.Count, outcome.notified);
      metrics.addMetric('SlaProblems', MetricUnit.Count, outcome.problems.length);
      emitMetrics(metrics, [...metricsOfBreaches(outcome.breaches), ...metricsOfSlaAlerts(raisedTotal)]);

      const problems = outcome.problems.map(({ caseId, stage, error }) => ({
        caseId,
        stage,
        message: messageOf(error),
      }));
      for (const problem of problems) {
        logger.error(
          problem.stage === 'notify'
            ? 'an SLA notification was not handed over; the next run sends it again'
            : 'a case could not be checked; the next run tries again',
          problem,
        );
      }
      const summary: SlaMonitorSummary = {
        checked: outcome.checked,
        raised: outcome.raised,
        escalated: outcome.escalated,
        breaches,
        notified: outcome.notified,
        problems,
      };
      logger.info('SLA check done', { ...summary, problems: problems.length });
      return summary;
    });
