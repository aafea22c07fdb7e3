import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import { WeekHours } from '../../lambdas/domain/business-hours.ts';
import { type NewContactCase, newContactCase } from '../../lambdas/domain/contact-case.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { RoutingRules } from '../../lambdas/domain/routing-rules.ts';
import type { SlaNotification } from '../../lambdas/domain/sla-check.ts';
import { LocalNotifications } from '../../lambdas/local/local-notifications.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import type { Notifier } from '../../lambdas/ports/notifier.ts';
import type { TeamQueues } from '../../lambdas/ports/team-queues.ts';
import { type MonitorPolicy, monitorSlas } from '../../lambdas/use-cases/monitor-slas.ts';
import { recordFirstResponse } from '../../lambdas/use-cases/record-first-response.ts';
import { routeCase } from '../../lambdas/use-cases/route-case.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

/** A clock the test moves. In 2030 on purpose: DynamoDB Local expires TTL items by the real clock. */
class TestClock implements Clock {
  constructor(private instant: string) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = iso;
  }
}

const billing = {
  name: 'billing',
  timeZone: 'Europe/London',
  hours: WeekHours.parse({
    mon: ['08:00-20:00'],
    tue: ['08:00-20:00'],
    wed: ['08:00-20:00'],
    thu: ['08:00-20:00'],
    fri: ['08:00-20:00'],
  }),
};
const policy: MonitorPolicy = { dueSoon: { minutes: 30, share: 0.5 }, queueHours: [billing] };

/** A P3 phone case in billing opened Wednesday 9 Jan 2030 at 10:00: first response due 14:00 (business hours). */
const phoneCase = (caseId: string, overrides: Partial<NewContactCase> = {}) =>
  newContactCase(
    caseId,
    {
      channel: 'phone',
      summary: 'Charged twice for the same order',
      customerId: 'C1',
      topic: 'billing',
      priority: 'P3',
      queue: 'billing',
      ...overrides,
    },
    new Date('2030-01-09T10:00:00Z'),
    'agent-7',
    { queueHours: [billing] },
  );

/** Fails every hand-over while `failing`, then passes them to `inner`. */
class FlakyNotifier implements Notifier {
  failing = true;
  attempts: SlaNotification[] = [];
  constructor(private readonly inner: Notifier) {}
  async notify(notification: SlaNotification): Promise<void> {
    this.attempts.push(notification);
    if (this.failing) throw new DomainError('DEPENDENCY_UNAVAILABLE', 'topic throttled', { retryable: true });
    await this.inner.notify(notification);
  }
}

