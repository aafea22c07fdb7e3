import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbServiceHolds } from '../../lambdas/adapters/dynamodb-service-holds.ts';
import type { HoldState } from '../../lambdas/domain/contact-policy.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const hold: HoldState = {
  marketing: 'hold',
  since: '2030-01-02T10:00:00.000Z',
  caseIds: ['case-1', 'case-2'],
  published: false,
};

let tables: TestTables;
let names: TableNames;
let holds: DynamoDbServiceHolds;

describe('DynamoDbServiceHolds (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    holds = new DynamoDbServiceHolds(tables.documents, names.lookups);
  });

  it('knows no state for a customer never recorded', async () => {
    // Act / Assert
    expect(await holds.current('C-1')).toBeUndefined();
  });

  it('records a first state and reads it back, kept without expiry', async () => {
    // Act
    const recorded = await holds.record('C-1', hold, undefined);
    // Assert
    expect(recorded).toBe(true);
    expect(await holds.current('C-1')).toEqual(hold);
    const { Item } = await tables.documents.send(
      new GetCommand({ TableName: names.lookups, Key: { lookupKey: 'hold#C-1' }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ lookupKey: 'hold#C-1', customerId: 'C-1' });
    expect(Item?.expiresAt).toBeUndefined();
  });

  it('refuses a first state when another writer recorded one already', async () => {
    // Arrange
    await holds.record('C-1', hold, undefined);
    // Act
    const recorded = await holds.record('C-1', { ...hold, caseIds: ['case-9'] }, undefined);
    // Assert
    expect(recorded).toBe(false);
    expect(await holds.current('C-1')).toEqual(hold);
  });

  it('replaces the state only while it is still the one the writer read', async () => {
    // Arrange
    await holds.record('C-1', hold, undefined);
    const published = { ...hold, published: true };
    const ended: HoldState = { marketing: 'allowed', since: '2030-01-03T10:00:00.000Z', caseIds: [], published: false };
    // Act
    const first = await holds.record('C-1', published, hold);
    const stale = await holds.record('C-1', ended, hold);
    const withFewerCases = await holds.record('C-1', ended, { ...published, caseIds: ['case-1'] });
    const current = await holds.record('C-1', ended, published);
    // Assert
    expect([first, stale, withFewerCases, current]).toEqual([true, false, false, true]);
    expect(await holds.current('C-1')).toEqual(ended);
  });

  it('keeps each customer apart', async () => {
    // Act
    await holds.record('C-1', hold, undefined);
    // Assert
    expect(await holds.current('C-2')).toBeUndefined();
  });

  it('throws a retryable DEPENDENCY_UNAVAILABLE when the table is missing', async () => {
    // Arrange
    const broken = new DynamoDbServiceHolds(tables.documents, 'no-such-table');
    // Act
    const failures = await Promise.all([
      broken.current('C-1').catch((error: unknown) => error),
      broken.record('C-1', hold, undefined).catch((error: unknown) => error),
    ]);
    // Assert
    for (const failure of failures) expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });
});
