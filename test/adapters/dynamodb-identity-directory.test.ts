import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/adapters/dynamodb-document-client.ts';
import { DynamoDbIdentityDirectory } from '../../lambdas/adapters/dynamodb-identity-directory.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { IdentityLink } from '../../lambdas/domain/identity.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { localCredentials, localRegion } from '../../lambdas/local/dynamodb-local.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

let tables: TestTables;
let names: TableNames;
let directory: DynamoDbIdentityDirectory;

const link = (extra: Partial<IdentityLink> = {}): IdentityLink => ({
  network: 'x',
  userId: '1001',
  handle: 'Ana_S',
  customerId: 'C-1',
  source: 'crm-import',
  confidence: 0.8,
  linkedAt: '2030-01-02T10:00:00.000Z',
  linkedBy: 'import',
  ...extra,
});

const storedKeys = async (): Promise<Record<string, string>> => {
  const { Items = [] } = await tables.documents.send(
    new ScanCommand({ TableName: names.identities, ConsistentRead: true }),
  );
  return Object.fromEntries(Items.map((item) => [item.identityKey, item.customerId]));
};

describe('DynamoDbIdentityDirectory (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    directory = new DynamoDbIdentityDirectory(tables.documents, names.identities, names.customers);
  });

  it('stores a link under the user id and the handle, and finds it by either', async () => {
    // Act
    await directory.link(link());
    // Assert
    expect(await storedKeys()).toEqual({ 'x#id#1001': 'C-1', 'x#handle#ana_s': 'C-1' });
    expect(await directory.findLink({ network: 'x', userId: '1001', handle: 'renamed' })).toEqual(link());
    expect(await directory.findLink({ network: 'x', handle: '@ANA_s' })).toEqual(link());
    expect(await directory.findLink({ network: 'instagram', handle: 'ana_s' })).toBeUndefined();
  });

  it('answers with the link on the user id before one on the handle', async () => {
    // Arrange: the handle was linked to C-2 without an id; the id is linked to C-1 under another handle.
    await directory.link(link({ customerId: 'C-2', userId: undefined, handle: 'shared' }));
    await directory.link(link({ handle: 'ana_s' }));
    // Act
    const found = await directory.findLink({ network: 'x', userId: '1001', handle: 'shared' });
    // Assert
    expect(found?.customerId).toBe('C-1');
  });

  it('replaces the earlier link of the account, its old handle included', async () => {
    // Arrange
    await directory.link(link());
    // Act: the account is now @ana_new and an agent links it to C-2.
    const corrected = link({
      handle: 'ana_new',
      customerId: 'C-2',
      source: 'agent',
      confidence: 0.9,
      linkedBy: 'agent-7',
    });
    await directory.link(corrected);
    // Assert
    expect(await storedKeys()).toEqual({ 'x#id#1001': 'C-2', 'x#handle#ana_new': 'C-2' });
    expect(await directory.findLink({ network: 'x', userId: '1001', handle: 'ana_new' })).toEqual(corrected);
    expect(await directory.linksOf('C-1')).toEqual([]);
    expect(await directory.linksOf('C-2')).toEqual([corrected]);
  });

  it('lets a link made on the handle alone replace the link of the account behind that handle', async () => {
    // Arrange
    await directory.link(link());
    // Act
    await directory.link(link({ userId: undefined, customerId: 'C-2', source: 'agent' }));
    // Assert: a mention from the account (with its id) now finds C-2, not the stale id link.
    expect(await storedKeys()).toEqual({ 'x#handle#ana_s': 'C-2' });
    expect((await directory.findLink({ network: 'x', userId: '1001', handle: 'Ana_S' }))?.customerId).toBe('C-2');
  });

  it('is idempotent: linking twice stores the link once', async () => {
    // Act
    await directory.link(link());
    await directory.link(link());
    // Assert
    expect(await storedKeys()).toEqual({ 'x#id#1001': 'C-1', 'x#handle#ana_s': 'C-1' });
    expect(await directory.linksOf('C-1')).toEqual([link()]);
  });

  it('lists every account of a customer once, in network and handle order', async () => {
    // Arrange
    const instagram = link({ network: 'instagram', userId: undefined, handle: 'ana.s' });
    const facebook = link({ network: 'facebook', userId: '77', handle: 'ana.silva' });
    await directory.link(link());
    await directory.link(instagram);
    await directory.link(facebook);
    await directory.link(link({ network: 'x', userId: '2002', handle: 'other', customerId: 'C-9' }));
    // Act
    const links = await directory.linksOf('C-1');
    // Assert
    expect(links).toEqual([facebook, instagram, link()]);
  });

  it('unlinks by handle alone, removing the user-id key the handle was linked with', async () => {
    // Arrange
    await directory.link(link());
    await directory.link(link({ network: 'instagram', userId: undefined, handle: 'ana.s' }));
    // Act
    const removed = await directory.unlink({ network: 'x', handle: '@ana_s' });
    // Assert
    expect(removed).toEqual([link()]);
    expect(await storedKeys()).toEqual({ 'instagram#handle#ana.s': 'C-1' });
    expect(await directory.findLink({ network: 'x', userId: '1001', handle: 'ana_s' })).toBeUndefined();
  });

  it('unlinks nothing for an account without links', async () => {
    // Act
    const removed = await directory.unlink({ network: 'x', handle: 'nobody' });
    // Assert
    expect(removed).toEqual([]);
  });

  it('does not delete a link another writer replaced after it was read', async () => {
    // Arrange: the item under the handle changes between unlink's read and its delete.
    await directory.link(link());
    const racing = new DynamoDbIdentityDirectory(
      {
        send: async (command: unknown) => {
          if (command instanceof GetCommand && command.input.Key?.identityKey === 'x#handle#ana_s') {
            const read = await tables.documents.send(command);
            await tables.documents.send(
              new PutCommand({
                TableName: names.identities,
                Item: {
                  ...link({ customerId: 'C-3', userId: undefined, linkedAt: '2030-01-02T11:00:00.000Z' }),
                  identityKey: 'x#handle#ana_s',
                },
              }),
            );
            return read;
          }
          return tables.documents.send(command as GetCommand);
        },
      } as unknown as typeof tables.documents,
      names.identities,
      names.customers,
    );
    // Act
    await racing.unlink({ network: 'x', userId: '1001', handle: 'ana_s' });
    // Assert
    expect(await storedKeys()).toEqual({ 'x#handle#ana_s': 'C-3' });
  });

  it('creates, replaces and reads customers', async () => {
    // Arrange
    const customer = { customerId: 'C-1', name: 'Ana Silva', tier: 'gold', updatedAt: '2030-01-02T10:00:00.000Z' };
    // Act
    await directory.putCustomer(customer);
    await directory.putCustomer({ ...customer, email: 'ana@example.com' });
    // Assert
    expect(await directory.getCustomer('C-1')).toEqual({ ...customer, email: 'ana@example.com' });
    expect(await directory.getCustomer('C-2')).toBeUndefined();
  });

  it('throws a retryable DEPENDENCY_UNAVAILABLE when the table is missing', async () => {
    // Arrange
    const broken = new DynamoDbIdentityDirectory(tables.documents, 'no-such-table', 'no-such-table');
    // Act
    const failure = await broken.findLink({ network: 'x', handle: 'ana' }).catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });

  it('throws a retryable error when DynamoDB cannot be reached', async () => {
    // Arrange
    const unreachable = documentClient({
      endpoint: 'http://127.0.0.1:9',
      region: localRegion,
      credentials: localCredentials,
      maxAttempts: 1,
    });
    const broken = new DynamoDbIdentityDirectory(unreachable, names.identities, names.customers);
    // Act
    const failure = await broken.link(link()).catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    unreachable.destroy();
  });
});
