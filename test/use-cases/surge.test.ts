import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import { DynamoDbIdentityDirectory } from '../../lambdas/adapters/dynamodb-identity-directory.ts';
import { DynamoDbIncidentRegister } from '../../lambdas/adapters/dynamodb-incident-register.ts';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { DynamoDbSurgeWindow } from '../../lambdas/adapters/dynamodb-surge-window.ts';
import type { Case, CaseStatus } from '../../lambdas/domain/case.ts';
import { decideDisposition } from '../../lambdas/domain/decide-disposition.ts';
import type { Disposition } from '../../lambdas/domain/disposition.ts';
import { isDomainError } from '../../lambdas/domain/errors.ts';
import type { Mention } from '../../lambdas/domain/mention.ts';
import { conversationKey } from '../../lambdas/domain/new-case.ts';
import type { Reply } from '../../lambdas/domain/reply.ts';
import { defaultSurgePolicy, type SurgePolicy } from '../../lambdas/domain/surge.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import { type EscalatePorts, escalateMention } from '../../lambdas/use-cases/escalate-mention.ts';
import { type JoinSurgePolicy, joinSurge, type SurgePorts, statementIdOf } from '../../lambdas/use-cases/join-surge.ts';
import { listIncidents } from '../../lambdas/use-cases/list-incidents.ts';
import { customerOf, ownCaseIdOf } from '../../lambdas/use-cases/place-service-need.ts';
import { resolveIncident } from '../../lambdas/use-cases/resolve-incident.ts';
import { takeIntoTeamQueue } from '../../lambdas/use-cases/team-intake.ts';
import { aCase } from '../support/case-builder.ts';
import { escalatePorts, queuedMention, RecordedTeamQueues, testPolicy } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

/** Ways people say the app or site is down; each is a confident outage complaint to the classifier. */
const outageTexts = [
  'the app is down',
  "can't log in, the site is down",
  'your app keeps crashing every time I open it',
  'app down again, cannot check my account',
  'is your app down? getting a server error',
  "app won't load, been trying for 20 minutes",
  'your site has gone down again',
  'the app keeps crashing, fix it',
  'getting server error on the app all morning',
  'is there an outage? app not loading',
  'website not loading for me, is it down',
  'app crashed again and I lost my basket',
  'website is down and I need to pay my bill',
];

const start = Date.parse('2030-01-02T10:00:00.000Z');
const burstSize = 50;

/** A clock the test moves: DynamoDB Local deletes TTL'd items by the real clock, so it runs in 2030. */
class TestClock implements Clock {
  private current = start;
  now(): Date {
    return new Date(this.current);
  }
  set(at: number): void {
    this.current = at;
  }
}

/** The burst: `burstSize` different people, paraphrasing, one every 12 seconds (10 minutes in all). */
const burst = (): Mention[] =>
  Array.from({ length: burstSize }, (_, i) =>
    queuedMention(String(9000 + i), outageTexts[i % outageTexts.length] ?? '', {
      author: { id: `u-${i}`, handle: `person${i}` },
    }),
  );