describe('the SLA monitor (DynamoDB Local, a clock the test moves)', () => {
  let tables: TestTables;
  let cases: DynamoDbCaseSystem;
  let notifications: LocalNotifications;
  let clock: TestClock;

  const run = (notifier: Notifier = notifications) => monitorSlas({ cases, notifier, clock }, policy);

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    const names = await tables.fresh();
    cases = new DynamoDbCaseSystem(tables.documents, names.cases);
    notifications = new LocalNotifications();
    clock = new TestClock('2030-01-09T10:00:00.000Z');
  });

  it('escalates a case due soon and tells its owner once, then flags and counts the breach', async () => {
    // Arrange
    await cases.createCase(phoneCase('case-1', { assignee: 'agent-7' }));

    // Act: an hour before the due time nothing is soon; 25 minutes before it is.
    clock.set('2030-01-09T13:00:00.000Z');
    const early = await run();
    clock.set('2030-01-09T13:35:00.000Z');
    const soon = await run();
    clock.set('2030-01-09T13:40:00.000Z');
    const again = await run();

    // Assert
    expect(early).toMatchObject({ checked: 1, escalated: 0, notified: 0, breaches: [] });
    expect(soon).toMatchObject({ checked: 1, escalated: 1, notified: 1, breaches: [], problems: [] });
    expect(soon.raised['first-response:due-soon']).toBe(1);
    expect(again).toMatchObject({ checked: 1, escalated: 0, notified: 0, breaches: [] });
    const warned = await cases.getCase('case-1');
    expect(warned).toMatchObject({ priority: 'P2', slaAlerts: ['first-response:due-soon'], breaches: [] });
    expect(notifications.sent()).toEqual([
      {
        id: 'sla:case-1:first-response:due-soon',
        caseId: 'case-1',
        owner: 'agent-7',
        queue: 'billing',
        kind: 'first-response:due-soon',
        priority: 'P2',
        message: 'Case case-1: first response is due Wed 9 Jan 14:00 GMT, in 25 min. Priority raised P3 → P2.',
        dueAt: '2030-01-09T14:00:00.000Z',
        raisedAt: '2030-01-09T13:35:00.000Z',
      },
    ]);

    // Act: past the due time with no response, then once more.
    clock.set('2030-01-09T14:05:00.000Z');
    const breached = await run();
    clock.set('2030-01-09T14:10:00.000Z');
    const afterwards = await run();

    // Assert: flagged and counted once; no second escalation for the same due time.
    expect(breached).toMatchObject({ escalated: 0, notified: 1, breaches: ['first-response'] });
    expect(afterwards).toMatchObject({ escalated: 0, notified: 0, breaches: [] });
    const flagged = await cases.getCase('case-1');
    expect(flagged).toMatchObject({
      priority: 'P2',
      slaAlerts: ['first-response:due-soon', 'first-response:breached'],
      breaches: ['first-response'],
    });
    expect(notifications.sent().map((sent) => sent.id)).toEqual([
      'sla:case-1:first-response:due-soon',
      'sla:case-1:first-response:breached',
    ]);
    expect(flagged?.audit.map((entry) => entry.action)).toEqual([
      'created',
      'sla-alert',
      'sla-notified',
      'sla-breached',
      'sla-notified',
    ]);
  });

  it('sends a notification whose hand-over failed again on the next run, under the same id, and then no more', async () => {
    // Arrange
    await cases.createCase(phoneCase('case-1'));
    const flaky = new FlakyNotifier(notifications);
    clock.set('2030-01-09T13:35:00.000Z');

    // Act
    const failed = await run(flaky);
    flaky.failing = false;
    clock.set('2030-01-09T13:40:00.000Z');
    const retried = await run(flaky);
    clock.set('2030-01-09T13:45:00.000Z');
    const settled = await run(flaky);

    // Assert: the alert (and escalation) was recorded before the hand-over failed, and is not raised twice.
    expect(failed).toMatchObject({ escalated: 1, notified: 0 });
    expect(failed.problems).toHaveLength(1);
    expect(failed.problems[0]).toMatchObject({ caseId: 'case-1', stage: 'notify' });
    expect(retried).toMatchObject({ escalated: 0, notified: 1, problems: [] });
    expect(retried.raised['first-response:due-soon']).toBe(0);
    expect(settled).toMatchObject({ notified: 0 });
    expect(flaky.attempts.map((attempt) => attempt.id)).toEqual([
      'sla:case-1:first-response:due-soon',
      'sla:case-1:first-response:due-soon',
    ]);
    // What was sent late says what the alert said when it was raised.
    expect(notifications.sent()).toMatchObject([{ raisedAt: '2030-01-09T13:35:00.000Z', priority: 'P2' }]);
  });

  it('notifies once when two monitors run at the same moment', async () => {
    // Arrange
    await cases.createCase(phoneCase('case-1'));
    clock.set('2030-01-09T13:35:00.000Z');

    // Act
    const [first, second] = await Promise.all([run(), run()]);

    // Assert
    expect(first.notified + second.notified).toBe(1);
    expect(first.escalated + second.escalated).toBe(1);
    expect(notifications.sent()).toHaveLength(1);
    expect((await cases.getCase('case-1'))?.priority).toBe('P2');
  });

  it('raises nothing about a first response given in time, which is recorded once, on the case a merge kept', async () => {
    // Arrange: case-2 was merged into case-1; the reply goes out on case-2's thread at 11:00.
    await cases.createCase(phoneCase('case-1'));
    await cases.createCase(phoneCase('case-2'));
    await cases.mergeCases('case-1', 'case-2', '2030-01-09T10:30:00.000Z', 'agent-7');
    clock.set('2030-01-09T11:00:00.000Z');

    // Act
    const first = await recordFirstResponse({ caseId: 'case-2', via: 'reply', by: 'agent-7' }, { cases, clock });
    clock.set('2030-01-09T12:00:00.000Z');
    const second = await recordFirstResponse({ caseId: 'case-1', via: 'note', by: 'agent-8' }, { cases, clock });
    clock.set('2030-01-09T13:50:00.000Z');
    const monitored = await run();

    // Assert
    expect(first.recorded).toBe(true);
    expect(first.case.caseId).toBe('case-1');
    expect(second.recorded).toBe(false);
    expect((await cases.getCase('case-1'))?.firstRespondedAt).toBe('2030-01-09T11:00:00.000Z');
    expect(monitored).toMatchObject({ checked: 1, notified: 0, breaches: [] });
    expect(notifications.sent()).toEqual([]);
  });

  it('reads every page of new, open and pending cases, and leaves resolved ones alone', async () => {
    // Arrange: five overdue cases in three statuses, and a resolved one.
    for (const [caseId, status] of [
      ['case-1', 'open'],
      ['case-2', 'open'],
      ['case-3', 'open'],
      ['case-4', 'pending'],
      ['case-5', 'new'],
      ['case-6', 'resolved'],
    ] as const) {
      await cases.createCase({ ...phoneCase(caseId), status });
    }
    clock.set('2030-01-09T15:00:00.000Z');

    // Act
    const outcome = await monitorSlas({ cases, notifier: notifications, clock }, { ...policy, pageSize: 2 });

    // Assert
    expect(outcome.checked).toBe(5);
    expect(outcome.breaches).toEqual(Array(5).fill('first-response'));
    expect(
      notifications
        .sent()
        .map((sent) => sent.caseId)
        .sort(),
    ).toEqual(['case-1', 'case-2', 'case-3', 'case-4', 'case-5']);
    expect((await cases.getCase('case-6'))?.slaAlerts).toEqual([]);
  });

  it('reports a case it cannot check and goes on with the others', async () => {
    // Arrange
    await cases.createCase(phoneCase('case-1'));
    await cases.createCase(phoneCase('case-2'));
    const broken = Object.assign(Object.create(cases) as DynamoDbCaseSystem, {
      changeCase: async (...args: Parameters<DynamoDbCaseSystem['changeCase']>) => {
        if (args[0] === 'case-1') throw new DomainError('DEPENDENCY_UNAVAILABLE', 'throttled', { retryable: true });
        return cases.changeCase(...args);
      },
    });
    clock.set('2030-01-09T14:30:00.000Z');

    // Act
    const outcome = await monitorSlas({ cases: broken, notifier: notifications, clock }, policy);

    // Assert
    expect(outcome.problems).toMatchObject([{ caseId: 'case-1', stage: 'check' }]);
    expect(notifications.sent().map((sent) => sent.caseId)).toEqual(['case-2']);
  });
});

