import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRuntimeOptions, type Runtime, startRuntime } from '../../lambdas/local/runtime.ts';

const customersFile = new URL('../fixtures/cross-channel/customers.ndjson', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field, and each read is asserted.
type Json = Record<string, any>;

/**
 * Issue #5 as the customer lives it, on the local runtime: a phone case for C-1001, then a
 * complaint on X from C-1001's linked handle joins that case (no second case, owner told,
 * marketing on hold); a stranger's complaint opens a case flagged "unknown customer"; linking
 * the stranger's handle to C-1001 offers the merge; and replaying everything changes nothing.
 */
describe('one customer, one case, end to end', () => {
  let runtime: Runtime;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  const phoneCase = {
    caseId: 'phone-5001',
    customerId: 'C-1001',
    channel: 'phone',
    summary: 'Charged twice for order 1234; refund promised within 5 days',
    at: '2026-11-23T15:00:00Z',
    topic: 'billing',
    priority: 'P3',
    assignee: 'agent-7',
  };
  const linkedComplaint = {
    network: 'x',
    postId: '900001',
    author: { id: '44001', handle: 'ana_costa' },
    text: 'Still no refund for the double charge on my order, this is unacceptable. Fix it now',
    createdAt: '2026-11-24T09:00:00Z',
  };
  const strangerComplaint = {
    network: 'x',
    postId: '900002',
    author: { id: '55002', handle: 'ana_alt' },
    text: 'Charged twice again and nobody answers the phone, I want my money back today',
    createdAt: '2026-11-24T09:05:00Z',
  };

  /** The whole fixture: CRM import, the phone case, both complaints. */
  const playFixture = async () => {
    const imported = await call('POST', '/customers', readFileSync(customersFile, 'utf8'), {
      'content-type': 'application/x-ndjson',
    });
    const opened = await call('POST', '/cases', phoneCase, { 'x-actor': 'agent-7' });
    const posted = await call('POST', '/mentions', [linkedComplaint, strangerComplaint]);
    await runtime.queue.whenIdle();
    return { imported, opened, posted };
  };
  const disposition = async (mentionId: string) =>
    (await call('GET', `/mentions/${encodeURIComponent(mentionId)}`)).body.disposition as Json;

  beforeAll(async () => {
    runtime = await startRuntime({
      ...defaultRuntimeOptions,
      port: 0,
      inMemory: true,
      apiKey: 'e2e-key',
      queue: { visibilityTimeoutMs: 5_000, concurrency: 2 },
    });
  }, 120_000);
  afterAll(async () => runtime?.stop());

  it('joins the linked handle to the phone case, flags the stranger, offers the merge, and ignores a replay', async () => {
    // Act: the fixture once.
    const first = await playFixture();

    // Assert: the phone case exists and C-1001 is on hold from it.
    expect(first.imported.status).toBe(200);
    expect(first.opened.status).toBe(201);
    expect(first.posted.status).toBe(202);

    // The linked handle's complaint went on the phone case: no new case, the owner told.
    const joined = await disposition('x:900001');
    expect(joined).toMatchObject({ kind: 'case-appended', caseId: 'phone-5001' });
    const story = (await call('GET', '/cases/phone-5001')).body;
    expect(story.timeline.map((entry: Json) => [entry.channel, entry.kind])).toEqual([
      ['phone', 'call'],
      ['social', 'mention'],
    ]);
    expect(story.customerTimeline).toHaveLength(2);
    const contacted = runtime.events.events('case.customer-contacted');
    expect(contacted.map((event) => event.detail)).toEqual([
      expect.objectContaining({ caseId: 'phone-5001', owner: 'agent-7', customerId: 'C-1001', mentionId: 'x:900001' }),
    ]);
    const cases = (await call('GET', '/cases?customerId=C-1001')).body.items as Json[];
    expect(cases.map((value) => value.caseId)).toEqual(['phone-5001']);

    // Marketing is on hold for C-1001 because of the phone case.
    const policy = (await call('GET', '/customers/C-1001/contact-policy')).body;
    expect(policy).toMatchObject({ marketing: 'hold', caseIds: ['phone-5001'] });
    expect(runtime.events.events('customer.service-hold').map((event) => event.detail.state)).toEqual(['started']);

    // The stranger's complaint opened a case flagged as an unknown customer.
    const stranger = await disposition('x:900002');
    expect(stranger.kind).toBe('case-created');
    const strangerCaseId = stranger.caseId as string;
    const flagged = (await call('GET', `/cases/${strangerCaseId}`)).body;
    expect(flagged).toMatchObject({ party: { kind: 'social' }, flags: ['unknown-customer'] });

    // Linking the stranger's handle to C-1001 moves the case to C-1001 and offers the merge.
    const linked = await call(
      'POST',
      '/customers/C-1001/links',
      { network: 'x', handle: 'ana_alt', userId: '55002' },
      {
        'x-actor': 'agent-7',
      },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.mergeOffers).toEqual([
      expect.objectContaining({ caseId: strangerCaseId, intoCaseId: 'phone-5001' }),
    ]);
    const offered = (await call('GET', `/cases/${strangerCaseId}`)).body;
    expect(offered).toMatchObject({
      party: { kind: 'customer', customerId: 'C-1001' },
      flags: [],
      mergeOffer: { caseId: 'phone-5001' },
    });

    // The agent accepts the offer: one case with both timelines and both audits.
    const merged = await call(
      'POST',
      '/cases/phone-5001/merge',
      { sourceCaseId: strangerCaseId },
      { 'x-actor': 'agent-7' },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toBe(true);
    const before = (await call('GET', '/cases/phone-5001')).body;
    expect(before.timeline.map((entry: Json) => entry.mentionId ?? entry.channel)).toEqual([
      'phone',
      'x:900001',
      'x:900002',
    ]);
    expect(before.audit.map((entry: Json) => entry.action)).toContain('merged-in');
    const eventsBefore = runtime.events.events().length;

    // Act: the whole fixture again, twice.
    const second = await playFixture();
    await playFixture();

    // Assert: nothing changed.
    expect(second.opened.status).toBe(200);
    expect(second.opened.body.created).toBe(false);
    const after = (await call('GET', '/cases/phone-5001')).body;
    expect(after).toEqual(before);
    expect(
      (await call('GET', '/cases?customerId=C-1001')).body.items.map((value: Json) => value.caseId).sort(),
    ).toEqual(['phone-5001', strangerCaseId].sort());
    expect(await disposition('x:900001')).toEqual(joined);
    expect(runtime.events.events().length).toBe(eventsBefore);
  }, 120_000);

  it('ends the hold when the last open case is resolved from the phone channel', async () => {
    // Act
    const resolved = await call(
      'POST',
      '/cases/phone-5001/status',
      { status: 'resolved', note: 'refunded' },
      {
        'x-actor': 'agent-7',
      },
    );
    // Assert
    expect(resolved.status).toBe(200);
    expect(resolved.body.case.audit.at(-1)).toMatchObject({
      actor: 'agent-7',
      action: 'status-changed',
      note: 'refunded',
    });
    const policy = (await call('GET', '/customers/C-1001/contact-policy')).body;
    expect(policy).toMatchObject({ marketing: 'allowed', caseIds: [] });
    expect(runtime.events.events('customer.service-hold').map((event) => event.detail.state)).toEqual([
      'started',
      'ended',
    ]);
    // Closing the loop: each social thread of the case hears back (locally no approval, so sent).
    expect(runtime.outbox.sent().map((entry) => entry.reply.mentionId).sort()).toEqual(['x:900001', 'x:900002']);
    const timeline = (await call('GET', '/customers/C-1001/timeline')).body;
    expect(timeline.timeline.map((entry: Json) => entry.channel)).toEqual(['phone', 'social', 'social']);
  });

  it('refuses a status the lifecycle forbids with a 409 that names the allowed ones', async () => {
    // Arrange
    await call('POST', '/cases/phone-5001/status', { status: 'closed' });
    // Act
    const refused = await call('POST', '/cases/phone-5001/status', { status: 'pending' });
    // Assert
    expect(refused).toEqual({
      status: 409,
      body: {
        code: 'CONFLICT',
        message: 'case phone-5001 is closed; it can become nothing else, not pending',
        details: { caseId: 'phone-5001', status: 'closed', requested: 'pending', allowed: [] },
      },
    });
  });
});
