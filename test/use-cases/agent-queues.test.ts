import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import type { Case, CaseInput } from '../../lambdas/domain/case.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { RoutingRules } from '../../lambdas/domain/routing-rules.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import type { TeamQueues } from '../../lambdas/ports/team-queues.ts';
import type { WorkQueue } from '../../lambdas/ports/work-queue.ts';
import { addCaseNote } from '../../lambdas/use-cases/add-case-note.ts';
import { claimNextCase } from '../../lambdas/use-cases/claim-next-case.ts';
import { listAgentQueues } from '../../lambdas/use-cases/list-agent-queues.ts';
import { refreshServiceHold } from '../../lambdas/use-cases/refresh-service-hold.ts';
import { releaseCase } from '../../lambdas/use-cases/release-case.ts';
import { resolveCase } from '../../lambdas/use-cases/resolve-case.ts';
import { type RouteCasePorts, routeCase } from '../../lambdas/use-cases/route-case.ts';
import { takeIntoTeamQueue } from '../../lambdas/use-cases/team-intake.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// Wednesday 2030-01-09 at noon in London. In 2030 on purpose: DynamoDB Local expires TTL items by the real clock.
const now = '2030-01-09T12:00:00.000Z';
const clock: Clock = { now: () => new Date(now) };

const rules = RoutingRules.parse({
  fallback: 'care',
  vipTiers: ['vip'],
  queues: [
    { name: 'care', timeZone: 'Europe/London', hours: '24x7' },
    {
      name: 'billing',
      timeZone: 'Europe/London',
      hours: '24x7',
      overflow: { whenWaitingAtLeast: 2, to: 'care' },
    },
    { name: 'vip', timeZone: 'Europe/London', hours: '24x7' },
    { name: 'spanish', timeZone: 'Europe/Madrid', hours: '24x7' },
    // Never open: only a person's choice puts a case here.
    { name: 'claims', timeZone: 'Europe/London', hours: {}, afterHours: 'care' },
  ],
  rules: [
    { name: 'vip-customers', when: { vip: true }, queue: 'vip' },
    { name: 'spanish-speakers', when: { language: 'es' }, queue: 'spanish' },
    { name: 'billing', when: { topic: 'billing' }, queue: 'billing' },
  ],
});

/** Records hand-overs instead of sending them, so the test decides when the consumer runs. */
class RecordedTeamQueues implements TeamQueues {
  readonly sent: { queue: string; caseId: string }[] = [];
  async enqueue(queue: string, caseId: string): Promise<void> {
    this.sent.push({ queue, caseId });
  }
}

/** An open billing case with no queue decision yet. */
const newCase = (caseId: string, overrides: Partial<CaseInput> = {}): Case =>
  aCase({ caseId, queue: 'billing', createdAt: now, updatedAt: now, ...overrides });

const due = (firstResponseAt: string) => ({ firstResponseAt, resolutionAt: '2030-01-20T00:00:00.000Z' });

