import { systemClock } from '../adapters/system-clock.ts';
import { catalogEntry } from '../domain/metrics-catalog.ts';
import type { EmittedMetric, MetricSink } from '../handlers/observability.ts';
import type { Clock } from '../ports/clock.ts';
import type { LocalRoute } from './local-gateway.ts';

/** Figures of one series over one window. Sums for every unit; the spread for value metrics. */
export interface WindowFigures {
  /** Data points. */
  readonly count: number;
  readonly sum: number;
  readonly min?: number;
  readonly max?: number;
  /** For metrics measured in other units than Count (times, confidence): what CloudWatch's statistics would say. */
  readonly avg?: number;
  readonly p50?: number;
  readonly p95?: number;
  /** For a catalog metric with buckets: data points at or under each bound (and over the one before). */
  readonly histogram?: readonly { readonly le: number; readonly count: number }[];
}

/** One metric with one set of dimension values, as CloudWatch keeps it apart. */
export interface SeriesSummary {
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Since the runtime started. */
  readonly life: WindowFigures;
  /** The last sixty minutes, with the sum of each of their `trendMinutes`-minute slices, oldest first. */
  readonly lastHour: WindowFigures & { readonly trend: readonly number[] };
}

export interface MetricsSummary {
  readonly since: string;
  readonly generatedAt: string;
  readonly trendMinutes: number;
  readonly series: readonly SeriesSummary[];
}

export interface LocalMetricsOptions {
  readonly clock?: Clock;
  /**
   * Values kept per series for the percentiles since start, as a uniform sample once there are
   * more (reservoir sampling), and most recent values kept for the last hour's. Counts and sums stay exact.
   * @default 10 000
   */
  readonly samples?: number;
  /** Where the reservoir's randomness comes from; tests pass their own. */
  readonly random?: () => number;
}

const minuteMs = 60_000;
const trendMinutes = 5;
const trendSlices = 60 / trendMinutes;

interface Running {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface Series {
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly life: Running;
  /** A uniform sample of every value since start. */
  readonly reservoir: number[];
  /** Exact figures of each minute with points, by minute since the epoch; only the last hour's are kept. */
  readonly minutes: Map<number, Running>;
  /** The most recent values (at most `samples`, none older than an hour), oldest first, from `head` on. */
  readonly recent: { at: number; value: number }[];
  head: number;
}

const emptyRunning = (): Running => ({
  count: 0,
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
});

const add = (running: Running, value: number): void => {
  running.count += 1;
  running.sum += value;
  running.min = Math.min(running.min, value);
  running.max = Math.max(running.max, value);
};

const seriesKey = (point: EmittedMetric): string =>
  JSON.stringify([point.name, ...Object.entries(point.dimensions).sort(([a], [b]) => a.localeCompare(b))]);

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted.length === 0
    ? undefined
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

const histogramOf = (bounds: readonly number[], values: readonly number[]) =>
  bounds.map((le, index) => {
    const above = index === 0 ? Number.NEGATIVE_INFINITY : (bounds[index - 1] ?? Number.NEGATIVE_INFINITY);
    return { le, count: values.filter((value) => value > above && value <= le).length };
  });

const figures = (series: Series, running: Running, sample: readonly number[]): WindowFigures => {
  const base = { count: running.count, sum: running.sum };
  if (running.count === 0) return base;
  const spread =
    series.unit === 'Count'
      ? { min: running.min, max: running.max }
      : (() => {
          const sorted = [...sample].sort((a, b) => a - b);
          return {
            min: running.min,
            max: running.max,
            avg: running.sum / running.count,
            ...(sorted.length > 0 ? { p50: percentile(sorted, 50), p95: percentile(sorted, 95) } : {}),
          };
        })();
  const buckets = catalogEntry(series.name)?.buckets;
  return { ...base, ...spread, ...(buckets ? { histogram: histogramOf(buckets, sample) } : {}) };
};

/**
 * The local stand-in for CloudWatch metrics: the sink every handler's metrics flush into (see
 * handlers/observability.ts), aggregated per metric and dimension set over the runtime's life and
 * the last hour (its last sixty minutes, the current one included), as `GET /metrics` serves them
 * to the console. Memory stays bounded however long it runs: counts and sums are kept per minute,
 * values only as samples.
 */
export class LocalMetrics implements MetricSink {
  private readonly clock: Clock;
  private readonly samples: number;
  private readonly random: () => number;
  private readonly series = new Map<string, Series>();
  private readonly since: Date;

