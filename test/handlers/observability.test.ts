import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEscalateHandler } from '../../lambdas/handlers/escalate.ts';
import {
  type EmittedMetric,
  emitMetrics,
  type MetricSink,
  metricsNamespace,
  observability,
  pointsOfEmf,
  serviceName,
} from '../../lambdas/handlers/observability.ts';
import type { DeadLetters } from '../../lambdas/ports/dead-letters.ts';
import { contextFor } from '../support/api-event.ts';
import { escalatePorts, queuedMention, sqsEvent, testPolicy } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

class RecordingSink implements MetricSink {
  readonly flushes: EmittedMetric[][] = [];
  record(points: readonly EmittedMetric[]): void {
    this.flushes.push([...points]);
  }
  get points(): EmittedMetric[] {
    return this.flushes.flat();
  }
  /** Sum of a metric's values, per dimension set written `service|function`. */
  sums(): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const point of this.points) {
      const key = `${point.name} ${Object.values(point.dimensions).join('|')}`;
      sums[key] = (sums[key] ?? 0) + point.value;
    }
    return sums;
  }
}

const serviceWide = { service: serviceName };
const ofFunction = (name: string) => ({ service: serviceName, function: name });

describe('observability metrics', () => {
  let sink: RecordingSink;
  let written: string[];

  beforeEach(() => {
    sink = new RecordingSink();
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('hands one flush to the sink: the function’s metrics by function, the catalog’s service-wide', () => {
    // Arrange
    const { metrics } = observability('agent-api', sink);
    metrics.addMetric('CasesClaimed', MetricUnit.Count, 1);
    emitMetrics(metrics, [
      { name: 'ResolutionTime', unit: 'Seconds', value: 600 },
      { name: 'ResolutionTime', unit: 'Seconds', value: 1200 },
    ]);

    // Act
    metrics.publishStoredMetrics();

    // Assert
    expect(sink.flushes).toEqual([
      [
        { name: 'ResolutionTime', unit: 'Seconds', value: 600, dimensions: serviceWide },
        { name: 'ResolutionTime', unit: 'Seconds', value: 1200, dimensions: serviceWide },
      ],
      [{ name: 'CasesClaimed', unit: 'Count', value: 1, dimensions: ofFunction('agent-api') }],
    ]);
  });

  it('captures while POWERTOOLS_METRICS_DISABLED keeps standard output quiet, as in tests and `bridge serve`', () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { metrics } = observability('escalate', sink);
    emitMetrics(metrics, [{ name: 'MentionsDecided', unit: 'Count', value: 1 }]);

    // Act
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();

    // Assert
    expect(sink.points).toEqual([{ name: 'MentionsDecided', unit: 'Count', value: 1, dimensions: serviceWide }]);
    expect(written).toEqual([]);
  });

  it('captures exactly what Powertools prints when metrics are enabled', () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const { metrics } = observability('escalate', sink);
    metrics.addMetric('Redeliveries', MetricUnit.Count, 2);
    emitMetrics(metrics, [
      { name: 'Disposition_chatter', unit: 'Count', value: 1 },
      { name: 'ModelConfidence', unit: 'None', value: 0.3 },
    ]);

    // Act
    metrics.publishStoredMetrics();

    // Assert
    const printed = written.map((line) => JSON.parse(line));
    expect(printed.map((emf) => emf._aws.CloudWatchMetrics[0].Namespace)).toEqual([metricsNamespace, metricsNamespace]);
    expect(printed.flatMap((emf) => pointsOfEmf(emf))).toEqual(sink.points);
    expect(sink.points).toHaveLength(3);
  });

  it('copies single metrics to the sink as they flush', () => {
    // Arrange
    const { metrics } = observability('webhooks', sink);
    const single = metrics.singleMetric();
    single.addDimension('provider', 'x');

    // Act
    single.addMetric('Challenges', MetricUnit.Count, 1);

    // Assert
    expect(sink.points).toEqual([
      {
        name: 'Challenges',
        unit: 'Count',
        value: 1,
        dimensions: { ...ofFunction('webhooks'), provider: 'x' },
      },
    ]);
  });

  it('says nothing when an invocation emitted no metric at all', () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const { metrics } = observability('cases-api', sink);

    // Act
    metrics.publishStoredMetrics();

    // Assert
    expect(written).toEqual([]);
    expect(sink.flushes).toEqual([]);
  });

  it('adds the points to plain Powertools Metrics when given those', () => {
    // Arrange
    const plain = new Metrics({ namespace: metricsNamespace, serviceName });

    // Act
    emitMetrics(plain, [{ name: 'SlaBreaches', unit: 'Count', value: 2 }]);

    // Assert
    expect(pointsOfEmf(plain.serializeMetrics())).toEqual([
      { name: 'SlaBreaches', unit: 'Count', value: 2, dimensions: serviceWide },
    ]);
  });

  it('never lets a failing sink fail the flush', () => {
    // Arrange
    const { metrics } = observability('ingest', {
      record: () => {
        throw new Error('sink down');
      },
    });
    metrics.addMetric('MentionsAccepted', MetricUnit.Count, 1);

    // Act
    const flush = () => metrics.publishStoredMetrics();

    // Assert
    expect(flush).not.toThrow();
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});

describe('the escalate handler’s metrics, on DynamoDB Local', () => {
  let tables: TestTables;
  const deadLetters: DeadLetters = { put: async () => undefined };

  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });

  it('emits the catalog’s points for each fresh decision, and only Redeliveries for a redelivery', async () => {
    // Arrange
    const sink = new RecordingSink();
    const ports = escalatePorts(tables.documents, await tables.fresh());
    const handler = createEscalateHandler(ports, deadLetters, testPolicy, observability('escalate', sink));
    const event = sqsEvent(
      [
        queuedMention('1', 'My parcel never arrived and I want a refund now'),
        queuedMention('2', 'Charged twice for the same order, this is unacceptable'),
        queuedMention('3', 'Watching the match tonight with friends'),
      ].map((mention) => JSON.stringify(mention)),
    );

    // Act
    await handler(event, contextFor('escalate'));
    const first = sink.sums();
    sink.flushes.length = 0;
    await handler(event, contextFor('escalate'));

    // Assert
    const service = `${serviceName}`;
    expect(first).toMatchObject({
      [`MentionsDecided ${service}`]: 3,
      [`Disposition_case-created ${service}`]: 2,
      [`Disposition_chatter ${service}`]: 1,
      [`Escalated ${service}`]: 2,
      [`CaseContacts ${service}`]: 2,
    });
    expect(Object.keys(first).filter((key) => key.endsWith('|escalate'))).toEqual([]);
    expect(sink.sums()).toEqual({ [`Redeliveries ${service}|escalate`]: 3 });
  });
});
