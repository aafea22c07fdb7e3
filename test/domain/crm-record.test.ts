import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { crmRecordFrom } from '../../lambdas/domain/crm-record.ts';

const at = '2030-01-02T10:00:00.000Z';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8');

describe('crmRecordFrom', () => {
  it('reads a CSV row with a column per network and a user id column', () => {
    // Arrange
    const [row] = parseCsv(fixture('customers.csv'), { columns: true, bom: true }) as Record<string, string>[];
    // Act
    const result = crmRecordFrom(row, at);
    // Assert
    expect(result).toEqual({
      ok: true,
      record: {
        customer: {
          customerId: 'C-1001',
          name: 'Ana Silva',
          email: 'ana.silva@example.com',
          phone: '+44 20 7946 0101',
          tier: 'gold',
          updatedAt: at,
        },
        accounts: [
          { network: 'x', handle: 'ana_s', userId: '1001' },
          { network: 'instagram', handle: 'ana.s' },
        ],
      },
    });
  });

  it('judges every row of the CSV fixture on its own', () => {
    // Arrange
    const rows = parseCsv(fixture('customers.csv'), { columns: true, bom: true }) as Record<string, string>[];
    // Act
    const results = rows.map((row) => crmRecordFrom(row, at));
    // Assert
    expect(results.map((result) => (result.ok ? result.record.customer.customerId : result.issues))).toEqual([
      'C-1001',
      'C-1002',
      [{ path: 'Email', message: '"chloe@example" is not an e-mail address' }],
      [{ path: 'customerId', message: 'required: name the customer id column customerId, customer_id or id' }],
      'C-1005',
    ]);
  });

  it('reads NDJSON objects with a handles field as text or as a list', () => {
    // Arrange
    const lines = fixture('customers.ndjson')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Act
    const results = lines.map((line) => crmRecordFrom(line, at));
    // Assert
    expect(results[0]).toMatchObject({
      ok: true,
      record: {
        customer: { customerId: 'C-2001', tier: 'gold' },
        accounts: [
          { network: 'x', handle: 'farah_h' },
          { network: 'instagram', handle: 'farah.h' },
        ],
      },
    });
    expect(results[1]).toMatchObject({
      ok: true,
      record: {
        customer: { customerId: '2002', name: 'Gus Lund' },
        accounts: [
          { network: 'x', handle: 'guslund', userId: '2002002' },
          { network: 'messenger', handle: 'gus.lund' },
        ],
      },
    });
    expect(results[2]).toEqual({
      ok: false,
      issues: [
        {
          path: 'handles',
          message: '"myspace" is not a network the bridge links (x, twitter, facebook, instagram, messenger)',
        },
      ],
    });
    expect(results[3]).toMatchObject({
      ok: true,
      record: {
        customer: { customerId: 'C-2004', phone: '+1 555 0100' },
        accounts: [{ network: 'x', handle: 'ivo', userId: '2004004' }],
      },
    });
  });

  it('takes a map of network to handle, and leaves blank cells out', () => {
    // Act
    const result = crmRecordFrom(
      { id: ' C-7 ', name: '', email: null, handles: { twitter: '@seven', instagram: '' } },
      at,
    );
    // Assert
    expect(result).toEqual({
      ok: true,
      record: { customer: { customerId: 'C-7', updatedAt: at }, accounts: [{ network: 'x', handle: 'seven' }] },
    });
  });

  it('links a handle written twice (column and list, any case) once', () => {
    // Act
    const result = crmRecordFrom({ customerId: 'C-8', x: '@Ana', handles: 'x:ana; x:@ANA' }, at);
    // Assert
    expect(result.ok && result.record.accounts).toEqual([{ network: 'x', handle: 'Ana' }]);
  });

  it.each([
    [
      { customerId: 'C-9', handles: 'ana' },
      'handles',
      '"ana" names no network: write network:handle, as in "x:@ana; instagram:ana.s"',
    ],
    [{ customerId: 'C-9', x: '@ana smith' }, 'x', expect.stringContaining('"@ana smith" is not a handle')],
    [{ customerId: 'C-9', x_id: '123' }, 'x_id', 'names an x user id, but the record gives no x handle for it'],
    [
      { customerId: 'C-9', x: 'a', twitter: 'b', 'X ID': '1' },
      'X ID',
      'names one x user id, but the record gives 2 x handles; give the id in the handles list instead',
    ],
    [{ customerId: { nested: true } }, 'customerId', 'must be text, not object'],
    [{ customerId: 'x'.repeat(129) }, 'customerId', 'is longer than 128 characters'],
    [{ customerId: 'C-9', phone: 'n/a' }, 'phone', '"n/a" is not a phone number'],
    [{ customerId: 'C-9', handles: [{ network: 'x' }] }, 'handles[0]', 'needs a network and a handle, both text'],
    [{ customerId: 'C-9', handles: 42 }, 'handles', 'must be text such as "x:@ana; instagram:ana.s"'],
  ])('reports a clear issue for %j', (input, path, message) => {
    // Act
    const result = crmRecordFrom(input, at);
    // Assert
    expect(result).toEqual({ ok: false, issues: [{ path, message }] });
  });

  it('reports every problem of a record, not only the first', () => {
    // Act
    const result = crmRecordFrom({ email: 'nope', handles: 'fax:123' }, at);
    // Assert
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['customerId', 'email', 'handles']);
  });

  it.each([null, 'C-1', ['C-1'], 7])('refuses %j, which is no record', (input) => {
    // Act
    const result = crmRecordFrom(input, at);
    // Assert
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '(root)', message: 'a CRM record must be an object of columns' }],
    });
  });
});
