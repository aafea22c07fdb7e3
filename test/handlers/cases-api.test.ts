import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { LocalOutbox } from '../../lambdas/local/local-outbox.ts';
import { closingTheLoop } from '../../lambdas/use-cases/after-resolution.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import { Sha256Fingerprints } from '../../lambdas/adapters/sha256-fingerprints.ts';
import { createCasesApiHandler } from '../../lambdas/handlers/cases-api.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { apiEvent, contextFor } from '../support/api-event.ts';
import { fixedClock } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const phoneCase = {
  customerId: 'C1',
  channel: 'phone',
  summary: 'Charged twice for order 1234',
  topic: 'billing',
  priority: 'P2',
  at: '2030-01-03T09:55:00Z',
};

describe('cases API handler: the case system other channels use (DynamoDB Local)', () => {
  let tables: TestTables;
  let events: LocalEventLog;
  let handler: ReturnType<typeof createCasesApiHandler>;
  let outbox: LocalOutbox;

  const call = async (routeKey: string, options: Parameters<typeof apiEvent>[1] = {}) => {
    const reply = await handler(apiEvent(routeKey, options), contextFor('casesApi'));
    return { status: reply.statusCode, body: JSON.parse(reply.body ?? '{}') };
  };
  const post = (routeKey: string, body: unknown, id?: string, headers: Record<string, string> = {}) =>
    call(routeKey, {
      body: JSON.stringify(body),
      headers: { 'x-actor': 'agent-7', ...headers },
      ...(id === undefined ? {} : { pathParameters: { id } }),
    });

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    const clock = fixedClock('2030-01-03T10:00:00.000Z');
    events = new LocalEventLog();
    const names = await tables.fresh();
    const stores = dynamoDbPorts(tables.documents, names, clock);
    outbox = new LocalOutbox();
    handler = createCasesApiHandler(
      {
        ...stores,
        fingerprints: new Sha256Fingerprints(),
        events,
        clock,
        casePolicy: {},
        afterResolution: closingTheLoop(
          { ...stores, replies: new DynamoDbReplyStore(tables.documents, names.replies), sender: outbox, clock },
          { approvalRequired: false },
        ),
      },
      observability('cases-api'),
    );
  });

  it('opens a phone case with its first call, due times and queue, and starts the hold', async () => {
    // Act
    const reply = await post('POST /cases', { ...phoneCase, caseId: 'phone-1' });
    // Assert
    expect(reply.status).toBe(201);
    expect(reply.body.case).toMatchObject({
      caseId: 'phone-1',
      party: { kind: 'customer', customerId: 'C1' },
      originChannel: 'phone',
      status: 'open',
      queue: 'billing',
      due: { firstResponseAt: '2030-01-03T11:00:00.000Z', resolutionAt: '2030-01-04T10:00:00.000Z' },
      timeline: [{ at: '2030-01-03T09:55:00.000Z', channel: 'phone', kind: 'call', by: 'agent-7' }],
      audit: [{ actor: 'agent-7', action: 'created' }],
    });
    expect(events.events('customer.service-hold').map((event) => event.detail)).toEqual([
      { customerId: 'C1', state: 'started', since: '2030-01-03T10:00:00.000Z', caseIds: ['phone-1'] },
    ]);
  });

  it('answers a retried create with the same case: by caseId, or by Idempotency-Key', async () => {
    // Act
    const first = await post('POST /cases', phoneCase, undefined, { 'idempotency-key': 'call-8812' });
    const again = await post('POST /cases', phoneCase, undefined, { 'idempotency-key': 'call-8812' });
    // Assert
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual({ created: false, case: first.body.case });
  });

  it('names every bad field of a case', async () => {
    // Act
    const reply = await post('POST /cases', { channel: 'fax', summary: '' });
    // Assert
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('VALIDATION_FAILED');
    expect(reply.body.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'channel',
      'customerId',
      'summary',
    ]);
  });

  it('adds a store visit once per Idempotency-Key, and 404s for an unknown case', async () => {
    // Arrange
    await post('POST /cases', { ...phoneCase, caseId: 'phone-1' });
    const visit = { channel: 'store', summary: 'Brought the receipt in' };
    // Act
    const first = await post('POST /cases/{id}/interactions', visit, 'phone-1', { 'idempotency-key': 'v-1' });
    const again = await post('POST /cases/{id}/interactions', visit, 'phone-1', { 'idempotency-key': 'v-1' });
    const missing = await post('POST /cases/{id}/interactions', visit, 'nope');
    // Assert
    expect([first.status, again.status, missing.status]).toEqual([201, 200, 404]);
    const stored = await call('GET /cases/{id}', { pathParameters: { id: 'phone-1' } });
    expect(stored.body.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['call', 'visit']);
    expect(stored.body.customerTimeline).toHaveLength(2);
  });

  it('assigns, then resolves, ending the hold; a forbidden status is a 409', async () => {
    // Arrange
    await post('POST /cases', { ...phoneCase, caseId: 'phone-1' });
    // Act
    const assigned = await post('POST /cases/{id}/assignment', { assignee: 'agent-9' }, 'phone-1');
    const resolved = await post('POST /cases/{id}/status', { status: 'resolved', note: 'refunded' }, 'phone-1');
    const refused = await post('POST /cases/{id}/status', { status: 'new' }, 'phone-1');
    // Assert
    expect(assigned.body.case.assignee).toBe('agent-9');
    expect(resolved.body.case).toMatchObject({ status: 'resolved', resolvedAt: '2030-01-03T10:00:00.000Z' });
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'CONFLICT', details: { allowed: ['open', 'closed'] } },
    });
    expect(events.events('customer.service-hold').map((event) => event.detail.state)).toEqual(['started', 'ended']);
    const listed = await call('GET /cases', { query: { customerId: 'C1' } });
    expect(listed.body.items.map((value: { caseId: string }) => value.caseId)).toEqual(['phone-1']);
  });

  it('rejects an assignment that names nobody and no queue', async () => {
    // Arrange
    await post('POST /cases', { ...phoneCase, caseId: 'phone-1' });
    // Act
    const reply = await post('POST /cases/{id}/assignment', {}, 'phone-1');
    // Assert
    expect(reply).toMatchObject({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'the assignment is invalid: (root): name an assignee (or null) or a queue',
      },
    });
  });
});
