import { describe, expect, it } from 'vitest';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { emitMetrics, type EmittedMetric, observability, serviceName } from '../../lambdas/handlers/observability.ts';
import { LocalMetrics, localMetricsRoute } from '../../lambdas/local/local-metrics.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';

/** A clock the test moves. */
const movableClock = (iso: string) => {
  let now = new Date(iso).getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (minutes: number) => (now += minutes * 60_000) };
};

const serviceWide = { service: serviceName };
const point = (
  name: string,
  value: number,
  unit = 'Count',
  dimensions: Record<string, string> = serviceWide,
): EmittedMetric => ({
  name,
  unit,
  value,
  dimensions,
});

describe('LocalMetrics', () => {
  it('sums counts per metric and dimension set, since start and over the last hour', () => {
    // Arrange
    const { clock, advance } = movableClock('2030-01-02T10:00:00.000Z');
    const metrics = new LocalMetrics({ clock });
    metrics.record([point('Escalated', 1), point('Escalated', 1)]);
    advance(90);
    metrics.record([point('Escalated', 1), point('Escalated', 1, 'Count', { ...serviceWide, function: 'x' })]);

    // Act
    const summary = metrics.summary();

    // Assert
    expect(summary.since).toBe('2030-01-02T10:00:00.000Z');
    expect(summary.generatedAt).toBe('2030-01-02T11:30:00.000Z');
    expect(
      summary.series.map((series) => [series.name, series.dimensions, series.life.sum, series.lastHour.sum]),
    ).toEqual([
      ['Escalated', serviceWide, 3, 1],
      ['Escalated', { ...serviceWide, function: 'x' }, 1, 1],
    ]);
    expect(summary.series[0]?.life).toEqual({ count: 3, sum: 3, min: 1, max: 1 });
  });

  it('gives value metrics their average and nearest-rank p50 and p95', () => {
    // Arrange
    const metrics = new LocalMetrics({ clock: movableClock('2030-01-02T10:00:00.000Z').clock });
    metrics.record(Array.from({ length: 20 }, (_, index) => point('ResolutionTime', (index + 1) * 60, 'Seconds')));

    // Act
    const [series] = metrics.summary().series;

    // Assert
    expect(series?.life).toEqual({ count: 20, sum: 12_600, min: 60, max: 1200, avg: 630, p50: 600, p95: 1140 });
    expect(series?.lastHour).toMatchObject({ count: 20, avg: 630, p50: 600, p95: 1140 });
  });

  it('draws the confidence histogram in tenths', () => {
    // Arrange
    const metrics = new LocalMetrics({ clock: movableClock('2030-01-02T10:00:00.000Z').clock });
    metrics.record([0.05, 0.1, 0.45, 0.5, 0.51, 0.99, 1].map((value) => point('ModelConfidence', value, 'None')));

    // Act
    const histogram = metrics.summary().series[0]?.life.histogram;

    // Assert
    expect(histogram?.map((bucket) => bucket.count)).toEqual([2, 0, 0, 0, 2, 1, 0, 0, 0, 2]);
    expect(histogram?.map((bucket) => bucket.le)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('slices the last hour into twelve five-minute sums, oldest first, and forgets older minutes', () => {
    // Arrange
    const { clock, advance } = movableClock('2030-01-02T10:00:00.000Z');
    const metrics = new LocalMetrics({ clock });
    metrics.record([point('SlaBreaches', 4)]);
    advance(61);
    metrics.record([point('SlaBreaches', 2)]);
    advance(12);
    metrics.record([point('SlaBreaches', 1)]);

    // Act
    const [series] = metrics.summary().series;

    // Assert
    expect(series?.lastHour.trend).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]);
    expect(series?.lastHour).toMatchObject({ count: 2, sum: 3 });
    expect(series?.life).toMatchObject({ count: 3, sum: 7 });
  });

  it('keeps a bounded uniform sample for the percentiles, while counts and sums stay exact', () => {
    // Arrange
    const metrics = new LocalMetrics({
      clock: movableClock('2030-01-02T10:00:00.000Z').clock,
      samples: 10,
      random: () => 0.99,
    });
    metrics.record(Array.from({ length: 1000 }, (_, index) => point('FirstResponseTime', index, 'Seconds')));

    // Act
    const [series] = metrics.summary().series;

    // Assert
    expect(series?.life).toMatchObject({ count: 1000, sum: 499_500, min: 0, max: 999, p50: 4, p95: 9 });
    expect(series?.lastHour).toMatchObject({ count: 1000, sum: 499_500, p50: 994, p95: 999 });
  });

  it('refuses a sample size that is not a whole number from 1', () => {
    // Act
    const make = () => new LocalMetrics({ samples: 0 });

    // Assert
    expect(make).toThrow('samples must be a whole number from 1, got 0');
  });

  it('aggregates what a handler’s metrics flush into it', () => {
    // Arrange
    const sink = new LocalMetrics({ clock: movableClock('2030-01-02T10:00:00.000Z').clock });
    const { metrics } = observability('agent-api', sink);
    metrics.addMetric('CasesResolved', MetricUnit.Count, 1);
    emitMetrics(metrics, [{ name: 'ResolutionTime', unit: 'Seconds', value: 3600 }]);

    // Act
    metrics.publishStoredMetrics();

    // Assert
    expect(sink.summary().series.map((series) => [series.name, series.dimensions, series.life.sum])).toEqual([
      ['CasesResolved', { ...serviceWide, function: 'agent-api' }, 1],
      ['ResolutionTime', serviceWide, 3600],
    ]);
  });
});

describe('localMetricsRoute', () => {
  it('answers GET /metrics with the summary', async () => {
    // Arrange
    const metrics = new LocalMetrics({ clock: movableClock('2030-01-02T10:00:00.000Z').clock });
    metrics.record([point('MentionsDecided', 1)]);
    const route = localMetricsRoute(metrics);

    // Act
    const answer = await route.reply({ body: '' });

    // Assert
    expect(route).toMatchObject({ method: 'GET', path: '/metrics' });
    expect(answer).toEqual({ status: 200, body: metrics.summary() });
  });
});
