import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbSelfLinkGrants } from '../../lambdas/adapters/dynamodb-self-link-grants.ts';
import type { SelfLinkGrant } from '../../lambdas/domain/self-link.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// In the future on purpose: DynamoDB Local deletes items whose TTL has passed by the real clock.
const grant: SelfLinkGrant = {
  tokenDigest: 'digest-1',
  customerId: 'C-1',
  account: { network: 'x', userId: '1001', handle: 'ana_s' },
  issuedAt: '2030-01-02T10:00:00.000Z',
  expiresAt: '2030-01-03T10:00:00.000Z',
  issuedBy: 'agent-7',
};

let tables: TestTables;
let names: TableNames;
let grants: DynamoDbSelfLinkGrants;

const stored = async (key: string) =>
  (
    await tables.documents.send(
      new GetCommand({ TableName: names.lookups, Key: { lookupKey: key }, ConsistentRead: true }),
    )
  ).Item;

describe('DynamoDbSelfLinkGrants (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    grants = new DynamoDbSelfLinkGrants(tables.documents, names.lookups);
  });

  it('stores the grant under its digest, with a TTL a week after it expires', async () => {
    // Act
    await grants.issue(grant);
    // Assert
    expect(await stored('selflink#digest-1')).toEqual({
      lookupKey: 'selflink#digest-1',
      grant,
      expiresAt: Date.parse('2030-01-10T10:00:00.000Z') / 1000,
    });
  });

  it('gives the grant to the first redemption and "used" to every later one', async () => {
    // Arrange
    await grants.issue(grant);
    // Act
    const first = await grants.redeem('digest-1', '2030-01-02T11:00:00.000Z');
    const second = await grants.redeem('digest-1', '2030-01-02T11:00:05.000Z');
    // Assert
    expect(first).toEqual(grant);
    expect(second).toBe('used');
    expect((await stored('selflink#digest-1'))?.usedAt).toBe('2030-01-02T11:00:00.000Z');
  });

  it('gives the grant to exactly one of many concurrent redemptions', async () => {
    // Arrange
    await grants.issue(grant);
    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => grants.redeem('digest-1', '2030-01-02T11:00:00.000Z')),
    );
    // Assert
    expect(outcomes.filter((outcome) => outcome === 'used')).toHaveLength(7);
    expect(outcomes.filter((outcome) => typeof outcome === 'object')).toEqual([grant]);
  });

  it('answers undefined for a digest never issued', async () => {
    // Act
    const outcome = await grants.redeem('never-issued', '2030-01-02T11:00:00.000Z');
    // Assert
    expect(outcome).toBeUndefined();
    expect(await stored('selflink#never-issued')).toBeUndefined();
  });

  it('does not give a used grant back its use when the issue is retried', async () => {
    // Arrange
    await grants.issue(grant);
    await grants.redeem('digest-1', '2030-01-02T11:00:00.000Z');
    // Act
    await grants.issue(grant);
    // Assert
    expect(await grants.redeem('digest-1', '2030-01-02T11:00:05.000Z')).toBe('used');
  });

  it('throws a retryable DEPENDENCY_UNAVAILABLE when the table is missing', async () => {
    // Arrange
    const broken = new DynamoDbSelfLinkGrants(tables.documents, 'no-such-table');
    // Act
    const failures = await Promise.all([
      broken.issue(grant).catch((error: unknown) => error),
      broken.redeem('digest-1', '2030-01-02T11:00:00.000Z').catch((error: unknown) => error),
    ]);
    // Assert
    for (const failure of failures) expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });
});
