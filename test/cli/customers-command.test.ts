import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { customerLines, customersCommand } from '../../bin/cli/customers-command.ts';
import { UsageError } from '../../bin/cli/usage-error.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/crm/${name}`, import.meta.url));

/** A stand-in for `POST /customers`: records each request and rejects records without an id. */
const requests: { apiKey: string | undefined; lines: string[] }[] = [];
let server: Server;
let url = '';

describe('bridge customers import', () => {
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const lines = body.split('\n');
        requests.push({ apiKey: request.headers['x-api-key'] as string | undefined, lines });
        const items = lines.map((line, index) => {
          const record = JSON.parse(line) as Record<string, string>;
          const id = record['Customer ID'] ?? record.customerId ?? record.customer_id ?? record.id;
          return id
            ? { index, status: 'imported', customerId: String(id), linked: 2, kept: index === 0 ? 1 : 0 }
            : { index, status: 'rejected', code: 'VALIDATION_FAILED', message: 'customerId: required' };
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ items }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => {
    requests.length = 0;
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('sends CSV rows as NDJSON objects in batches and prints what became of them', async () => {
    // Arrange
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Act
    const code = await customersCommand([
      'import',
      fixture('customers.csv'),
      '--url',
      `${url}/`,
      '--api-key',
      'key-1',
      '--batch-size',
      '2',
    ]);
    // Assert
    expect(code).toBe(0);
    expect(requests.map((request) => request.lines.length)).toEqual([2, 2, 1]);
    expect(requests.every((request) => request.apiKey === 'key-1')).toBe(true);
    expect(JSON.parse(requests[0]?.lines[0] ?? '')).toMatchObject({ 'Customer ID': 'C-1001', Twitter: '@ana_s' });
    const printed = log.mock.calls.map((call) => String(call[0])).join('\n');
    expect(printed).toContain(`customers.csv → ${url}`);
    expect(printed).toContain('imported  4 customers');
    expect(printed).toContain('linked    8 accounts (3 left as an agent or the customer had linked them)');
    expect(printed).toContain('rejected  1');
    expect(printed).toContain('1 × VALIDATION_FAILED: customerId: required  (row 5)');
  });

  it('takes the bridge from BRIDGE_URL and BRIDGE_API_KEY, and NDJSON from the extension', async () => {
    // Arrange
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('BRIDGE_URL', url);
    vi.stubEnv('BRIDGE_API_KEY', 'key-from-env');
    // Act
    await customersCommand(['import', fixture('customers.ndjson')]);
    // Assert
    expect(requests).toHaveLength(1);
    expect(requests[0]?.apiKey).toBe('key-from-env');
    expect(requests[0]?.lines).toHaveLength(4);
  });

  it('numbers CSV rows as a spreadsheet does, counting the header', () => {
    // Act
    const lines = customerLines('id,name\nC1,Ana\n\nC2,Ben\n', 'csv');
    // Assert
    expect(lines).toEqual([
      { where: 'row 2', json: '{"id":"C1","name":"Ana"}' },
      { where: 'row 3', json: '{"id":"C2","name":"Ben"}' },
    ]);
  });

  it.each([
    [[], 'say what to do'],
    [['export'], 'unknown subcommand "export"'],
    [['import'], 'name the CRM export to import'],
    [['import', 'a.csv', 'b.csv'], 'import takes one file'],
    [['import', 'a.csv', '--batch-size', '501'], '--batch-size must be 1..500'],
    [['import', 'a.txt', '--format', 'xlsx'], '--format must be ndjson or csv, not "xlsx"'],
    [['import', '/no/such/file.csv'], 'cannot read /no/such/file.csv'],
  ])('refuses %j with a usage error', async (args, message) => {
    // Act
    const failure = await customersCommand(args).catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toContain(message);
  });

  it('says when the bridge cannot be reached', async () => {
    // Arrange
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Act
    const failure = await customersCommand(['import', fixture('customers.csv'), '--url', 'http://127.0.0.1:9']).catch(
      (error: unknown) => error,
    );
    // Assert
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toContain('cannot reach the bridge at http://127.0.0.1:9');
  });
});
