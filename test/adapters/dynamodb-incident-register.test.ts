import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIncidentRegister, memberPages } from '../../lambdas/adapters/dynamodb-incident-register.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

let tables: TestTables;
let names: TableNames;
let register: DynamoDbIncidentRegister;

describe('DynamoDbIncidentRegister (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    register = new DynamoDbIncidentRegister(tables.documents, names.lookups);
  });

  it('knows nothing of an incident never registered', async () => {
    // Act / Assert
    expect(await register.members('incident-1')).toEqual([]);
    expect(await register.memberCount('incident-1')).toBe(0);
    expect(await register.openIncidents()).toEqual([]);
  });

  it('counts a mention into an incident once, however often it is added', async () => {
    // Act
    const first = await register.addMember('incident-1', 'x:1');
    const again = await register.addMember('incident-1', 'x:1');
    const second = await register.addMember('incident-1', 'x:2');
    // Assert
    expect([first, again, second]).toEqual([
      { added: true, members: 1 },
      { added: false, members: 1 },
      { added: true, members: 2 },
    ]);
    expect((await register.members('incident-1')).sort()).toEqual(['x:1', 'x:2']);
    expect(await register.members('incident-2')).toEqual([]);
  });

  it('lists every member across its pages, kept without expiry', async () => {
    // Arrange
    const ids = Array.from({ length: 60 }, (_, i) => `x:${1000 + i}`);
    // Act
    for (const id of ids) await register.addMember('incident-1', id);
    // Assert
    expect((await register.members('incident-1')).sort()).toEqual([...ids].sort());
    expect(await register.memberCount('incident-1')).toBe(60);
    const pages = await Promise.all(
      Array.from({ length: memberPages }, (_, page) =>
        tables.documents.send(
          new GetCommand({ TableName: names.lookups, Key: { lookupKey: `incident#incident-1#members#${page}` } }),
        ),
      ),
    );
    expect(pages.filter(({ Item }) => Item !== undefined).length).toBeGreaterThan(1);
    expect(pages.every(({ Item }) => Item?.expiresAt === undefined)).toBe(true);
  });

  it('adds one mention once when callers race to add it', async () => {
    // Act
    const results = await Promise.all(Array.from({ length: 10 }, () => register.addMember('incident-1', 'x:7')));
    // Assert
    expect(results.filter((result) => result.added)).toHaveLength(1);
    expect(await register.memberCount('incident-1')).toBe(1);
  });

  it('lists the open incidents, and not the ended ones', async () => {
    // Act
    await register.markOpen('incident-1');
    await register.markOpen('incident-2');
    await register.markOpen('incident-1');
    await register.markEnded('incident-2');
    await register.markEnded('incident-3');
    // Assert
    expect(await register.openIncidents()).toEqual(['incident-1']);
  });
});