describe('surges as incidents (DynamoDB Local, through escalate)', () => {
  let tables: TestTables;
  let names: TableNames;
  let clock: TestClock;
  let events: LocalEventLog;
  let teamQueues: RecordedTeamQueues;
  let ports: EscalatePorts & SurgePorts;
  let policy: typeof testPolicy & JoinSurgePolicy;

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    clock = new TestClock();
    events = new LocalEventLog();
    teamQueues = new RecordedTeamQueues();
    ports = {
      ...escalatePorts(tables.documents, names, clock, events, teamQueues),
      windows: new DynamoDbSurgeWindow(tables.documents, names.lookups),
      incidents: new DynamoDbIncidentRegister(tables.documents, names.lookups),
      replies: new DynamoDbReplyStore(tables.documents, names.replies),
    };
    policy = { ...testPolicy, surge: defaultSurgePolicy };
  });

  /**
   * What escalate does with one mention once it calls joinSurge: a confident service need whose
   * thread is on no case is offered to the surge first; when the surge does not take it, or it is
   * something else, escalate goes on as before. The disposition is recorded once either way.
   */
  const escalate = async (mention: Mention, surge: SurgePolicy = defaultSurgePolicy): Promise<Disposition> => {
    const existing = await ports.mentions.getRecord(mention.mentionId);
    if (existing) return existing.disposition;
    const [classification] = await ports.classifier.classify([mention]);
    if (!classification) throw new Error('no classification');
    const threadCaseId = await ports.conversations.findCase(conversationKey(mention));
    const ownCase = threadCaseId === ownCaseIdOf(mention.mentionId, ports.fingerprints);
    const decision = decideDisposition(
      mention,
      classification,
      threadCaseId === undefined || ownCase ? {} : { conversationCaseId: threadCaseId },
      policy,
    );
    // A delivery finishing the case an earlier attempt claimed the thread for is placed as before.
    if (decision.kind === 'case-created' && !ownCase) {
      const customerId = await customerOf(mention, ports.directory);
      const joined = await joinSurge({ mention, classification, customerId }, ports, { ...policy, surge });
      if (joined) {
        return (await ports.mentions.recordDisposition({ mention, classification, disposition: joined })).record
          .disposition;
      }
    }
    return (await escalateMention(mention, ports, policy)).disposition;
  };

  /** The team queues' consumer: routed cases go into their team's work order. */
  const drainTeamQueues = async () => {
    for (const message of teamQueues.sent.splice(0)) await takeIntoTeamQueue(message, ports);
  };

  const casesIn = async (status: CaseStatus): Promise<Case[]> => [
    ...(await ports.cases.listCases({ status, limit: 500 })).items,
  ];

  const drafts = async (): Promise<Reply[]> => ports.replies.listByState('draft', 500);

  const playBurst = async (mentions: readonly Mention[]): Promise<Disposition[]> => {
    const dispositions: Disposition[] = [];
    for (const [i, mention] of mentions.entries()) {
      clock.set(start + i * 12_000);
      dispositions.push(await escalate(mention));
      await drainTeamQueues();
    }
    return dispositions;
  };

  it('turns 50 outage mentions in 10 minutes into one incident and no duplicate agent cases', async () => {
    // Act
    const dispositions = await playBurst(burst());
    // Assert: one open case, the incident, and it alone waits for an agent.
    const open = await casesIn('open');
    expect(open).toHaveLength(1);
    const [incident] = open;
    expect(incident).toMatchObject({
      kind: 'incident',
      status: 'open',
      topic: 'outage-technical',
      queue: 'tech-support',
    });
    expect(incident?.caseId).toMatch(/^incident-outage-technical-/);
    expect(incident?.routing).toMatchObject({ rule: 'technical', queue: 'tech-support' });
    expect(incident?.party).toEqual({
      kind: 'social',
      identity: { network: 'x', userId: incident?.caseId, handle: 'incident' },
    });
    expect(incident?.incident).toMatchObject({ topic: 'outage-technical', mentions: defaultSurgePolicy.threshold });
    expect(await casesIn('new')).toEqual([]);
    expect(await casesIn('pending')).toEqual([]);
    expect(
      (await new DynamoDbCaseSystem(tables.documents, names.cases).waitingIn('tech-support', 100)).map(
        (value) => value.caseId,
      ),
    ).toEqual([incident?.caseId]);
    // The cases the first mentions opened before the threshold were folded into the incident.
    const beforeThreshold = defaultSurgePolicy.threshold - 1;
    const closed = await casesIn('closed');
    expect(closed).toHaveLength(beforeThreshold);
    expect(closed.every((value) => value.mergedInto === incident?.caseId)).toBe(true);
    expect(incident?.mergedFrom).toHaveLength(beforeThreshold);
    // Every mention has one disposition, and every one of them is on the incident.
    expect(dispositions).toHaveLength(burstSize);
    expect(dispositions.slice(0, beforeThreshold).every((value) => value.kind === 'case-created')).toBe(true);
    expect(dispositions.slice(beforeThreshold).every((value) => value.kind === 'case-appended')).toBe(true);
    expect(dispositions.slice(beforeThreshold).every((value) => value.caseId === incident?.caseId)).toBe(true);
    expect(dispositions[beforeThreshold]?.reason).toMatch(
      new RegExp(
        `^opened incident ${incident?.caseId}: 10 mentions about outage-technical in 2 min \\(outage-technical:app\\+`,
      ),
    );
    expect(dispositions.at(-1)?.reason).toBe(
      `part of incident ${incident?.caseId} (50 mentions about outage-technical in 10 min)`,
    );
    expect(new Set(incident?.timeline.map((entry) => entry.mentionId))).toEqual(
      new Set(burst().map((mention) => mention.mentionId)),
    );
    // One holding statement, drafted for the social team on the thread that opened the incident.
    const statements = await drafts();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      replyId: statementIdOf(incident?.caseId ?? ''),
      itemId: incident?.caseId,
      mentionId: 'x:9009',
      kind: 'public',
      state: 'draft',
      createdBy: 'bridge',
    });
    expect(statements[0]?.text).toMatch(/^We know many of you are having trouble with our app and website/);
    expect(events.events('incident.opened')).toEqual([
      {
        id: `incident.opened:${incident?.caseId}`,
        type: 'incident.opened',
        at: '2030-01-02T10:01:48.000Z',
        detail: {
          caseId: incident?.caseId,
          topic: 'outage-technical',
          signature: incident?.incident?.signature,
          startedAt: '2030-01-02T10:00:00.000Z',
          mentions: 10,
          queue: 'tech-support',
          statementReplyId: statementIdOf(incident?.caseId ?? ''),
        },
      },
    ]);
    // The social team sees it among the open incidents.
    const listed = await listIncidents(ports);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      mentions: 50,
      case: { caseId: incident?.caseId, incident: { mentions: 50 } },
    });
    expect(listed.items[0]?.statement?.replyId).toBe(statementIdOf(incident?.caseId ?? ''));
  });

  it('changes nothing when the burst is delivered again', async () => {
    // Arrange
    const mentions = burst();
    const first = await playBurst(mentions);
    const before = {
      open: await casesIn('open'),
      closed: await casesIn('closed'),
      drafts: await drafts(),
      events: events.events().length,
    };
    // Act
    const again = await playBurst(mentions);
    // Assert
    expect(again).toEqual(first);
    expect(await casesIn('open')).toEqual(before.open);
    expect(await casesIn('closed')).toEqual(before.closed);
    expect(await drafts()).toEqual(before.drafts);
    expect(events.events()).toHaveLength(before.events);
    expect(await ports.incidents.memberCount(before.open[0]?.caseId ?? '')).toBe(burstSize);
  });

  it('drafts one closure reply per person when the incident is resolved, once', async () => {
    // Arrange: one person wrote twice (they hear back once, on their latest post), one wrote
    // directly (answered directly), one left a review (the bridge cannot answer there).
    const mentions = [
      ...burst(),
      queuedMention('9999', 'app is still down!!!', {
        author: { id: 'u-3', handle: 'person3' },
        createdAt: '2026-11-02T09:30:00Z',
      }),
      queuedMention('9998', 'your app is down, I cannot log in', {
        author: { id: 'u-dm', handle: 'dm' },
        direct: true,
      }),
      queuedMention('9997', 'the app is down, again', { network: 'review', author: { id: 'u-rv', handle: 'rv' } }),
    ];
    const dispositions = await playBurst(mentions);
    const [incident] = await casesIn('open');
    const incidentId = incident?.caseId ?? '';
    expect(dispositions.slice(-3).map((value) => value.caseId)).toEqual([incidentId, incidentId, incidentId]);
    clock.set(start + 60 * 60_000);
    // Act
    const outcome = await resolveIncident(incidentId, 'lead-1', ports, defaultSurgePolicy);
    const again = await resolveIncident(incidentId, 'lead-1', ports, defaultSurgePolicy);
    // Assert
    const people = burstSize + 2;
    expect(outcome.resolved).toBe(true);
    expect(outcome.closures).toEqual({ drafted: people - 1, existing: 0, unreachable: 1 });
    expect(again).toMatchObject({ resolved: false, closures: { drafted: 0, existing: people - 1, unreachable: 1 } });
    expect(await ports.cases.getCase(incidentId)).toMatchObject({
      status: 'resolved',
      resolvedAt: '2030-01-02T11:00:00.000Z',
    });
    expect((await ports.cases.getCase(incidentId))?.audit.at(-1)).toMatchObject({
      actor: 'lead-1',
      action: 'status-changed',
      after: { status: 'resolved' },
    });
    const closures = (await drafts()).filter((reply) => reply.replyId.startsWith('closure-'));
    expect(closures).toHaveLength(people - 1);
    expect(new Set(closures.map((reply) => reply.recipientId ?? reply.inReplyTo)).size).toBe(people - 1);
    expect(closures.every((reply) => reply.itemId === incidentId && reply.createdBy === 'bridge')).toBe(true);
    expect(closures.find((reply) => reply.mentionId === 'x:9999')?.text).toMatch(
      /^Hi @person3, the trouble with our app and website is fixed now/,
    );
    expect(closures.some((reply) => reply.mentionId === 'x:9003')).toBe(false);
    expect(closures.find((reply) => reply.mentionId === 'x:9998')).toMatchObject({
      kind: 'direct',
      recipientId: 'u-dm',
    });
    expect(closures.filter((reply) => reply.kind === 'public')).toHaveLength(people - 2);
    expect(events.events('incident.resolved')).toHaveLength(2);
    expect(events.events('incident.resolved')[0]).toMatchObject({
      id: `incident.resolved:${incidentId}`,
      at: '2030-01-02T11:00:00.000Z',
      detail: {
        caseId: incidentId,
        topic: 'outage-technical',
        resolvedBy: 'lead-1',
        mentions: burstSize + 3,
        people,
        closureReplies: people - 1,
      },
    });
    expect((await listIncidents(ports)).items).toEqual([]);
  });

  it('keeps a sample of the mentions on the timeline and every one of them in the register', async () => {
    // Arrange
    const mentions = burst().slice(0, 20);
    // Act
    for (const [i, mention] of mentions.entries()) {
      clock.set(start + i * 12_000);
      await escalate(mention, { ...defaultSurgePolicy, timelineMentions: 12 });
    }
    // Assert
    const [incident] = await casesIn('open');
    expect(incident?.timeline.filter((entry) => entry.mentionId !== undefined)).toHaveLength(12);
    expect(await ports.incidents.memberCount(incident?.caseId ?? '')).toBe(20);
    expect((await ports.incidents.members(incident?.caseId ?? '')).sort()).toEqual(
      mentions.map((mention) => mention.mentionId).sort(),
    );
  });

  it('resolves incidents only', async () => {
    // Arrange
    await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
    // Act / Assert
    await expect(resolveIncident('case-phone', 'lead-1', ports, defaultSurgePolicy)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(resolveIncident('incident-none', 'lead-1', ports, defaultSurgePolicy)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await ports.cases.getCase('case-phone')).toMatchObject({ status: 'open' });
  });

  it('takes no more mentions into a resolved incident: the next outage is placed as usual, then counted afresh', async () => {
    // Arrange
    await playBurst(burst());
    const [incident] = await casesIn('open');
    await resolveIncident(incident?.caseId ?? '', 'lead-1', ports, defaultSurgePolicy);
    clock.set(start + 11 * 60_000);
    // Act
    const next = await escalate(
      queuedMention('7000', 'the app is down again', { author: { id: 'u-new', handle: 'newbie' } }),
    );
    // Assert
    expect(next.kind).toBe('case-created');
    expect(next.caseId).not.toBe(incident?.caseId);
  });

  it('keeps a linked customer with an open case on that case, uncounted', async () => {
    // Arrange
    await new DynamoDbIdentityDirectory(tables.documents, names.identities, names.customers).link({
      network: 'x',
      userId: 'u-ana',
      handle: 'ana',
      customerId: 'C1',
      source: 'crm-import',
      confidence: 0.8,
      linkedAt: '2030-01-01T00:00:00.000Z',
    });
    await ports.cases.createCase(aCase({ caseId: 'case-phone', updatedAt: '2030-01-02T09:00:00.000Z' }));
    await playBurst(burst().slice(0, 20));
    // Act
    const disposition = await escalate(
      queuedMention('8000', 'the app is down', { author: { id: 'u-ana', handle: 'ana' } }),
    );
    // Assert
    expect(disposition).toMatchObject({ kind: 'case-appended', caseId: 'case-phone' });
    const [, incident] = (await casesIn('open')).sort((a, b) => a.caseId.localeCompare(b.caseId));
    expect(await ports.incidents.memberCount(incident?.caseId ?? '')).toBe(20);
  });

  it("folds a linked customer's case into the incident and leaves the incident nobody's case", async () => {
    // Arrange: the first mention of the surge comes from a linked customer with no case yet.
    await new DynamoDbIdentityDirectory(tables.documents, names.identities, names.customers).link({
      network: 'x',
      userId: 'u-0',
      handle: 'person0',
      customerId: 'C7',
      source: 'crm-import',
      confidence: 0.8,
      linkedAt: '2030-01-01T00:00:00.000Z',
    });
    // Act
    const dispositions = await playBurst(burst().slice(0, 12));
    // Assert
    const [incident] = await casesIn('open');
    expect(incident?.kind).toBe('incident');
    expect(incident?.party).toEqual({
      kind: 'social',
      identity: { network: 'x', userId: incident?.caseId, handle: 'incident' },
    });
    expect(await ports.cases.casesOfParty({ kind: 'customer', customerId: 'C7' }, 10)).toEqual([
      expect.objectContaining({ caseId: dispositions[0]?.caseId, status: 'closed', mergedInto: incident?.caseId }),
    ]);
  });

  it('lets other needs go their own way during a surge', async () => {
    // Arrange
    await playBurst(burst().slice(0, 15));
    // Act
    const billing = await escalate(
      queuedMention('6000', 'charged twice for my subscription, I want a refund', {
        author: { id: 'u-bill', handle: 'bill' },
      }),
    );
    // Assert
    expect(billing.kind).toBe('case-created');
    const created = await ports.cases.getCase(billing.caseId ?? '');
    expect(created).toMatchObject({ kind: 'case', topic: 'billing' });
  });

  it('opens one incident when a burst is escalated by consumers running at once', async () => {
    // Arrange: a lower threshold, and every delivery retried as the queue would while it fails retryably.
    const surge = { ...defaultSurgePolicy, threshold: 5 };
    const deliver = async (mention: Mention): Promise<Disposition> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await escalate(mention, surge);
        } catch (error) {
          if (!(isDomainError(error) && error.retryable) || attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
    };
    // Act
    const dispositions = await Promise.all(burst().slice(0, 20).map(deliver));
    await drainTeamQueues();
    // Assert
    const open = await casesIn('open');
    expect(open.map((value) => value.kind)).toEqual(['incident']);
    const incidentId = open[0]?.caseId;
    const onIncident = await Promise.all(
      dispositions.map(async (value) => {
        const placed = await ports.cases.getCase(value.caseId ?? '');
        return placed?.mergedInto ?? placed?.caseId;
      }),
    );
    expect(new Set(onIncident)).toEqual(new Set([incidentId]));
    expect(await ports.incidents.memberCount(incidentId ?? '')).toBe(20);
    expect(new Set(events.events('incident.opened').map((event) => event.id))).toEqual(
      new Set([`incident.opened:${incidentId}`]),
    );
    expect((await drafts()).filter((reply) => reply.replyId.startsWith('statement-'))).toHaveLength(1);
  });
});
