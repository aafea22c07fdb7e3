import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { EmfOutput, MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { type MetricPoint, metricsNamespace, serviceName } from '../domain/metrics-catalog.ts';

export { metricsNamespace, serviceName };

/** One data point as CloudWatch reads it from an EMF line: the value and the dimensions it is published under. */
export interface EmittedMetric {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Where a copy of every metrics flush goes besides standard output: the local runtime's
 * `GET /metrics` (local/local-metrics.ts). It sees the points whether or not Powertools prints
 * them (POWERTOOLS_METRICS_DISABLED only silences the output).
 */
export interface MetricSink {
  /** The points of one flush, in the order they were added. */
  record(points: readonly EmittedMetric[]): void;
}

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The points of one EMF object, one per value and dimension set, as CloudWatch extracts them: a
 * metric added three times in one flush carries an array of three values.
 */
export const pointsOfEmf = (emf: EmfOutput): EmittedMetric[] =>
  emf._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Dimensions.flatMap((names) => {
      const dimensions = Object.fromEntries(names.map((name) => [name, String(emf[name])]));
      return directive.Metrics.flatMap(({ Name, Unit }) =>
        [emf[Name]]
          .flat()
          .flatMap((value) => (typeof value === 'number' ? [{ name: Name, unit: Unit, value, dimensions }] : [])),
      );
    }),
  );

const capture = (sink: MetricSink, metrics: Metrics): void => {
  try {
    sink.record(pointsOfEmf(metrics.serializeMetrics()));
  } catch {
    // A copy for the local runtime must never fail the handler that emitted it.
  }
};

/**
 * Powertools Metrics that also hands each flush to a sink. Powertools has no output hook of its
 * own (its `logger` option takes only its warnings), so the flush is read where it is made:
 * `serializeMetrics()` is the EMF object Powertools prints.
 */
class SinkedMetrics extends Metrics {
  protected readonly sink: MetricSink | undefined;

  constructor(options: MetricsOptions, sink: MetricSink | undefined) {
    super(options);
    this.sink = sink;
  }

  override publishStoredMetrics(): this {
    if (this.sink !== undefined && this.hasStoredMetrics()) capture(this.sink, this);
    return super.publishStoredMetrics();
  }

  /** A single metric flushes on its own `addMetric`: its flush is copied to the sink as well. */
  override singleMetric(): Metrics {
    const single = super.singleMetric();
    const sink = this.sink;
    if (sink === undefined) return single;
    const publish = single.publishStoredMetrics.bind(single);
    single.publishStoredMetrics = () => {
      if (single.hasStoredMetrics()) capture(sink, single);
      return publish();
    };
    return single;
  }
}

/**
 * A function's metrics: its own, with the `service` and `function` dimensions, plus `serviceWide`,
 * the catalog's business metrics (domain/metrics-catalog.ts) with the `service` dimension only, so
 * that a resolution time counts the same whichever function resolved the case. Flushing the
 * function's metrics (the `logMetrics` middleware does it after each invocation) flushes both.
 */
export class BridgeMetrics extends SinkedMetrics {
  readonly serviceWide: Metrics;

  constructor(functionName: string, sink?: MetricSink) {
    super({ serviceName, namespace: metricsNamespace, defaultDimensions: { function: functionName } }, sink);
    this.serviceWide = new SinkedMetrics({ serviceName, namespace: metricsNamespace }, sink);
  }

  override publishStoredMetrics(): this {
    if (this.serviceWide.hasStoredMetrics()) this.serviceWide.publishStoredMetrics();
    if (!this.hasStoredMetrics()) {
      // Nothing of its own to publish: Powertools would only warn about it, on every such invocation.
      this.clearDimensions();
      this.clearMetadata();
      return this;
    }
    return super.publishStoredMetrics();
  }
}

/**
 * Logger and metrics for one function; settings such as the log level come from POWERTOOLS_*
 * variables. `sink` receives a copy of every metrics flush (the local runtime's `GET /metrics`).
 */
export const observability = (functionName: string, sink?: MetricSink): Observability => ({
  logger: new Logger({
    serviceName,
    persistentKeys: { function: functionName },
  }),
  metrics: new BridgeMetrics(functionName, sink),
});

/**
 * Adds the catalog's points (domain/metrics-catalog.ts) to the service-wide metrics, published
 * with the function's own at the end of the invocation. Given plain Powertools Metrics, adds them there.
 */
export const emitMetrics = (metrics: Metrics, points: readonly MetricPoint[]): void => {
  const target = metrics instanceof BridgeMetrics ? metrics.serviceWide : metrics;
  for (const { name, unit, value } of points) target.addMetric(name, unit, value);
};