describe('due times when a case moves to another queue (DynamoDB Local)', () => {
  let tables: TestTables;
  let cases: DynamoDbCaseSystem;
  const rules = RoutingRules.parse({
    fallback: 'social-care',
    queues: [
      { name: 'social-care', timeZone: 'Europe/London', hours: '24x7' },
      { ...billing, hours: { mon: ['08:00-20:00'], sat: ['09:00-17:00'] }, afterHours: 'social-care' },
    ],
    rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'billing' }],
  });
  const teamQueues: TeamQueues = { enqueue: async () => undefined };

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    cases = new DynamoDbCaseSystem(tables.documents, (await tables.fresh()).cases);
  });

  it('counts them again in the hours of the queue the case is routed to', async () => {
    // Arrange: Saturday 22:00, billing closed till Monday: opened due Monday 12:00 by billing's hours.
    const openedAt = '2030-01-05T22:00:00.000Z';
    await cases.createCase(
      aCase({
        caseId: 'case-1',
        queue: 'billing',
        createdAt: openedAt,
        due: { firstResponseAt: '2030-01-07T12:00:00.000Z', resolutionAt: '2030-01-14T12:00:00.000Z' },
      }),
    );
    const clock: Clock = { now: () => new Date(openedAt) };

    // Act: after hours, the rules send it to social care, open round the clock.
    const outcome = await routeCase('case-1', { cases, work: cases, teamQueues, clock }, rules, { duePolicy: {} });

    // Assert: 4 h (P3) from Saturday 22:00.
    expect(outcome).toMatchObject({ routed: true, decision: { queue: 'social-care' } });
    const routed = await cases.getCase('case-1');
    expect(routed?.due).toEqual({
      firstResponseAt: '2030-01-06T02:00:00.000Z',
      resolutionAt: '2030-01-08T22:00:00.000Z',
    });
    expect(routed?.audit.at(-1)).toMatchObject({
      action: 'routed',
      before: { queue: 'billing', due: { firstResponseAt: '2030-01-07T12:00:00.000Z' } },
      after: { queue: 'social-care', due: { firstResponseAt: '2030-01-06T02:00:00.000Z' } },
    });
  });

  it('keeps the due times the case was opened with when no policy is given', async () => {
    // Arrange
    const due = { firstResponseAt: '2030-01-07T12:00:00.000Z', resolutionAt: '2030-01-14T12:00:00.000Z' };
    await cases.createCase(aCase({ caseId: 'case-1', queue: 'billing', createdAt: '2030-01-05T22:00:00.000Z', due }));
    const clock: Clock = { now: () => new Date('2030-01-05T22:00:00.000Z') };

    // Act
    await routeCase('case-1', { cases, work: cases, teamQueues, clock }, rules);

    // Assert
    expect((await cases.getCase('case-1'))?.due).toEqual(due);
  });
});
