import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import type { Customer } from '../../lambdas/domain/identity.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { type ConfirmSelfLinkPorts, confirmSelfLink } from '../../lambdas/use-cases/confirm-self-link.ts';
import { issueSelfLink } from '../../lambdas/use-cases/issue-self-link.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// In the future on purpose: DynamoDB Local deletes items whose TTL has passed by the real clock.
const issuedAt = '2030-01-02T10:00:00.000Z';
const customer: Customer = {
  customerId: 'C-4711',
  name: 'Ana Silva',
  email: 'ana.silva@example.com',
  phone: '+44 20 7946 0101',
  tier: 'gold',
  updatedAt: issuedAt,
};
const account = { network: 'x' as const, userId: '1001', handle: 'ana_s' };
const tokenOf = (url: string): string => url.split('/').at(-1) ?? '';

describe('issueSelfLink and confirmSelfLink (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let events: LocalEventLog;
  let now: Date;
  let ports: ConfirmSelfLinkPorts;

  const issue = () =>
    issueSelfLink(
      {
        customerId: customer.customerId,
        account,
        baseUrl: 'https://api.example.com/',
        minutes: 60,
        issuedBy: 'agent-7',
      },
      ports,
    );

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    events = new LocalEventLog();
    now = new Date(issuedAt);
    const clock = { now: () => now };
    ports = { ...dynamoDbPorts(tables.documents, names, clock), events, clock };
    await ports.directory.putCustomer(customer);
  });

  it('issues a one-time link whose message names nobody', async () => {
    // Act
    const invitation = await issue();
    // Assert
    expect(invitation.url).toMatch(/^https:\/\/api\.example\.com\/self-links\/[A-Za-z0-9_-]{43}$/);
    expect(invitation.expiresAt).toBe('2030-01-02T11:00:00.000Z');
    expect(invitation.message).toContain(invitation.url);
    expect(invitation.message).toContain('2030-01-02 11:00:00 UTC');
    // The token is random and could hold any short string by chance: look at the words around it.
    const words = invitation.message.replace(invitation.url, '');
    for (const secret of [customer.customerId, 'Ana', 'Silva', customer.email, customer.phone, 'gold']) {
      expect(words).not.toContain(secret);
    }
  });

  it('stores the digest of the token, never the token', async () => {
    // Act
    const invitation = await issue();
    // Assert
    const token = tokenOf(invitation.url);
    const { Items = [] } = await tables.documents.send(
      new ScanCommand({ TableName: names.lookups, ConsistentRead: true }),
    );
    expect(Items.map((item) => item.lookupKey)).toEqual([
      `selflink#${createHash('sha256').update(token).digest('base64url')}`,
    ]);
    expect(JSON.stringify(Items)).not.toContain(token);
    expect(Items[0]?.grant).toMatchObject({ customerId: 'C-4711', account, issuedBy: 'agent-7', issuedAt });
  });

  it('links the account as verified when the link is confirmed, moving its open case', async () => {
    // Arrange
    await ports.cases.createCase(
      aCase({ caseId: 'case-social', party: { kind: 'social', identity: account }, originChannel: 'social' }),
    );
    const invitation = await issue();
    now = new Date('2030-01-02T10:30:00.000Z');
    // Act
    const confirmed = await confirmSelfLink(tokenOf(invitation.url), ports);
    // Assert
    expect(confirmed).toEqual({ status: 'linked', network: 'x', handle: 'ana_s' });
    expect(await ports.directory.findLink(account)).toEqual({
      ...account,
      customerId: 'C-4711',
      source: 'verified-self-link',
      confidence: 1,
      linkedAt: '2030-01-02T10:30:00.000Z',
      linkedBy: 'self-link',
    });
    expect((await ports.cases.getCase('case-social'))?.party).toEqual({ kind: 'customer', customerId: 'C-4711' });
  });

  it('works once: a second confirmation is a CONFLICT', async () => {
    // Arrange
    const token = tokenOf((await issue()).url);
    await confirmSelfLink(token, ports);
    // Act
    const again = await confirmSelfLink(token, ports).catch((error: unknown) => error);
    // Assert
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already used'),
      details: { reason: 'used' },
    });
  });

  it('refuses a link opened after it expired, and links nothing', async () => {
    // Arrange
    const token = tokenOf((await issue()).url);
    now = new Date('2030-01-02T11:00:00.000Z');
    // Act
    const late = await confirmSelfLink(token, ports).catch((error: unknown) => error);
    // Assert
    expect(late).toMatchObject({
      code: 'CONFLICT',
      message: 'this link expired at 2030-01-02T11:00:00.000Z; ask us for a new one',
      details: { reason: 'expired' },
    });
    expect(await ports.directory.findLink(account)).toBeUndefined();
  });

  it('still works a moment before it expires', async () => {
    // Arrange
    const token = tokenOf((await issue()).url);
    now = new Date('2030-01-02T10:59:59.999Z');
    // Act
    const confirmed = await confirmSelfLink(token, ports);
    // Assert
    expect(confirmed.status).toBe('linked');
  });

  it.each([
    ['never issued', 'A'.repeat(43)],
    ['malformed', 'not-a-token'],
  ])('answers NOT_FOUND for a token %s', async (_what, token) => {
    // Act
    const failure = await confirmSelfLink(token, ports).catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('this link is not valid') });
  });

  it('issues nothing for a customer the directory does not know', async () => {
    // Act
    const failure = await issueSelfLink(
      { customerId: 'C-nobody', account, baseUrl: 'https://api.example.com', minutes: 60, issuedBy: 'agent-7' },
      ports,
    ).catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({ code: 'NOT_FOUND' });
    const { Items = [] } = await tables.documents.send(
      new ScanCommand({ TableName: names.lookups, ConsistentRead: true }),
    );
    expect(Items).toEqual([]);
  });
});
