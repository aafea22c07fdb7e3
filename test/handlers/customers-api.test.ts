import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import { type CustomersApiPorts, createCustomersApiHandler } from '../../lambdas/handlers/customers-api.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { apiEvent, contextFor } from '../support/api-event.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// In the future on purpose: DynamoDB Local deletes items whose TTL has passed by the real clock.
const now = '2030-01-03T10:00:00.000Z';
const ana = { network: 'x' as const, userId: '1001', handle: 'ana_s' };
const fixture = (name: string) => readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url), 'utf8');

describe('customers API handler (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let ports: CustomersApiPorts;
  let events: LocalEventLog;
  let handler: ReturnType<typeof createCustomersApiHandler>;

  const call = async (routeKey: string, options: Parameters<typeof apiEvent>[1] = {}, domainName?: string) => {
    const event = apiEvent(routeKey, options);
    if (domainName) event.requestContext.domainName = domainName;
    const reply = await handler(event, contextFor('customersApi'));
    const type = String(reply.headers?.['content-type'] ?? '');
    return { ...reply, json: type.startsWith('application/json') ? JSON.parse(reply.body ?? '') : undefined };
  };
  const importAna = () =>
    call('POST /customers', {
      body: JSON.stringify({
        customerId: 'C1',
        name: 'Ana Silva',
        email: 'ana@example.com',
        phone: '+44 20 7946 0101',
      }),
    });
  const issueFor = async (account: object = ana) =>
    (await call('POST /customers/{id}/self-links', { pathParameters: { id: 'C1' }, body: JSON.stringify(account) }))
      .json as {
      url: string;
      message: string;
      expiresAt: string;
    };
  const tokenOf = (url: string) => url.split('/').at(-1) ?? '';

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    events = new LocalEventLog();
    const clock = { now: () => new Date(now) };
    ports = { ...dynamoDbPorts(tables.documents, names, clock), events, clock };
    handler = createCustomersApiHandler(ports, observability('customers-api'), { selfLinkMinutes: 30 });
  });

  describe('POST /customers', () => {
    it('imports an NDJSON export and answers per record', async () => {
      // Act
      const reply = await call('POST /customers', {
        body: fixture('customers.ndjson'),
        headers: { 'content-type': 'application/x-ndjson' },
      });
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.json).toMatchObject({ imported: 3, rejected: 1, linked: 5, kept: 0 });
      expect(reply.json.items[2]).toMatchObject({ index: 2, status: 'rejected', code: 'VALIDATION_FAILED' });
    });

    it('answers one record with its outcome alone', async () => {
      // Act
      const reply = await importAna();
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.json).toEqual({ status: 'imported', customerId: 'C1', linked: 0, kept: 0 });
    });

    it('answers 400 when no record of a batch could be imported', async () => {
      // Act
      const reply = await call('POST /customers', {
        body: JSON.stringify([{ name: 'no id' }, { id: 'C1', email: 'x' }]),
      });
      // Assert
      expect(reply.statusCode).toBe(400);
      expect(reply.json).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'none of the 2 customer records was imported',
        details: { imported: 0, rejected: 2 },
      });
    });

    it('answers 415 for a body that is neither JSON nor NDJSON', async () => {
      // Act
      const reply = await call('POST /customers', { body: 'id,name\nC1,Ana', headers: { 'content-type': 'text/csv' } });
      // Assert
      expect(reply.statusCode).toBe(415);
      expect(reply.json.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('GET /customers/{id}', () => {
    it('answers the customer with their links', async () => {
      // Arrange
      await call('POST /customers', {
        body: JSON.stringify({ id: 'C1', name: 'Ana', x: '@ana_s', instagram: 'ana.s' }),
      });
      // Act
      const reply = await call('GET /customers/{id}', { pathParameters: { id: 'C1' } });
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.json).toEqual({
        customer: { customerId: 'C1', name: 'Ana', updatedAt: now },
        links: [
          expect.objectContaining({ network: 'instagram', handle: 'ana.s', source: 'crm-import' }),
          expect.objectContaining({
            network: 'x',
            handle: 'ana_s',
            source: 'crm-import',
            confidence: 0.8,
            linkedBy: 'import',
          }),
        ],
      });
    });

    it('answers 404 for a customer never imported', async () => {
      // Act
      const reply = await call('GET /customers/{id}', { pathParameters: { id: 'C404' } });
      // Assert
      expect(reply.statusCode).toBe(404);
      expect(reply.json).toMatchObject({ code: 'NOT_FOUND', message: 'no customer C404' });
    });
  });

  describe('links', () => {
    it('links an account as the agent named in x-actor, moving its open case and offering a merge', async () => {
      // Arrange
      await importAna();
      await ports.cases.createCase(aCase({ caseId: 'case-phone', party: { kind: 'customer', customerId: 'C1' } }));
      await ports.cases.createCase(
        aCase({ caseId: 'case-social', party: { kind: 'social', identity: ana }, originChannel: 'social' }),
      );
      // Act
      const reply = await call('POST /customers/{id}/links', {
        pathParameters: { id: 'C1' },
        headers: { 'x-actor': 'agent-7' },
        body: JSON.stringify({ network: 'x', handle: '@ana_s', userId: '1001' }),
      });
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.json).toMatchObject({
        link: { ...ana, customerId: 'C1', source: 'agent', confidence: 0.9, linkedBy: 'agent-7', linkedAt: now },
        movedCaseIds: ['case-social'],
        mergeOffers: [{ caseId: 'case-social', intoCaseId: 'case-phone' }],
      });
    });

    it('names the actor "agent" when the caller sends none, and takes a stated confidence', async () => {
      // Arrange
      await importAna();
      // Act
      const reply = await call('POST /customers/{id}/links', {
        pathParameters: { id: 'C1' },
        body: JSON.stringify({ network: 'instagram', handle: 'ana.s', confidence: 0.6 }),
      });
      // Assert
      expect(reply.json.link).toMatchObject({ linkedBy: 'agent', confidence: 0.6 });
    });

    it('answers 400 naming the bad field of a link', async () => {
      // Act
      const reply = await call('POST /customers/{id}/links', {
        pathParameters: { id: 'C1' },
        body: JSON.stringify({ network: 'myspace', handle: 'ana' }),
      });
      // Assert
      expect(reply.statusCode).toBe(400);
      expect(reply.json).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'network' }] } });
    });

    it('unlinks an account from the customer, and answers 404 for one linked elsewhere', async () => {
      // Arrange
      await importAna();
      await call('POST /customers', { body: JSON.stringify({ id: 'C2', x: 'other' }) });
      await call('POST /customers/{id}/links', { pathParameters: { id: 'C1' }, body: JSON.stringify(ana) });
      // Act
      const removed = await call('DELETE /customers/{id}/links/{network}/{handle}', {
        pathParameters: { id: 'C1', network: 'x', handle: '%40ana_s' },
      });
      const elsewhere = await call('DELETE /customers/{id}/links/{network}/{handle}', {
        pathParameters: { id: 'C1', network: 'x', handle: 'other' },
      });
      // Assert
      expect(removed.statusCode).toBe(200);
      expect(removed.json.removed).toEqual([expect.objectContaining({ ...ana, customerId: 'C1' })]);
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json.message).toBe('x account @other is not linked to customer C1');
      expect(await ports.directory.findLink(ana)).toBeUndefined();
    });
  });

  describe('self-links', () => {
    it('issues an https link on the API domain, with a message that names nobody', async () => {
      // Arrange
      await importAna();
      // Act
      const reply = await call('POST /customers/{id}/self-links', {
        pathParameters: { id: 'C1' },
        body: JSON.stringify(ana),
      });
      // Assert
      expect(reply.statusCode).toBe(201);
      expect(reply.json.url).toMatch(/^https:\/\/api\.example\.com\/self-links\/[\w-]{43}$/);
      expect(reply.json.expiresAt).toBe('2030-01-03T10:30:00.000Z');
      // The token is random and could hold any short string by chance: look at the words around it.
      const words = reply.json.message.replace(reply.json.url, '');
      for (const secret of ['C1', 'Ana', 'Silva', 'ana@example.com', '7946']) expect(words).not.toContain(secret);
    });

    it('links over plain http when the API is reached on the local machine', async () => {
      // Arrange
      await importAna();
      // Act
      const reply = await call(
        'POST /customers/{id}/self-links',
        { pathParameters: { id: 'C1' }, body: JSON.stringify(ana) },
        '127.0.0.1:3000',
      );
      // Assert
      expect(reply.json.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/self-links\//);
    });

    it('shows a confirmation page that says nothing about the customer and changes nothing', async () => {
      // Arrange
      await importAna();
      const { url } = await issueFor();
      // Act
      const reply = await call('GET /self-links/{token}', { pathParameters: { token: tokenOf(url) } });
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      expect(reply.body).toContain('<form method="post"><button type="submit">Confirm</button></form>');
      for (const secret of ['C1', 'Ana', 'ana_s', 'ana@example.com']) expect(reply.body).not.toContain(secret);
      expect(await ports.directory.findLink(ana)).toBeUndefined();
    });

    it('confirms once from a browser, then says the link cannot be used any more', async () => {
      // Arrange
      await importAna();
      const token = tokenOf((await issueFor()).url);
      const browser = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html,application/xhtml+xml',
      };
      // Act
      const first = await call('POST /self-links/{token}', { pathParameters: { token }, headers: browser, body: '' });
      const second = await call('POST /self-links/{token}', { pathParameters: { token }, headers: browser, body: '' });
      // Assert
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('the account is now connected');
      expect(second.statusCode).toBe(409);
      expect(second.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(second.body).toContain('This link was already used');
      expect((await ports.directory.findLink(ana))?.source).toBe('verified-self-link');
    });

    it('answers JSON to a client that does not ask for HTML', async () => {
      // Arrange
      await importAna();
      const token = tokenOf((await issueFor()).url);
      // Act
      const first = await call('POST /self-links/{token}', { pathParameters: { token } });
      const second = await call('POST /self-links/{token}', { pathParameters: { token } });
      const unknown = await call('POST /self-links/{token}', { pathParameters: { token: 'B'.repeat(43) } });
      // Assert
      expect([first.statusCode, second.statusCode, unknown.statusCode]).toEqual([200, 409, 404]);
      expect(first.json).toEqual({ status: 'linked', network: 'x', handle: 'ana_s' });
      expect(second.json).toMatchObject({ code: 'CONFLICT', details: { reason: 'used' } });
      expect(unknown.json.code).toBe('NOT_FOUND');
    });

    it('shows a not-valid page for a malformed token', async () => {
      // Act
      const reply = await call('GET /self-links/{token}', { pathParameters: { token: '<script>' } });
      // Assert
      expect(reply.statusCode).toBe(404);
      expect(reply.body).toContain('This link is not valid');
      expect(reply.body).not.toContain('<script>');
    });
  });

  describe("the customer's story", () => {
    it('answers every case and every interaction across channels, in time order', async () => {
      // Arrange
      await importAna();
      await ports.cases.createCase(
        aCase({
          caseId: 'case-phone',
          timeline: [{ at: '2030-01-02T10:00:00.000Z', channel: 'phone', kind: 'call', summary: 'Charged twice' }],
        }),
      );
      await ports.cases.createCase(
        aCase({
          caseId: 'case-store',
          party: { kind: 'customer', customerId: 'C1' },
          originChannel: 'store',
          status: 'resolved',
          topic: 'orders-delivery',
          priority: 'P2',
          timeline: [
            { at: '2030-01-01T09:00:00.000Z', channel: 'store', kind: 'visit', summary: 'Returned a parcel' },
            { at: '2030-01-02T11:00:00.000Z', channel: 'email', kind: 'email', summary: 'Refund sent' },
          ],
          createdAt: '2030-01-01T09:00:00.000Z',
        }),
      );
      // Act
      const reply = await call('GET /customers/{id}/timeline', { pathParameters: { id: 'C1' } });
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(reply.json.customerId).toBe('C1');
      expect(reply.json.customer).toMatchObject({ name: 'Ana Silva' });
      expect(reply.json.cases).toEqual([
        { caseId: 'case-phone', status: 'open', originChannel: 'phone', topic: 'billing', priority: 'P3' },
        { caseId: 'case-store', status: 'resolved', originChannel: 'store', topic: 'orders-delivery', priority: 'P2' },
      ]);
      expect(
        reply.json.timeline.map((entry: { caseId: string; channel: string }) => `${entry.caseId}:${entry.channel}`),
      ).toEqual(['case-store:store', 'case-phone:phone', 'case-store:email']);
    });

    it('answers hold while a case of the customer is open, allowed otherwise', async () => {
      // Arrange
      await ports.cases.createCase(aCase({ caseId: 'case-phone' }));
      // Act
      const held = await call('GET /customers/{id}/contact-policy', { pathParameters: { id: 'C1' } });
      const free = await call('GET /customers/{id}/contact-policy', { pathParameters: { id: 'C2' } });
      // Assert
      expect(held.json).toEqual({
        customerId: 'C1',
        marketing: 'hold',
        reason: 'open service case case-phone (billing, from phone): no marketing until it is settled',
        caseIds: ['case-phone'],
        since: '2030-01-02T10:00:00.000Z',
      });
      expect(free.json).toEqual({
        customerId: 'C2',
        marketing: 'allowed',
        reason: 'no service case on record',
        caseIds: [],
        since: null,
      });
    });
  });
});
