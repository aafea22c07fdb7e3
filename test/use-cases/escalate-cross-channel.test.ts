import { DynamoDbIdentityDirectory } from '../../lambdas/adapters/dynamodb-identity-directory.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { type EscalatePorts, escalateMention } from '../../lambdas/use-cases/escalate-mention.ts';
import { aCase } from '../support/case-builder.ts';
import { escalatePorts, fixedClock, queuedMention, testPolicy } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const complaint = (postId: string, authorId = 'u-ana') =>
  queuedMention(postId, 'I was charged twice for my order and nobody has refunded me, fix this now', {
    author: { id: authorId, handle: authorId === 'u-ana' ? 'ana' : authorId },
  });

describe('escalate: one customer, one case', () => {
  let tables: TestTables;
  let names: TableNames;
  let ports: EscalatePorts;
  let events: LocalEventLog;

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    events = new LocalEventLog();
    ports = escalatePorts(tables.documents, names, fixedClock('2030-01-03T10:00:00.000Z'), events);
    await new DynamoDbIdentityDirectory(tables.documents, names.identities, names.customers).link({
      network: 'x',
      userId: 'u-ana',
      handle: 'ana',
      customerId: 'C1',
      source: 'crm-import',
      confidence: 0.8,
      linkedAt: '2030-01-01T00:00:00.000Z',
    });
  });

  it("appends a linked author's complaint to their open phone case and notifies its owner", async () => {
    // Arrange
    await ports.cases.createCase(aCase({ caseId: 'case-phone', assignee: 'agent-7' }));
    // Act
    const outcome = await escalateMention(complaint('100'), ports, testPolicy);
    // Assert
    expect(outcome.disposition).toMatchObject({ kind: 'case-appended', caseId: 'case-phone' });
    expect(outcome.disposition.reason).toContain('customer C1 already has case case-phone open (from phone');
    expect(outcome.disposition.reason).toContain('agent-7 notified');
    const phoneCase = await ports.cases.getCase('case-phone');
    expect(phoneCase?.timeline.map((entry) => entry.channel)).toEqual(['phone', 'social']);
    expect(phoneCase?.conversations).toEqual(['x:100']);
    expect(events.events('case.customer-contacted')).toEqual([
      {
        id: 'case.customer-contacted:case-phone:x:100',
        type: 'case.customer-contacted',
        at: '2030-01-03T10:00:00.000Z',
        detail: {
          caseId: 'case-phone',
          owner: 'agent-7',
          customerId: 'C1',
          channel: 'social',
          network: 'x',
          mentionId: 'x:100',
          reopened: false,
        },
      },
    ]);
    // The hold started when the phone case was opened is announced on the first refresh.
    expect(events.events('customer.service-hold').map((event) => event.detail.state)).toEqual(['started']);
  });

  it('reopens a case resolved within the window instead of opening another', async () => {
    // Arrange
    await ports.cases.createCase(
      aCase({
        caseId: 'case-store',
        originChannel: 'store',
        status: 'resolved',
        resolvedAt: '2030-01-02T10:00:00.000Z',
      }),
    );
    // Act
    const outcome = await escalateMention(complaint('101'), ports, testPolicy);
    // Assert
    expect(outcome.disposition).toMatchObject({ kind: 'case-appended', caseId: 'case-store' });
    const reopened = await ports.cases.getCase('case-store');
    expect(reopened).toMatchObject({ status: 'open', reopenedAt: '2030-01-03T10:00:00.000Z' });
    expect(reopened?.audit.map((entry) => entry.action)).toEqual(['reopened', 'interaction-added']);
    expect(events.events('case.customer-contacted')[0]?.detail.reopened).toBe(true);
  });

  it('opens a case for the customer, and starts their hold, when they have nothing open', async () => {
    // Act
    const outcome = await escalateMention(complaint('102'), ports, testPolicy);
    // Assert
    expect(outcome.disposition.kind).toBe('case-created');
    const opened = await ports.cases.getCase(outcome.disposition.caseId ?? '');
    expect(opened).toMatchObject({ party: { kind: 'customer', customerId: 'C1' }, flags: [] });
    expect(events.events('customer.service-hold')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ customerId: 'C1', state: 'started' }) }),
    ]);
  });

  it('flags a case from an unlinked author as an unknown customer, with no hold event', async () => {
    // Act
    const outcome = await escalateMention(complaint('103', 'u-stranger'), ports, testPolicy);
    // Assert
    expect(outcome.disposition.reason).toContain('the author is not linked to a customer yet');
    const opened = await ports.cases.getCase(outcome.disposition.caseId ?? '');
    expect(opened).toMatchObject({ party: { kind: 'social' }, flags: ['unknown-customer'] });
    expect(events.events()).toEqual([]);
  });

  it('a redelivery after a crash before the disposition was recorded repeats nothing', async () => {
    // Arrange
    await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
    const crashing = {
      ...ports,
      mentions: {
        ...ports.mentions,
        getRecord: ports.mentions.getRecord.bind(ports.mentions),
        reviseRecord: ports.mentions.reviseRecord.bind(ports.mentions),
        recordDisposition: async () => {
          throw new Error('crashed before recording');
        },
      },
    };
    await expect(escalateMention(complaint('104'), crashing, testPolicy)).rejects.toThrow('crashed');
    // Act
    const outcome = await escalateMention(complaint('104'), ports, testPolicy);
    // Assert
    expect(outcome.disposition).toMatchObject({ kind: 'case-appended', caseId: 'case-phone' });
    const phoneCase = await ports.cases.getCase('case-phone');
    expect(phoneCase?.timeline).toHaveLength(2);
    const contactIds = new Set(events.events('case.customer-contacted').map((event) => event.id));
    expect(contactIds).toEqual(new Set(['case.customer-contacted:case-phone:x:104']));
  });
});
