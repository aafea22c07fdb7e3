import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import { type EmittedMetric, observability } from '../../lambdas/handlers/observability.ts';
import { createSlaMonitorHandler } from '../../lambdas/handlers/sla-monitor.ts';
import { LocalNotifications } from '../../lambdas/local/local-notifications.ts';
import { type SlaTimer, startSlaTimer } from '../../lambdas/local/sla-timer.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import { contextFor } from '../support/api-event.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

/** Case c-N: opened Wednesday 10:00, first response due 11:00, resolution due 12:00. */
const overdueCase = (caseId: string) =>
  aCase({
    caseId,
    createdAt: '2030-01-09T10:00:00.000Z',
    due: { firstResponseAt: '2030-01-09T11:00:00.000Z', resolutionAt: '2030-01-09T12:00:00.000Z' },
  });

/** EventBridge Scheduler's event; the monitor reads nothing from it. */
const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} };

describe('sla-monitor handler (DynamoDB Local)', () => {
  let tables: TestTables;
  let cases: DynamoDbCaseSystem;
  let notifications: LocalNotifications;
  let points: EmittedMetric[];
  let timer: SlaTimer | undefined;
  let instant: string;
  const clock: Clock = { now: () => new Date(instant) };

  const handler = () =>
    createSlaMonitorHandler(
      { cases, notifier: notifications, clock },
      { dueSoon: { minutes: 30, share: 0.5 } },
      observability('sla-monitor', { record: (flushed) => points.push(...flushed) }),
    );

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    cases = new DynamoDbCaseSystem(tables.documents, (await tables.fresh()).cases);
    notifications = new LocalNotifications();
    points = [];
    instant = '2030-01-09T12:30:00.000Z';
    await timer?.stop();
    timer = undefined;
  });

  it('answers what the run did and counts breaches per kind in SlaBreaches', async () => {
    // Arrange: two cases past both due times; one breach of each kind escalates, one per check.
    await cases.createCase(overdueCase('c-1'));
    await cases.createCase(overdueCase('c-2'));

    // Act
    const summary = await handler()(scheduled, contextFor('slaMonitor'));

    // Assert
    expect(summary).toEqual({
      checked: 2,
      raised: {
        'first-response:due-soon': 0,
        'first-response:breached': 2,
        'resolution:due-soon': 0,
        'resolution:breached': 2,
      },
      escalated: 2,
      breaches: { 'first-response': 2, resolution: 2 },
      notified: 4,
      problems: [],
    });
    const breaches = points.filter((point) => point.name === 'SlaBreaches' && point.dimensions.kind !== undefined);
    expect(breaches.map((point) => [point.dimensions.kind, point.value])).toEqual([
      ['first-response', 2],
      ['resolution', 2],
    ]);
    expect(breaches[0]?.dimensions).toEqual({
      service: 'social-service-bridge',
      function: 'sla-monitor',
      kind: 'first-response',
    });
    expect(points.find((point) => point.name === 'SlaEscalations')?.value).toBe(2);
  });

  it('counts zero breaches when there are none, so an alarm on SlaBreaches has data', async () => {
    // Act
    const summary = await handler()(scheduled, contextFor('slaMonitor'));

    // Assert
    expect(summary.checked).toBe(0);
    const breaches = points.filter((point) => point.name === 'SlaBreaches' && point.dimensions.kind !== undefined);
    expect(breaches.map((point) => [point.dimensions.kind, point.value])).toEqual([
      ['first-response', 0],
      ['resolution', 0],
    ]);
  });

  it('runs from the local timer with the handler the Lambda runs, and a later run finds nothing new', async () => {
    // Arrange
    await cases.createCase(overdueCase('c-1'));
    timer = startSlaTimer(handler(), { everyMinutes: 5 });

    // Act
    const first = await timer.runNow();
    instant = '2030-01-09T12:35:00.000Z';
    const second = await timer.runNow();

    // Assert
    expect(first).toMatchObject({ checked: 1, notified: 2, breaches: { 'first-response': 1, resolution: 1 } });
    expect(second).toMatchObject({ checked: 1, notified: 0, breaches: { 'first-response': 0, resolution: 0 } });
    expect(notifications.sent().map((sent) => sent.kind)).toEqual(['first-response:breached', 'resolution:breached']);
  });
});
