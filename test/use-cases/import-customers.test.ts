import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIdentityDirectory } from '../../lambdas/adapters/dynamodb-identity-directory.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import {
  type ImportCustomersPorts,
  importCustomers,
  maxCustomersPerRequest,
} from '../../lambdas/use-cases/import-customers.ts';
import { fixedClock } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const at = '2030-01-02T10:00:00.000Z';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8');
const ndjson = 'application/x-ndjson';

describe('importCustomers (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let ports: ImportCustomersPorts;

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    ports = {
      directory: new DynamoDbIdentityDirectory(tables.documents, names.identities, names.customers),
      clock: fixedClock(at),
    };
  });

  it('imports an NDJSON export: customers stored, handles linked as crm-import, bad lines named', async () => {
    // Act
    const result = await importCustomers({ body: fixture('customers.ndjson'), contentType: ndjson }, ports);
    // Assert
    expect(result).toMatchObject({ mode: 'batch', imported: 3, rejected: 1, linked: 5, kept: 0 });
    expect(result.items).toEqual([
      { index: 0, status: 'imported', customerId: 'C-2001', linked: 2, kept: 0 },
      { index: 1, status: 'imported', customerId: '2002', linked: 2, kept: 0 },
      {
        index: 2,
        status: 'rejected',
        code: 'VALIDATION_FAILED',
        message: 'handles: "myspace" is not a network the bridge links (x, twitter, facebook, instagram, messenger)',
        details: { issues: [expect.objectContaining({ path: 'handles' })] },
      },
      { index: 3, status: 'imported', customerId: 'C-2004', linked: 1, kept: 0 },
    ]);
    expect(await ports.directory.getCustomer('C-2001')).toEqual({
      customerId: 'C-2001',
      name: 'Farah Haddad',
      email: 'farah@example.com',
      tier: 'gold',
      updatedAt: at,
    });
    expect(await ports.directory.findLink({ network: 'x', userId: '2002002', handle: 'whatever' })).toEqual({
      network: 'x',
      userId: '2002002',
      handle: 'guslund',
      customerId: '2002',
      source: 'crm-import',
      confidence: 0.8,
      linkedAt: at,
      linkedBy: 'import',
    });
    expect(await ports.directory.getCustomer('C-2003')).toBeUndefined();
  });

  it('imports CSV rows sent as a JSON array, as the CLI sends them', async () => {
    // Arrange
    const rows = parseCsv(fixture('customers.csv'), { columns: true, bom: true });
    // Act
    const result = await importCustomers({ body: JSON.stringify(rows), contentType: 'application/json' }, ports);
    // Assert
    expect(result).toMatchObject({ imported: 3, rejected: 2, linked: 5 });
    expect(result.items.filter((item) => item.status === 'rejected').map((item) => item.index)).toEqual([2, 3]);
    expect((await ports.directory.linksOf('C-1001')).map((link) => `${link.network}:${link.handle}`)).toEqual([
      'instagram:ana.s',
      'x:ana_s',
    ]);
  });

  it('keeps a link an agent made rather than the stale handle of a re-import', async () => {
    // Arrange
    await ports.directory.putCustomer({ customerId: 'C-9', updatedAt: at });
    await ports.directory.link({
      network: 'x',
      handle: 'farah_h',
      customerId: 'C-9',
      source: 'agent',
      confidence: 0.9,
      linkedAt: '2030-01-01T00:00:00.000Z',
      linkedBy: 'agent-7',
    });
    // Act
    const result = await importCustomers(
      {
        body: JSON.stringify({ customerId: 'C-2001', handles: 'x:@farah_h; instagram:farah.h' }),
        contentType: undefined,
      },
      ports,
    );
    // Assert
    expect(result).toMatchObject({ mode: 'single', imported: 1, linked: 1, kept: 1 });
    expect((await ports.directory.findLink({ network: 'x', handle: 'farah_h' }))?.customerId).toBe('C-9');
    expect((await ports.directory.findLink({ network: 'instagram', handle: 'farah.h' }))?.customerId).toBe('C-2001');
  });

  it('lets a newer import move a handle an earlier import linked elsewhere', async () => {
    // Arrange
    await importCustomers(
      { body: JSON.stringify({ id: 'C-1', x: '@shared' }), contentType: 'application/json' },
      ports,
    );
    // Act
    const result = await importCustomers(
      { body: JSON.stringify({ id: 'C-2', x: '@shared' }), contentType: 'application/json' },
      ports,
    );
    // Assert
    expect(result).toMatchObject({ linked: 1, kept: 0 });
    expect((await ports.directory.findLink({ network: 'x', handle: 'shared' }))?.customerId).toBe('C-2');
  });

  it('throws VALIDATION_FAILED for a single bad record, and stores nothing', async () => {
    // Act
    const failure = await importCustomers(
      { body: JSON.stringify({ name: 'No Id' }), contentType: 'application/json' },
      ports,
    ).catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({
      code: 'VALIDATION_FAILED',
      message:
        'the customer record is invalid: customerId: required: name the customer id column customerId, customer_id or id',
    });
  });

  it('names a line of NDJSON that is not JSON, importing the others', async () => {
    // Act
    const result = await importCustomers({ body: '{"id":"C-1"}\n{"id":\n{"id":"C-3"}', contentType: ndjson }, ports);
    // Assert
    expect(result.items.map((item) => item.status)).toEqual(['imported', 'rejected', 'imported']);
    expect(result.items[1]).toMatchObject({
      code: 'INVALID_JSON',
      message: expect.stringMatching(/^item 1 is not valid JSON/),
    });
  });

  it(`refuses more than ${maxCustomersPerRequest} records in one request`, async () => {
    // Arrange
    const body = Array.from({ length: maxCustomersPerRequest + 1 }, (_, i) => JSON.stringify({ id: `C-${i}` })).join(
      '\n',
    );
    // Act
    const failure = await importCustomers({ body, contentType: ndjson }, ports).catch((error: unknown) => error);
    // Assert
    expect(failure).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await ports.directory.getCustomer('C-0')).toBeUndefined();
  });

  it('reports records the store could not take as DEPENDENCY_UNAVAILABLE, to send again', async () => {
    // Arrange
    const broken = {
      ...ports,
      directory: new DynamoDbIdentityDirectory(tables.documents, 'no-such-table', 'no-such-table'),
    };
    // Act
    const result = await importCustomers({ body: '{"id":"C-1"}\n{"id":"C-2"}', contentType: ndjson }, broken);
    // Assert
    expect(result).toMatchObject({ imported: 0, rejected: 2 });
    expect(result.items[0]).toMatchObject({
      status: 'rejected',
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('send it again'),
    });
  });
});
