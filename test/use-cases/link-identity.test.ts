import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import type { Case } from '../../lambdas/domain/case.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { type LinkIdentityPorts, linkIdentity, unlinkIdentity } from '../../lambdas/use-cases/link-identity.ts';
import { aCase } from '../support/case-builder.ts';
import { fixedClock } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const now = '2030-01-03T10:00:00.000Z';
const ana = { network: 'x' as const, userId: '1001', handle: 'ana_s' };

/** An open case opened from a post by @ana_s before anyone knew who she was. */
const socialCase = (caseId: string, overrides: Partial<Case> = {}): Case =>
  aCase({
    caseId,
    party: { kind: 'social', identity: ana },
    originChannel: 'social',
    flags: ['unknown-customer'],
    timeline: [
      {
        at: '2030-01-02T12:00:00.000Z',
        channel: 'social',
        kind: 'mention',
        summary: 'Card blocked',
        mentionId: `x:${caseId}`,
      },
    ],
    createdAt: '2030-01-02T12:00:00.000Z',
    updatedAt: '2030-01-02T12:00:00.000Z',
    ...overrides,
  });

describe('linkIdentity and unlinkIdentity (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let events: LocalEventLog;
  let ports: LinkIdentityPorts;

  const agentLink = (account: typeof ana | { network: 'x'; handle: string } = ana, customerId = 'C1') =>
    linkIdentity({ customerId, account, source: 'agent', confidence: 0.9, actor: 'agent-7' }, ports);

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    events = new LocalEventLog();
    const clock = fixedClock(now);
    ports = { ...dynamoDbPorts(tables.documents, names, clock), events, clock };
    await ports.directory.putCustomer({ customerId: 'C1', name: 'Ana Silva', updatedAt: now });
  });

  it("moves the account's open case to the customer and offers to merge it into the customer's open case", async () => {
    // Arrange
    await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
    await ports.cases.createCase(socialCase('case-social'));
    // Act
    const outcome = await agentLink();
    // Assert
    expect(outcome.link).toEqual({
      ...ana,
      customerId: 'C1',
      source: 'agent',
      confidence: 0.9,
      linkedAt: now,
      linkedBy: 'agent-7',
    });
    expect(outcome.movedCaseIds).toEqual(['case-social']);
    expect(outcome.mergeOffers).toEqual([
      {
        caseId: 'case-social',
        intoCaseId: 'case-phone',
        reason: expect.stringContaining('whose case case-phone (from phone) is open too'),
      },
    ]);
    expect(await ports.directory.findLink(ana)).toEqual(outcome.link);
    const moved = await ports.cases.getCase('case-social');
    expect(moved?.party).toEqual({ kind: 'customer', customerId: 'C1' });
    expect(moved?.flags).toEqual([]);
    expect(moved?.mergeOffer).toEqual({ caseId: 'case-phone', reason: outcome.mergeOffers[0]?.reason, offeredAt: now });
    expect(moved?.audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['merge-offered', 'agent-7'],
      ['customer-linked', 'agent-7'],
    ]);
    expect(events.events('case.merge-offered')).toEqual([
      {
        id: 'case.merge-offered:case-social:case-phone',
        type: 'case.merge-offered',
        at: now,
        detail: {
          caseId: 'case-social',
          intoCaseId: 'case-phone',
          customerId: 'C1',
          reason: outcome.mergeOffers[0]?.reason,
        },
      },
    ]);
  });

  it("starts the marketing hold when the moved case is the customer's only open one", async () => {
    // Arrange
    await ports.cases.createCase(socialCase('case-social'));
    // Act
    const outcome = await agentLink();
    // Assert
    expect(outcome.mergeOffers).toEqual([]);
    expect(events.events('case.merge-offered')).toEqual([]);
    expect(events.events('customer.service-hold').map((event) => event.detail)).toEqual([
      { customerId: 'C1', state: 'started', since: '2030-01-02T12:00:00.000Z', caseIds: ['case-social'] },
    ]);
    expect(await ports.holds.current('C1')).toMatchObject({
      marketing: 'hold',
      caseIds: ['case-social'],
      published: true,
    });
  });

  it('leaves settled cases of the account where they are', async () => {
    // Arrange
    await ports.cases.createCase(
      socialCase('case-old', { status: 'resolved', resolvedAt: '2030-01-02T13:00:00.000Z' }),
    );
    // Act
    const outcome = await agentLink();
    // Assert
    expect(outcome.movedCaseIds).toEqual([]);
    expect((await ports.cases.getCase('case-old'))?.party).toEqual({ kind: 'social', identity: ana });
  });

  it('links a handle alone without touching cases, which are kept by user id', async () => {
    // Arrange
    await ports.cases.createCase(socialCase('case-social'));
    // Act
    const outcome = await agentLink({ network: 'x', handle: '@ana_s' });
    // Assert
    expect(outcome.link).toMatchObject({ network: 'x', handle: 'ana_s', customerId: 'C1' });
    expect(outcome.movedCaseIds).toEqual([]);
    expect((await ports.cases.getCase('case-social'))?.party.kind).toBe('social');
    expect((await ports.directory.findLink({ network: 'x', userId: '1001', handle: 'ana_s' }))?.customerId).toBe('C1');
  });

  it('changes nothing more when the same link is made again', async () => {
    // Arrange
    await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
    await ports.cases.createCase(socialCase('case-social'));
    await agentLink();
    const before = await ports.cases.getCase('case-social');
    // Act
    const again = await agentLink();
    // Assert
    expect(again.movedCaseIds).toEqual([]);
    expect(await ports.cases.getCase('case-social')).toEqual(before);
    expect(await ports.directory.linksOf('C1')).toHaveLength(1);
  });

  it('announces the merge offer on a retry after the bus failed half-way', async () => {
    // Arrange: the first attempt fails when it announces the merge offer.
    await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
    await ports.cases.createCase(socialCase('case-social'));
    let failures = 1;
    const flaky: LinkIdentityPorts = {
      ...ports,
      events: {
        publish: (published) =>
          failures-- > 0 ? Promise.reject(new Error('bus unavailable')) : events.publish(published),
      },
    };
    const request = { customerId: 'C1', account: ana, source: 'agent' as const, confidence: 0.9, actor: 'agent-7' };
    await linkIdentity(request, flaky).catch(() => undefined);
    // Act
    const retried = await linkIdentity(request, flaky);
    // Assert
    expect(retried.movedCaseIds).toEqual(['case-social']);
    expect(retried.mergeOffers.map((offer) => offer.intoCaseId)).toEqual(['case-phone']);
    expect((await ports.cases.getCase('case-social'))?.audit.map((entry) => entry.action)).toEqual([
      'merge-offered',
      'customer-linked',
    ]);
    expect(events.events('case.merge-offered').map((event) => event.id)).toEqual([
      'case.merge-offered:case-social:case-phone',
    ]);
  });

  it('refuses a customer the directory does not know, and links nothing', async () => {
    // Act
    const failure = await agentLink(ana, 'C-unknown').catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no customer C-unknown') });
    expect(await ports.directory.findLink(ana)).toBeUndefined();
  });

  it("unlinks the account from the customer; the moved case stays the customer's", async () => {
    // Arrange
    await ports.cases.createCase(socialCase('case-social'));
    await agentLink();
    // Act
    const { removed } = await unlinkIdentity({ customerId: 'C1', account: { network: 'x', handle: 'ANA_S' } }, ports);
    // Assert
    expect(removed).toMatchObject([{ ...ana, customerId: 'C1' }]);
    expect(await ports.directory.findLink(ana)).toBeUndefined();
    expect((await ports.cases.getCase('case-social'))?.party).toEqual({ kind: 'customer', customerId: 'C1' });
  });

  it('answers NOT_FOUND when the account is not linked to that customer', async () => {
    // Arrange
    await ports.directory.putCustomer({ customerId: 'C2', updatedAt: now });
    await agentLink(ana, 'C2');
    // Act
    const failures = await Promise.all([
      unlinkIdentity({ customerId: 'C1', account: { network: 'x', handle: 'ana_s' } }, ports).catch(
        (error: unknown) => error,
      ),
      unlinkIdentity({ customerId: 'C1', account: { network: 'x', handle: 'nobody' } }, ports).catch(
        (error: unknown) => error,
      ),
    ]);
    // Assert
    for (const failure of failures) expect(failure).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ports.directory.findLink(ana))?.customerId).toBe('C2');
  });
});
