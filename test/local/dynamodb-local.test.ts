import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../lib/definitions.ts';
import { createTables, tableEnv } from '../../lambdas/local/create-tables.ts';
import {
  type DynamoDbLocal,
  dynamoClientFor,
  JavaMissingError,
  startDynamoDbLocal,
} from '../../lambdas/local/dynamodb-local.ts';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'dynamodb-local-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('DynamoDB Local in memory', () => {
  let db: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    db = await startDynamoDbLocal({ inMemory: true });
    client = dynamoClientFor(db.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await db?.stop();
  });

  it('answers on the port it picked', async () => {
    // Arrange
    const expectedEndpoint = `http://127.0.0.1:${db.port}`;

    // Act
    const listed = await client.send(new ListTablesCommand({}));

    // Assert
    expect(db.endpoint).toBe(expectedEndpoint);
    expect(db.port).toBeGreaterThan(0);
    expect(listed.TableNames).toEqual([]);
  });

  it('creates every declared table with its keys, indexes and time to live', async () => {
    // Arrange
    const prefix = 'test-';

    // Act
    const names = await createTables(client, prefix);

    // Assert
    expect(names).toEqual({
      cases: 'test-Cases',
      customers: 'test-Customers',
      identities: 'test-Identities',
      triage: 'test-Triage',
      replies: 'test-Replies',
      mentions: 'test-Mentions',
      lookups: 'test-Lookups',
      quarantine: 'test-Quarantine',
    });
    expect(tableEnv(names)).toEqual({
      CASES_TABLE: 'test-Cases',
      CUSTOMERS_TABLE: 'test-Customers',
      IDENTITIES_TABLE: 'test-Identities',
      TRIAGE_TABLE: 'test-Triage',
      REPLIES_TABLE: 'test-Replies',
      MENTIONS_TABLE: 'test-Mentions',
      LOOKUPS_TABLE: 'test-Lookups',
      QUARANTINE_TABLE: 'test-Quarantine',
    });
    const { Table: cases } = await client.send(new DescribeTableCommand({ TableName: names.cases }));
    expect(cases).toMatchObject({
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: tables.cases.partitionKey.name, KeyType: 'HASH' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      GlobalSecondaryIndexes: expect.arrayContaining([
        expect.objectContaining({
          IndexName: 'byStatus',
          IndexStatus: 'ACTIVE',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        expect.objectContaining({
          IndexName: 'byParty',
          IndexStatus: 'ACTIVE',
          KeySchema: [
            { AttributeName: 'partyKey', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ]),
    });
    expect(cases?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'byParty',
      'byQueue',
      'byStatus',
    ]);
    expect(cases?.AttributeDefinitions).toHaveLength(6);
    const { Table: mentions } = await client.send(new DescribeTableCommand({ TableName: names.mentions }));
    expect(mentions?.KeySchema).toEqual([{ AttributeName: 'mentionId', KeyType: 'HASH' }]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.lookups }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    const quarantineTtl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.quarantine }));
    expect(quarantineTtl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    const casesTtl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.cases }));
    expect(casesTtl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });

  it('keeps existing tables and their items when creating the tables again', async () => {
    // Arrange
    const names = await createTables(client, 'again-');
    await client.send(new PutItemCommand({ TableName: names.mentions, Item: { mentionId: { S: 'm-1' } } }));
    const before = await client.send(new DescribeTableCommand({ TableName: names.mentions }));

    // Act
    const namesAgain = await createTables(client, 'again-');

    // Assert
    expect(namesAgain).toEqual(names);
    const after = await client.send(new DescribeTableCommand({ TableName: names.mentions }));
    expect(after.Table?.CreationDateTime).toEqual(before.Table?.CreationDateTime);
    const item = await client.send(new GetItemCommand({ TableName: names.mentions, Key: { mentionId: { S: 'm-1' } } }));
    expect(item.Item).toEqual({ mentionId: { S: 'm-1' } });
  });

  it('adds a global index declared after the table was created', async () => {
    // Arrange
    await client.send(
      new CreateTableCommand({
        TableName: 'older-Cases',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'caseId', AttributeType: 'S' }],
      }),
    );

    // Act
    await createTables(client, 'older-');

    // Assert
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'older-Cases' }));
    expect(
      Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]).sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      ),
    ).toEqual([
      ['byParty', 'ACTIVE'],
      ['byQueue', 'ACTIVE'],
      ['byStatus', 'ACTIVE'],
    ]);
  });

  it('refuses an existing table whose key schema differs from the declaration', async () => {
    // Arrange
    await client.send(
      new CreateTableCommand({
        TableName: 'clash-Mentions',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      }),
    );

    // Act
    const creating = createTables(client, 'clash-');

    // Assert
    await expect(creating).rejects.toThrow(/clash-Mentions exists with key schema/);
  });

  it('stop() ends the JVM, and stopping again is harmless', async () => {
    // Arrange
    const { pid } = db;
    const runningBefore = isRunning(pid);

    // Act
    await db.stop();
    await db.stop();

    // Assert
    expect(runningBefore).toBe(true);
    expect(isRunning(pid)).toBe(false);
  });
});