  constructor(options: LocalMetricsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.samples = options.samples ?? 10_000;
    if (!Number.isInteger(this.samples) || this.samples < 1) {
      throw new RangeError(`samples must be a whole number from 1, got ${this.samples}`);
    }
    this.random = options.random ?? Math.random;
    this.since = this.clock.now();
  }

  record(points: readonly EmittedMetric[]): void {
    const at = this.clock.now().getTime();
    const minute = Math.floor(at / minuteMs);
    for (const point of points) {
      if (!Number.isFinite(point.value)) continue;
      const series = this.seriesOf(point);
      add(series.life, point.value);
      // Algorithm R: every value seen has the same chance, samples/count, of being in the sample.
      if (series.reservoir.length < this.samples) series.reservoir.push(point.value);
      else {
        const slot = Math.floor(this.random() * series.life.count);
        if (slot < this.samples) series.reservoir[slot] = point.value;
      }
      const ofMinute = series.minutes.get(minute) ?? emptyRunning();
      add(ofMinute, point.value);
      series.minutes.set(minute, ofMinute);
      series.recent.push({ at, value: point.value });
      this.prune(series, at);
    }
  }

  /** Every series as of now: by name, then the fewest dimensions first. */
  summary(): MetricsSummary {
    const now = this.clock.now().getTime();
    const currentMinute = Math.floor(now / minuteMs);
    const summaries = [...this.series.entries()]
      .sort(
        ([keyA, a], [keyB, b]) =>
          a.name.localeCompare(b.name) ||
          Object.keys(a.dimensions).length - Object.keys(b.dimensions).length ||
          keyA.localeCompare(keyB),
      )
      .map(([, series]): SeriesSummary => {
        this.prune(series, now);
        const hour = emptyRunning();
        const trend = new Array<number>(trendSlices).fill(0);
        for (const [minute, running] of series.minutes) {
          const age = currentMinute - minute;
          if (age < 0 || age >= 60) continue;
          hour.count += running.count;
          hour.sum += running.sum;
          hour.min = Math.min(hour.min, running.min);
          hour.max = Math.max(hour.max, running.max);
          const slice = trendSlices - 1 - Math.floor(age / trendMinutes);
          trend[slice] = (trend[slice] ?? 0) + running.sum;
        }
        const recent = series.recent.slice(series.head).map((entry) => entry.value);
        return {
          name: series.name,
          unit: series.unit,
          dimensions: series.dimensions,
          life: figures(series, series.life, series.reservoir),
          lastHour: { ...figures(series, hour, recent), trend },
        };
      });
    return {
      since: this.since.toISOString(),
      generatedAt: new Date(now).toISOString(),
      trendMinutes,
      series: summaries,
    };
  }

  private seriesOf(point: EmittedMetric): Series {
    const key = seriesKey(point);
    const known = this.series.get(key);
    if (known !== undefined) return known;
    const series: Series = {
      name: point.name,
      unit: point.unit,
      dimensions: { ...point.dimensions },
      life: emptyRunning(),
      reservoir: [],
      minutes: new Map(),
      recent: [],
      head: 0,
    };
    this.series.set(key, series);
    return series;
  }

  /** Forgets minutes older than the hour, and values older than the hour or beyond the newest `samples`. */
  private prune(series: Series, now: number): void {
    const currentMinute = Math.floor(now / minuteMs);
    for (const minute of series.minutes.keys()) {
      if (currentMinute - minute >= 60) series.minutes.delete(minute);
    }
    const { recent } = series;
    const oldestMinute = (currentMinute - 59) * minuteMs;
    while (
      series.head < recent.length &&
      ((recent[series.head]?.at ?? now) < oldestMinute || recent.length - series.head > this.samples)
    ) {
      series.head += 1;
    }
    if (series.head > 1024 && series.head * 2 > recent.length) {
      recent.splice(0, series.head);
      series.head = 0;
    }
  }
}

/** `GET /metrics` on the local runtime: the summary of everything the handlers emitted. */
export const localMetricsRoute = (metrics: LocalMetrics): LocalRoute => ({
  method: 'GET',
  path: '/metrics',
  reply: async () => ({ status: 200, body: metrics.summary() }),
});
