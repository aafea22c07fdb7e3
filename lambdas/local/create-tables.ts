/**
 * Creates the bridge's tables in DynamoDB Local from the one declaration in lib/definitions.ts,
 * the same objects the CDK stack builds the AWS tables from.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type KeyAttribute, type TableDefinition, type TableName, tables } from '../../lib/definitions.ts';

/** Physical table name of each table, keyed as in `tables`. */
export type TableNames = Record<TableName, string>;

/**
 * Creates every table of `tables` as `${prefix}${definition.id}` (on-demand, key schema, global
 * indexes projecting all attributes, time to live where declared) and waits until each is ACTIVE.
 *
 * Idempotent: an existing table is kept with its data. Global indexes declared since the table was
 * created are added to it, and time to live is enabled when it is not yet; a table whose key
 * schema differs from the declaration is an error (delete the local data folder to start over).
 */
export async function createTables(client: DynamoDBClient, prefix: string): Promise<TableNames> {
  const entries = Object.entries(tables) as [TableName, TableDefinition][];
  const created = await Promise.all(
    entries.map(async ([key, definition]) => {
      const name = `${prefix}${definition.id}`;
      await ensureTable(client, name, definition);
      return [key, name] as const;
    }),
  );
  return Object.fromEntries(created) as TableNames;
}

/** Environment variables through which functions learn the physical table names. */
export function tableEnv(names: TableNames): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, definition] of Object.entries(tables) as [TableName, TableDefinition][]) {
    env[definition.envVar] = names[key];
  }
  return env;
}

async function ensureTable(client: DynamoDBClient, name: string, definition: TableDefinition): Promise<void> {
  let existed = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keySchema(definition.partitionKey, definition.sortKey),
        AttributeDefinitions: attributeDefinitions(definition),
        ...(definition.globalIndexes.length > 0
          ? { GlobalSecondaryIndexes: definition.globalIndexes.map(globalIndex) }
          : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    existed = true;
  }
  let table = await waitUntilActive(client, name);
  if (existed) table = await reconcile(client, name, definition, table);
  if (definition.timeToLiveAttribute) await ensureTimeToLive(client, name, definition.timeToLiveAttribute);
}

async function waitUntilActive(client: DynamoDBClient, name: string): Promise<TableDescription> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table && Table.TableStatus === 'ACTIVE' && indexesActive) return Table;
    if (Date.now() > deadline) {
      throw new Error(`Table ${name} is still ${Table?.TableStatus ?? 'missing'} after 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Checks the key schema of an existing table and adds global indexes it lacks. */
async function reconcile(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
  table: TableDescription,
): Promise<TableDescription> {
  const wanted = JSON.stringify(keySchema(definition.partitionKey, definition.sortKey));
  const actual = JSON.stringify(
    (table.KeySchema ?? []).map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType })),
  );
  if (wanted !== actual) {
    throw new Error(
      `Table ${name} exists with key schema ${actual} but lib/definitions.ts declares ${wanted}; ` +
        'delete the local data folder (or use another table prefix) to recreate it',
    );
  }
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  let current = table;
  for (const index of definition.globalIndexes) {
    if (existing.has(index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(definition),
        GlobalSecondaryIndexUpdates: [{ Create: globalIndex(index) }],
      }),
    );
    current = await waitUntilActive(client, name);
  }
  return current;
}

async function ensureTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
    }),
  );
}

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

function globalIndex(index: TableDefinition['globalIndexes'][number]): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' },
  };
}

/** One definition per key attribute of the table and its indexes; a clash of types is an error. */
function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const keys: KeyAttribute[] = [definition.partitionKey];
  if (definition.sortKey) keys.push(definition.sortKey);
  for (const index of definition.globalIndexes) {
    keys.push(index.partitionKey);
    if (index.sortKey) keys.push(index.sortKey);
  }
  const types = new Map<string, KeyAttribute['type']>();
  for (const key of keys) {
    const known = types.get(key.name);
    if (known && known !== key.type) {
      throw new Error(`Table ${definition.id}: attribute ${key.name} is declared both ${known} and ${key.type}`);
    }
    types.set(key.name, key.type);
  }
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}
