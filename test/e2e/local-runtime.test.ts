import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRuntimeOptions, type Runtime, startRuntime } from '../../lambdas/local/runtime.ts';
import { localDevConnectorSecrets } from '../../lambdas/local/local-connector-secrets.ts';
import { generateMentions, toNdjson } from '../fixtures/mention-generator.ts';
import { fixtureBody, signX } from '../support/signing.ts';

/**
 * The walking skeleton end to end, as a new user meets it: the local runtime on a free port with
 * DynamoDB Local, 200 mixed mentions posted over HTTP, and every one accounted for.
 */
describe('local runtime, end to end', () => {
  let runtime: Runtime;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${runtime.url}${path}`, { ...init, headers: { 'x-api-key': runtime.apiKey, ...init.headers } });

  beforeAll(async () => {
    runtime = await startRuntime({
      ...defaultRuntimeOptions,
      port: 0,
      inMemory: true,
      apiKey: 'e2e-key',
      queue: { visibilityTimeoutMs: 5_000, concurrency: 4 },
    });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('gives every accepted mention exactly one disposition and rejects every malformed one with a reason', async () => {
    // Arrange
    const generated = generateMentions({ count: 200, seed: 2, idPrefix: 'e2e-' });
    const malformed = generated.filter((item) => item.kind === 'malformed');
    expect(malformed.length).toBeGreaterThan(10);

    // Act: post in two NDJSON batches, then let the queue drain.
    type ItemReply = { status: string; mentionId?: string; code?: string; details?: { issues: { path: string }[] } };
    const replies: ItemReply[] = [];
    for (const half of [generated.slice(0, 100), generated.slice(100)]) {
      const response = await api('/mentions', {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: toNdjson(half.map((item) => item.input)),
      });
      expect(response.status).toBe(202);
      replies.push(...((await response.json()) as { items: ItemReply[] }).items);
    }
    await runtime.queue.whenIdle();

    // Assert: malformed ones were rejected, each naming its bad field.
    expect(replies).toHaveLength(200);
    generated.forEach((item, index) => {
      const reply = replies[index];
      if (item.kind === 'malformed') {
        expect(reply?.status, `item ${index}`).toBe('rejected');
        expect(
          reply?.details?.issues.map((issue) => issue.path),
          `item ${index}`,
        ).toContain(item.expectedField);
      } else {
        expect(reply?.status, `item ${index}`).toBe('accepted');
      }
    });

    // Assert: exactly one disposition per accepted mention, none for the rejected.
    const accepted = replies.flatMap((reply) => (reply.mentionId ? [reply.mentionId] : []));
    const { Items: records = [] } = await runtime.documents.send(
      new ScanCommand({ TableName: runtime.tableNames.mentions }),
    );
    expect(records.map((record) => record.mentionId).sort()).toEqual([...accepted].sort());
    expect(runtime.queue.deadLetters.map((letter) => JSON.stringify(letter).slice(0, 400))).toEqual([]);

    // Assert: the cases the dispositions name exist in DynamoDB Local.
    const { Items: cases = [] } = await runtime.documents.send(
      new ScanCommand({ TableName: runtime.tableNames.cases }),
    );
    const caseIds = new Set(cases.map((c) => c.caseId));
    const created = records.filter((record) => record.dispositionKind === 'case-created');
    expect(created.length).toBeGreaterThan(40);
    // A burst of similar complaints in the generated set becomes an incident: its own (parent) case.
    expect(cases.filter((c) => c.kind !== 'incident')).toHaveLength(created.length);
    for (const record of records.filter((r) => r.caseId !== undefined)) expect(caseIds.has(record.caseId)).toBe(true);
    const kinds = new Set(records.map((record) => record.dispositionKind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['case-created', 'chatter', 'spam']));
  });

  it('serves the case and the mention with its disposition over the API', async () => {
    // Arrange
    const text = 'My card was charged twice for order 7781 and I need a refund';
    const post = await api('/mentions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        network: 'instagram',
        postId: 'api-1',
        author: { id: 'ig-7', handle: 'lee' },
        text,
        createdAt: '2026-11-02T09:00:00Z',
      }),
    });
    expect(post.status).toBe(202);
    await runtime.queue.whenIdle();

    // Act
    const mention = (await (await api('/mentions/instagram:api-1')).json()) as {
      disposition: { kind: string; caseId: string; reason: string };
    };
    const caseReply = await api(`/cases/${mention.disposition.caseId}`);
    const list = (await (await api('/cases?status=open&limit=100')).json()) as { items: { caseId: string }[] };

    // Assert
    expect(mention.disposition.kind).toBe('case-created');
    expect(mention.disposition.reason).toMatch(/confidence/);
    expect(caseReply.status).toBe(200);
    expect(await caseReply.json()).toMatchObject({ status: 'open', topic: 'billing', timeline: [{ summary: text }] });
    expect(list.items.map((c) => c.caseId)).toContain(mention.disposition.caseId);
  });

  it('refuses requests without the API key, and explains unknown cases and bad queries', async () => {
    const noKey = await fetch(`${runtime.url}/cases`);
    const wrongKey = await fetch(`${runtime.url}/cases`, { headers: { 'x-api-key': 'nope' } });
    const missing = await api('/cases/case-does-not-exist');
    const badStatus = await api('/cases?status=shipped');
    expect(noKey.status).toBe(401);
    expect(wrongKey.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'no case case-does-not-exist' });
    expect(badStatus.status).toBe(400);
    expect(await badStatus.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'status' }] },
    });
  });

  it('takes a signed X webhook to a case, once however often it is delivered, and redacts it when deleted', async () => {
    // Arrange
    const tweet = fixtureBody('x', 'tweet-mention');
    const deletion = fixtureBody('x', 'tweet-delete-events');
    const deliver = (body: string) =>
      fetch(`${runtime.url}/webhooks/x`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-twitter-webhooks-signature': signX(body, localDevConnectorSecrets.xConsumerSecret),
        },
        body,
      });

    // Act: delivered twice, as X retries.
    const first = await deliver(tweet);
    const second = await deliver(tweet);
    await runtime.queue.whenIdle();
    const record = (await (await api('/mentions/x:2028413881021369361')).json()) as {
      disposition: { kind: string; caseId?: string };
    };

    // Assert
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(record.disposition.kind).toBe('case-created');
    const { Items: same = [] } = await runtime.documents.send(
      new ScanCommand({
        TableName: runtime.tableNames.mentions,
        FilterExpression: 'mention.postId = :id',
        ExpressionAttributeValues: { ':id': '2028413881021369361' },
      }),
    );
    expect(same).toHaveLength(1);

    // Act: the author deletes the tweet.
    expect((await deliver(deletion)).status).toBe(200);
    await runtime.queue.whenIdle();

    // Assert
    const redacted = (await (await api(`/cases/${record.disposition.caseId}`)).json()) as {
      timeline: { summary: string }[];
    };
    expect(redacted.timeline.map((entry) => entry.summary)).toEqual(['[deleted by its author]']);
    const after = (await (await api('/mentions/x:2028413881021369361')).json()) as {
      mention: { text: string; deletedAt: string };
    };
    expect(after.mention.text).toBe('[deleted by its author]');
  });

  it('refuses an unsigned webhook with 401 and answers the X CRC check', async () => {
    const unsigned = await fetch(`${runtime.url}/webhooks/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fixtureBody('x', 'tweet-reply'),
    });
    const crc = await fetch(`${runtime.url}/webhooks/x?crc_token=abc`);
    expect(unsigned.status).toBe(401);
    expect(await crc.json()).toEqual({ response_token: signX('abc', localDevConnectorSecrets.xConsumerSecret) });
  });
});
