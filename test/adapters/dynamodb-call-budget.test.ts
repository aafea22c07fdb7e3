import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/adapters/dynamodb-document-client.ts';
import { DynamoDbCallBudget } from '../../lambdas/adapters/dynamodb-call-budget.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { localCredentials, localRegion } from '../../lambdas/local/dynamodb-local.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// DynamoDB Local deletes items whose `expiresAt` has passed, as DynamoDB's TTL does: a counter for
// a day long gone can vanish mid-test, so the days counted here are still to come.
const day = '2099-11-02';
let tables: TestTables;
let names: TableNames;

const counter = async (key: string) =>
  (
    await tables.documents.send(
      new GetCommand({ TableName: names.lookups, Key: { lookupKey: key }, ConsistentRead: true }),
    )
  ).Item;

describe('DynamoDbCallBudget (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
  });

  it('grants calls up to the daily limit and refuses the next one', async () => {
    // Arrange
    const budget = new DynamoDbCallBudget(tables.documents, names.lookups, 5);
    // Act
    const granted = [await budget.tryConsume(3, day), await budget.tryConsume(2, day), await budget.tryConsume(1, day)];
    // Assert
    expect(granted).toEqual([true, true, false]);
    expect(await counter(`budget#comprehend#${day}`)).toEqual({
      lookupKey: 'budget#comprehend#2099-11-02',
      calls: 5,
      // 3 days after the start of the day, in epoch seconds, for TTL.
      expiresAt: Date.parse('2099-11-05T00:00:00Z') / 1000,
    });
  });

  it('takes nothing for a request that does not fit whole', async () => {
    // Arrange
    const budget = new DynamoDbCallBudget(tables.documents, names.lookups, 5);
    await budget.tryConsume(4, day);
    // Act
    const tooMany = await budget.tryConsume(2, day);
    const lastOne = await budget.tryConsume(1, day);
    const beyondTheLimit = await budget.tryConsume(6, '2099-11-09');
    // Assert
    expect([tooMany, lastOne, beyondTheLimit]).toEqual([false, true, false]);
    expect((await counter(`budget#comprehend#${day}`))?.calls).toBe(5);
    expect(await counter('budget#comprehend#2099-11-09')).toBeUndefined();
  });

  it('starts each day afresh', async () => {
    // Arrange
    const budget = new DynamoDbCallBudget(tables.documents, names.lookups, 2);
    await budget.tryConsume(2, day);
    // Act
    const sameDay = await budget.tryConsume(1, day);
    const nextDay = await budget.tryConsume(2, '2099-11-03');
    // Assert
    expect([sameDay, nextDay]).toEqual([false, true]);
    expect((await counter('budget#comprehend#2099-11-03'))?.calls).toBe(2);
  });

  it.each([
    ['single calls', () => 1],
    ['batches of 1 to 3 calls', (i: number) => (i % 3) + 1],
  ])('never grants more than the limit to concurrent callers taking %s', async (_what, size) => {
    // Arrange: two functions' budgets on the same table, 60 requests racing for 40 calls, the
    // day's counter not yet created.
    const limit = 40;
    const first = new DynamoDbCallBudget(tables.documents, names.lookups, limit);
    const second = new DynamoDbCallBudget(tables.documents, names.lookups, limit);
    const sizes = Array.from({ length: 60 }, (_, i) => size(i));
    // Act
    const granted = await Promise.all(
      sizes.map((calls, i) => (i % 2 === 0 ? first : second).tryConsume(calls, day).then((ok) => (ok ? calls : 0))),
    );
    // Assert: what was granted is what was counted, within the limit, and the limit is used up
    // but for less than the largest request.
    const total = granted.reduce((sum, calls) => sum + calls, 0);
    expect(total).toBeLessThanOrEqual(limit);
    expect(total).toBeGreaterThan(limit - Math.max(...sizes));
    expect((await counter(`budget#comprehend#${day}`))?.calls).toBe(total);
  });

  it('grants nothing-sized requests without a write and rejects a malformed day', async () => {
    // Arrange
    const budget = new DynamoDbCallBudget(tables.documents, names.lookups, 5);
    // Act
    const zero = await budget.tryConsume(0, day);
    // Assert
    expect(zero).toBe(true);
    expect(await counter(`budget#comprehend#${day}`)).toBeUndefined();
    await expect(budget.tryConsume(1, '2099-13-45')).rejects.toThrow(RangeError);
    await expect(budget.tryConsume(1, '2 Nov 2026')).rejects.toThrow(RangeError);
  });

  it('reports an unreachable table as a retryable dependency failure', async () => {
    // Arrange
    const unreachable = documentClient({
      endpoint: 'http://127.0.0.1:9',
      region: localRegion,
      credentials: localCredentials,
      maxAttempts: 1,
    });
    const budget = new DynamoDbCallBudget(unreachable, names.lookups, 5);
    // Act
    const consumed = budget.tryConsume(1, day);
    // Assert
    await expect(consumed).rejects.toBeInstanceOf(DomainError);
    await expect(budget.tryConsume(1, day)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    unreachable.destroy();
  });
});