describe('DynamoDB Local with a data folder', () => {
  it('keeps the data across a restart', async () => {
    // Arrange
    const dataDir = join(scratch, 'data', 'nested');
    const first = await startDynamoDbLocal({ inMemory: false, dataDir });
    const firstClient = dynamoClientFor(first.endpoint);
    const names = await createTables(firstClient, 'persist-');
    await firstClient.send(
      new PutItemCommand({ TableName: names.cases, Item: { caseId: { S: 'c-1' }, status: { S: 'open' } } }),
    );
    firstClient.destroy();
    await first.stop();

    // Act
    const second = await startDynamoDbLocal({ inMemory: false, dataDir });
    const secondClient = dynamoClientFor(second.endpoint);
    let item: GetItemCommandOutput | undefined;
    try {
      item = await secondClient.send(new GetItemCommand({ TableName: names.cases, Key: { caseId: { S: 'c-1' } } }));
    } finally {
      secondClient.destroy();
      await second.stop();
    }

    // Assert
    expect(isRunning(first.pid)).toBe(false);
    expect(isRunning(second.pid)).toBe(false);
    expect(item?.Item).toEqual({ caseId: { S: 'c-1' }, status: { S: 'open' } });
  });

  it('refuses to start without a data folder when not in memory', async () => {
    // Arrange
    const options = { inMemory: false };

    // Act
    const starting = startDynamoDbLocal(options);

    // Assert
    await expect(starting).rejects.toThrow(/dataDir is required/);
  });
});

describe('DynamoDB Local without a usable Java', () => {
  it('throws JavaMissingError, with how to install Java, when java cannot be found', async () => {
    // Arrange
    const options = { inMemory: true, java: '/nonexistent/java' };

    // Act
    const starting = startDynamoDbLocal(options);

    // Assert
    await expect(starting).rejects.toBeInstanceOf(JavaMissingError);
    await expect(startDynamoDbLocal(options)).rejects.toThrow(
      /Java 17\+ is needed to run DynamoDB Local; install it with `sudo apt-get install -y default-jre-headless`.*set JAVA to a java binary.*\/nonexistent\/java was not found/s,
    );
  });

  it('throws JavaMissingError when java is older than 17', async () => {
    // Arrange
    const fakeJava = join(scratch, 'old-java');
    writeFileSync(fakeJava, '#!/bin/sh\necho \'java version "1.8.0_381"\' >&2\nexit 0\n');
    chmodSync(fakeJava, 0o755);

    // Act
    const starting = startDynamoDbLocal({ inMemory: true, java: fakeJava });

    // Assert
    await expect(starting).rejects.toSatisfy(
      (error) => error instanceof JavaMissingError && error.foundVersion === '1.8.0_381',
    );
  });
});