describe('routing and agent queues (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let stores: ReturnType<typeof dynamoDbPorts>;
  let teamQueues: RecordedTeamQueues;
  let events: LocalEventLog;
  let ports: RouteCasePorts & { readonly work: WorkQueue };

  /** What the team queue's consumer does with every hand-over so far. */
  const deliverHandOvers = async () => {
    for (const message of teamQueues.sent.splice(0)) await takeIntoTeamQueue(message, ports);
  };
  /** Creates the cases, routes each and lets the team queues' consumer take them in. */
  const routedAndQueued = async (...cases: Case[]) => {
    for (const value of cases) {
      await stores.cases.createCase(value);
      await routeCase(value.caseId, ports, rules);
    }
    await deliverHandOvers();
  };

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    stores = dynamoDbPorts(tables.documents, names, clock);
    teamQueues = new RecordedTeamQueues();
    events = new LocalEventLog();
    ports = { cases: stores.cases, work: stores.cases, teamQueues, clock, directory: stores.directory };
  });

  describe('routeCase', () => {
    it('writes the decision and its reason on the case, hands it over, and the consumer puts it in the work order', async () => {
      // Arrange
      await stores.cases.createCase(newCase('case-1', { queue: 'social-care' }));
      // Act
      const outcome = await routeCase('case-1', ports, rules);
      const handedOver = [...teamQueues.sent];
      await deliverHandOvers();
      // Assert
      expect(outcome).toMatchObject({ routed: true, changed: true, decision: { rule: 'billing', queue: 'billing' } });
      expect(handedOver).toEqual([{ queue: 'billing', caseId: 'case-1' }]);
      const stored = await stores.cases.getCase('case-1');
      expect(stored?.queue).toBe('billing');
      expect(stored?.routing).toEqual({
        rule: 'billing',
        queue: 'billing',
        reason: 'rule "billing" (topic billing) → billing',
        at: now,
      });
      expect(stored?.queuedAt).toBe(now);
      expect(stored?.audit.map((entry) => entry.action)).toEqual(['routed', 'queued']);
      expect(stored?.audit[0]).toMatchObject({
        actor: 'bridge',
        before: { queue: 'social-care' },
        after: { queue: 'billing', rule: 'billing' },
        note: 'rule "billing" (topic billing) → billing',
      });
      expect((await stores.cases.waitingIn('billing', 10)).map((value) => value.caseId)).toEqual(['case-1']);
    });

    it('is safe to repeat: one decision, handed over again only until the case is in the work order', async () => {
      // Arrange
      await stores.cases.createCase(newCase('case-1'));
      // Act
      await routeCase('case-1', ports, rules);
      const again = await routeCase('case-1', ports, rules);
      const handedOverBeforeIntake = teamQueues.sent.length;
      await deliverHandOvers();
      await deliverHandOvers();
      const afterIntake = await routeCase('case-1', ports, rules);
      // Assert
      expect(again).toMatchObject({ routed: true, changed: false });
      expect(handedOverBeforeIntake).toBe(2);
      expect(afterIntake).toMatchObject({ routed: true, changed: false });
      expect(teamQueues.sent).toEqual([]);
      const stored = await stores.cases.getCase('case-1');
      expect(stored?.audit.map((entry) => entry.action)).toEqual(['routed', 'queued']);
    });

    it('takes the tier from the directory and the language from the caller', async () => {
      // Arrange
      await stores.directory.putCustomer({ customerId: 'C-VIP', tier: 'VIP', updatedAt: now });
      await stores.cases.createCase(newCase('case-vip', { party: { kind: 'customer', customerId: 'C-VIP' } }));
      await stores.cases.createCase(newCase('case-es'));
      // Act
      const vip = await routeCase('case-vip', ports, rules);
      const spanish = await routeCase('case-es', ports, rules, { language: 'es' });
      // Assert
      expect(vip).toMatchObject({
        routed: true,
        decision: { rule: 'vip-customers', queue: 'vip', reason: 'rule "vip-customers" (VIP customer) → vip' },
      });
      expect(spanish).toMatchObject({ routed: true, decision: { rule: 'spanish-speakers', queue: 'spanish' } });
    });

    it('counts the cases waiting now: with two waiting in billing the third overflows to care', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'), newCase('case-2'));
      await stores.cases.createCase(newCase('case-3'));
      // Act
      const third = await routeCase('case-3', ports, rules);
      // Assert
      expect(third).toMatchObject({
        routed: true,
        decision: {
          queue: 'care',
          reason: 'rule "billing" (topic billing) → billing; billing has 2 waiting (overflows at 2) → care',
        },
      });
    });

    it('routing a waiting case again does not count the case against itself', async () => {
      // Arrange: case-1 and case-2 wait in billing; case-2 is routed again after a change.
      await routedAndQueued(newCase('case-1'), newCase('case-2'));
      // Act
      const rerouted = await routeCase('case-2', ports, rules, { reroute: true });
      // Assert
      expect(rerouted).toMatchObject({ routed: true, changed: false, decision: { queue: 'billing' } });
    });

    it('follows a person’s choice whatever the hours, and refuses a queue that does not exist', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'));
      // Act
      const assigned = await routeCase('case-1', ports, rules, { queue: 'claims', actor: 'sam' });
      const unknown = await routeCase('case-1', ports, rules, { queue: 'payroll', actor: 'sam' }).catch((e) => e);
      // Assert
      expect(assigned).toMatchObject({
        routed: true,
        changed: true,
        decision: { rule: 'assigned', queue: 'claims', reason: 'assigned to claims by sam' },
      });
      expect(teamQueues.sent).toEqual([{ queue: 'claims', caseId: 'case-1' }]);
      expect((await stores.cases.waitingIn('claims', 10)).map((value) => value.caseId)).toEqual(['case-1']);
      expect((await stores.cases.getCase('case-1'))?.audit.at(-1)).toMatchObject({ action: 'routed', actor: 'sam' });
      expect(unknown).toBeInstanceOf(DomainError);
      expect(unknown).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'there is no team queue "payroll"; the queues are care, billing, vip, spanish, claims',
      });
    });

    it('leaves a case that is no longer open alone', async () => {
      // Arrange
      await stores.cases.createCase(newCase('case-1', { status: 'resolved', resolvedAt: now }));
      // Act
      const outcome = await routeCase('case-1', ports, rules);
      // Assert
      expect(outcome).toMatchObject({ routed: false, reason: 'case case-1 is resolved; only open cases are routed' });
      expect(teamQueues.sent).toEqual([]);
      expect((await stores.cases.getCase('case-1'))?.audit).toEqual([]);
    });
  });

  describe('claimNextCase', () => {
    it('hands out P1 before P2 and, within a priority, the earliest due first', async () => {
      // Arrange
      await routedAndQueued(
        newCase('p2-early', { priority: 'P2', due: due('2030-01-09T13:00:00.000Z') }),
        newCase('p1-late', { priority: 'P1', due: due('2030-01-09T18:00:00.000Z') }),
        newCase('p1-early', { priority: 'P1', due: due('2030-01-09T14:00:00.000Z') }),
      );
      // Act
      const order: (string | undefined)[] = [];
      for (let n = 0; n < 4; n += 1) order.push((await claimNextCase('billing', `agent-${n}`, ports))?.caseId);
      // Assert
      expect(order).toEqual(['p1-early', 'p1-late', 'p2-early', undefined]);
      const claimed = await stores.cases.getCase('p1-early');
      expect(claimed?.assignee).toBe('agent-0');
      expect(claimed?.audit.at(-1)).toMatchObject({ action: 'claimed', actor: 'agent-0' });
    });

    it('returns the claimed case with the customer’s story across channels', async () => {
      // Arrange: the customer also has a store case from last week.
      await stores.cases.createCase(
        newCase('store-1', {
          originChannel: 'store',
          status: 'resolved',
          resolvedAt: '2030-01-01T12:00:00.000Z',
          createdAt: '2030-01-01T10:00:00.000Z',
          timeline: [{ at: '2030-01-01T10:00:00.000Z', channel: 'store', kind: 'visit', summary: 'Returned a kettle' }],
        }),
      );
      await routedAndQueued(newCase('case-1'));
      // Act
      const claimed = await claimNextCase('billing', 'agent-1', ports);
      // Assert
      expect(claimed?.caseId).toBe('case-1');
      expect(claimed?.routing?.rule).toBe('billing');
      expect(claimed?.customerTimeline?.map((entry) => `${entry.caseId}:${entry.summary}`)).toEqual([
        'store-1:Returned a kettle',
        'case-1:Charged twice',
      ]);
    });

    it('gives two agents claiming at once two different cases', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'), newCase('case-2'));
      // Act
      const [first, second] = await Promise.all([
        claimNextCase('billing', 'ana', ports),
        claimNextCase('billing', 'ben', ports),
      ]);
      // Assert
      expect(new Set([first?.caseId, second?.caseId])).toEqual(new Set(['case-1', 'case-2']));
      expect(first?.assignee).toBe('ana');
      expect(second?.assignee).toBe('ben');
    });

    it('skips a case the index still lists after someone else took it', async () => {
      // Arrange: the index lags; it still offers case-1, which ana already holds.
      await routedAndQueued(newCase('case-1'), newCase('case-2'));
      const stale = await stores.cases.waitingIn('billing', 5);
      await claimNextCase('billing', 'ana', ports);
      const laggingIndex: WorkQueue = { waitingIn: async () => stale };
      // Act
      const claimed = await claimNextCase('billing', 'ben', { ...ports, work: laggingIndex });
      // Assert
      expect(claimed?.caseId).toBe('case-2');
      expect((await stores.cases.getCase('case-1'))?.assignee).toBe('ana');
    });

    it('gives back a case the index listed after it was resolved, and finds none', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'));
      const stale = await stores.cases.waitingIn('billing', 5);
      await stores.cases.changeCase('case-1', { kind: 'status', to: 'resolved' }, now, 'agent-9');
      // Act
      const claimed = await claimNextCase('billing', 'ben', { ...ports, work: { waitingIn: async () => stale } });
      // Assert
      expect(claimed).toBeUndefined();
      const stored = await stores.cases.getCase('case-1');
      expect(stored?.assignee).toBeUndefined();
      expect(stored?.audit.map((entry) => entry.action).slice(-2)).toEqual(['claimed', 'released']);
    });
  });

  describe('releaseCase', () => {
    it('puts the case back in its place: the next claim gets it again', async () => {
      // Arrange
      await routedAndQueued(
        newCase('p1', { priority: 'P1' }),
        newCase('p3', { priority: 'P3', due: due('2030-01-09T12:30:00.000Z') }),
      );
      const first = await claimNextCase('billing', 'ana', ports);
      // Act
      const released = await releaseCase({ caseId: 'p1', user: 'ana', mayReleaseOthers: false }, ports);
      const next = await claimNextCase('billing', 'ben', ports);
      // Assert
      expect(first?.caseId).toBe('p1');
      expect(released).toMatchObject({ changed: true, case: { caseId: 'p1', queue: 'billing' } });
      expect(released.case.assignee).toBeUndefined();
      expect(next?.caseId).toBe('p1');
      expect(next?.assignee).toBe('ben');
    });

    it('lets only the holder or a lead release a case', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'));
      await claimNextCase('billing', 'ana', ports);
      // Act
      const byOther = await releaseCase({ caseId: 'case-1', user: 'ben', mayReleaseOthers: false }, ports).catch(
        (error) => error,
      );
      const byLead = await releaseCase({ caseId: 'case-1', user: 'lee', mayReleaseOthers: true }, ports);
      // Assert
      expect(byOther).toMatchObject({
        code: 'FORBIDDEN',
        message: 'case case-1 is held by ana; only they or a lead can give it back',
      });
      expect(byLead.changed).toBe(true);
      expect(byLead.case.audit.at(-1)).toMatchObject({ action: 'released', actor: 'lee', before: { assignee: 'ana' } });
    });
  });

  describe('addCaseNote', () => {
    it('puts the agent’s note on the timeline once per idempotency key, and refuses an empty one', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'));
      const note = { caseId: 'case-1', body: { text: '  Refund issued, told the customer  ' }, user: 'ana' };
      // Act
      const first = await addCaseNote({ ...note, idempotencyKey: 'k-1' }, ports);
      const again = await addCaseNote({ ...note, idempotencyKey: 'k-1' }, ports);
      const empty = await addCaseNote({ ...note, body: { text: ' ' } }, ports).catch((error) => error);
      // Assert
      expect([first.appended, again.appended]).toEqual([true, false]);
      const stored = await stores.cases.getCase('case-1');
      expect(stored?.timeline.at(-1)).toEqual({
        at: now,
        channel: 'web',
        kind: 'note',
        summary: 'Refund issued, told the customer',
        by: 'ana',
        interactionId: 'note:k-1',
      });
      expect(stored?.timeline).toHaveLength(2);
      expect(empty).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'the note is invalid: text: must not be empty',
      });
    });
  });

  describe('resolveCase', () => {
    it('resolves the case with the agent’s note and ends the customer’s marketing hold', async () => {
      // Arrange: the customer's only open case holds marketing.
      const followedUp: string[] = [];
      const holdPorts = {
        cases: stores.cases,
        holds: stores.holds,
        events,
        clock,
        afterResolution: async (caseId: string) => {
          followedUp.push(caseId);
        },
      };
      await routedAndQueued(newCase('case-1'));
      await refreshServiceHold('C1', holdPorts);
      // Act
      const outcome = await resolveCase({ caseId: 'case-1', body: { note: 'Refunded' }, user: 'ana' }, holdPorts);
      // Assert
      expect(followedUp).toEqual(['case-1']);
      expect(outcome.changed).toBe(true);
      expect(outcome.case).toMatchObject({ status: 'resolved', resolvedAt: now });
      expect(outcome.case.audit.at(-1)).toMatchObject({ action: 'status-changed', actor: 'ana', note: 'Refunded' });
      expect(events.events('customer.service-hold').map((event) => event.detail.state)).toEqual(['started', 'ended']);
      expect((await stores.holds.current('C1'))?.marketing).toBe('allowed');
      expect(await stores.cases.waitingIn('billing', 10)).toEqual([]);
    });
  });

  describe('listAgentQueues', () => {
    it('lists every team queue with its waiting cases, whether it is open now, and its zone', async () => {
      // Arrange
      await routedAndQueued(newCase('case-1'), newCase('case-2'));
      await claimNextCase('billing', 'ana', ports);
      // Act
      const { queues } = await listAgentQueues(rules, ports);
      // Assert
      expect(queues).toEqual([
        { queue: 'care', waiting: 0, more: false, open: true, timeZone: 'Europe/London' },
        { queue: 'billing', waiting: 1, more: false, open: true, timeZone: 'Europe/London' },
        { queue: 'vip', waiting: 0, more: false, open: true, timeZone: 'Europe/London' },
        { queue: 'spanish', waiting: 0, more: false, open: true, timeZone: 'Europe/Madrid' },
        { queue: 'claims', waiting: 0, more: false, open: false, timeZone: 'Europe/London' },
      ]);
    });
  });

  describe('takeIntoTeamQueue', () => {
    it('leaves a case merged into another out of the work order', async () => {
      // Arrange
      await stores.cases.createCase(newCase('target'));
      await stores.cases.createCase(newCase('source'));
      await routeCase('source', ports, rules);
      await stores.cases.mergeCases('target', 'source', now, 'ana');
      // Act
      const outcome = await takeIntoTeamQueue({ caseId: 'source', queue: 'billing' }, ports);
      // Assert
      expect(outcome).toEqual({ queued: false, reason: 'case source was merged into target' });
      expect((await stores.cases.getCase('source'))?.queuedAt).toBeUndefined();
    });
  });
});
