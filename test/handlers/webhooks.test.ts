import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbQuarantine } from '../../lambdas/adapters/dynamodb-quarantine.ts';
import { HmacWebhookAuthenticity } from '../../lambdas/adapters/hmac-webhook-authenticity.ts';
import { Sha256Fingerprints } from '../../lambdas/adapters/sha256-fingerprints.ts';
import type { ConnectorSecrets } from '../../lambdas/config/connector-secrets.ts';
import type { QueueMessage } from '../../lambdas/domain/queue-message.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import { createWebhooksHandler } from '../../lambdas/handlers/webhooks.ts';
import type { EnqueueFailure, MentionQueue } from '../../lambdas/ports/mention-queue.ts';
import { apiEvent, contextFor } from '../support/api-event.ts';
import { fixtureBody, signMeta, signX } from '../support/signing.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const secrets: ConnectorSecrets = {
  xConsumerSecret: 'x-consumer-secret-for-tests',
  metaAppSecret: 'meta-app-secret-for-tests',
  metaVerifyToken: 'verify-me',
};

class RecordingQueue implements MentionQueue {
  readonly messages: QueueMessage[] = [];
  async enqueue(messages: readonly QueueMessage[]): Promise<{ failed: readonly EnqueueFailure[] }> {
    this.messages.push(...messages);
    return { failed: [] };
  }
}

describe('webhooks handler', () => {
  let tables: TestTables;
  let queue: RecordingQueue;
  let quarantine: DynamoDbQuarantine;
  let handler: ReturnType<typeof createWebhooksHandler>;

  const post = (provider: 'x' | 'meta', body: string, signature?: string) =>
    handler(
      apiEvent(`POST /webhooks/${provider}`, {
        body,
        headers:
          signature === undefined
            ? {}
            : { [provider === 'x' ? 'x-twitter-webhooks-signature' : 'x-hub-signature-256']: signature },
      }),
      contextFor('webhooks'),
    );
  const bodyOf = (reply: { body?: string }) => JSON.parse(reply.body ?? '');

  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    const names = await tables.fresh();
    queue = new RecordingQueue();
    quarantine = new DynamoDbQuarantine(tables.documents, names.quarantine);
    handler = createWebhooksHandler(
      {
        authenticity: new HmacWebhookAuthenticity(async () => secrets),
        queue,
        quarantine,
        fingerprints: new Sha256Fingerprints(),
        // In the future: DynamoDB Local expires items by the real clock, and quarantine entries carry a TTL.
        clock: { now: () => new Date('2030-01-02T10:00:00.000Z') },
        connector: { brandAccountIds: new Set() },
      },
      observability('webhooks'),
    );
  });

  describe('X', () => {
    it('answers the CRC challenge with sha256= and the base64 HMAC of the token', async () => {
      // Act
      const reply = await handler(
        apiEvent('GET /webhooks/x', { query: { crc_token: 'challenge-123' } }),
        contextFor('webhooks'),
      );
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(bodyOf(reply)).toEqual({ response_token: signX('challenge-123', secrets.xConsumerSecret) });
      expect(bodyOf(reply).response_token).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
    });

    it('queues a signed delivery as normalised mentions', async () => {
      // Arrange
      const body = fixtureBody('x', 'tweet-mention');
      // Act
      const reply = await post('x', body, signX(body, secrets.xConsumerSecret));
      // Assert
      expect(reply.statusCode).toBe(200);
      expect(bodyOf(reply)).toEqual({ mentions: ['x:2028413881021369361'], deletions: [], ignored: [] });
      expect(queue.messages).toEqual([
        expect.objectContaining({
          mentionId: 'x:2028413881021369361',
          network: 'x',
          receivedAt: '2030-01-02T10:00:00.000Z',
          text: expect.stringContaining('flight AS 2231'),
        }),
      ]);
    });

    it('queues a deletion for tweet_delete_events and counts unknown event types without failing', async () => {
      const deletion = fixtureBody('x', 'tweet-delete-events');
      const unknown = fixtureBody('x', 'some-future-events');
      const deleted = await post('x', deletion, signX(deletion, secrets.xConsumerSecret));
      const ignored = await post('x', unknown, signX(unknown, secrets.xConsumerSecret));
      expect(bodyOf(deleted).deletions).toEqual(['x:2028413881021369361']);
      expect(queue.messages).toContainEqual({
        type: 'deletion',
        network: 'x',
        postId: '2028413881021369361',
        deletedAt: expect.any(String),
      });
      expect(ignored.statusCode).toBe(200);
      expect(bodyOf(ignored).ignored).toEqual([expect.objectContaining({ eventType: 'some_future_events' })]);
    });

    it.each([
      ['no signature', undefined, 'is missing'],
      ['a signature from another secret', 'sha256=AAAA', 'does not match'],
      ['a hex signature where X sends base64', 'sha256=deadbeef', 'does not match'],
      ['an empty header', '', 'is missing'],
    ])('refuses %s with 401 and writes nothing', async (_what, signature, phrase) => {
      const reply = await post('x', fixtureBody('x', 'tweet-mention'), signature);
      expect(reply.statusCode).toBe(401);
      expect(bodyOf(reply)).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining(phrase) });
      expect(queue.messages).toHaveLength(0);
      expect(await quarantine.list(10)).toHaveLength(0);
    });

    it('refuses a body changed after signing, even by one byte', async () => {
      const body = fixtureBody('x', 'tweet-mention');
      const reply = await post('x', body.replace('Lisbon', 'Lisbom'), signX(body, secrets.xConsumerSecret));
      expect(reply.statusCode).toBe(401);
      expect(queue.messages).toHaveLength(0);
    });

    it('refuses a body over the limit with 413 before checking anything else', async () => {
      const body = `{"for_user_id":"1","pad":"${'x'.repeat(1024 * 1024)}"}`;
      const reply = await post('x', body, signX(body, secrets.xConsumerSecret));
      expect(reply.statusCode).toBe(413);
      expect(bodyOf(reply).code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('quarantine', () => {
    it('keeps an authentic but unreadable delivery with the reason, and refuses it with 400', async () => {
      // Arrange
      const body = '{"for_user_id":"1","tweet_create_events":[{"id_str":"9"}]}';
      // Act
      const reply = await post('x', body, signX(body, secrets.xConsumerSecret));
      // Assert
      expect(reply.statusCode).toBe(400);
      const { code, details } = bodyOf(reply);
      expect(code).toBe('VALIDATION_FAILED');
      expect(details.quarantineId).toMatch(/^x-/);
      const [kept] = await quarantine.list(10);
      expect(kept).toMatchObject({
        quarantineId: details.quarantineId,
        provider: 'x',
        code: 'VALIDATION_FAILED',
        body,
      });
      expect(kept?.reason).toContain('tweet_create_events[0]');
      expect(queue.messages).toHaveLength(0);
    });

    it('keeps signed non-JSON too, once however often it is delivered', async () => {
      const body = 'not json {';
      await post('x', body, signX(body, secrets.xConsumerSecret));
      const again = await post('x', body, signX(body, secrets.xConsumerSecret));
      expect(bodyOf(again).code).toBe('INVALID_JSON');
      expect(await quarantine.list(10)).toHaveLength(1);
    });

    it('replays a quarantined delivery once it can be read, and then lets it go', async () => {
      // Arrange: a delivery quarantined before today's connector could read it.
      const body = fixtureBody('meta', 'page-feed-comment-add');
      await quarantine.put({
        quarantineId: 'meta-old',
        provider: 'meta',
        code: 'VALIDATION_FAILED',
        reason: 'old connector',
        body,
        receivedAt: '2030-01-01T00:00:00.000Z',
      });
      // Act
      const listed = await handler(apiEvent('GET /quarantine'), contextFor('webhooks'));
      const replayed = await handler(
        apiEvent('POST /quarantine/{id}/replay', { pathParameters: { id: 'meta-old' } }),
        contextFor('webhooks'),
      );
      // Assert
      expect(bodyOf(listed).items.map((item: { quarantineId: string }) => item.quarantineId)).toEqual(['meta-old']);
      expect(replayed.statusCode).toBe(200);
      expect(bodyOf(replayed).mentions).toHaveLength(1);
      expect(queue.messages).toHaveLength(1);
      expect(await quarantine.get('meta-old')).toBeUndefined();
    });

    it('keeps a delivery that still cannot be read, and says why', async () => {
      await quarantine.put({
        quarantineId: 'x-bad',
        provider: 'x',
        code: 'INVALID_JSON',
        reason: 'not JSON',
        body: 'nope',
        receivedAt: '2030-01-01T00:00:00.000Z',
      });
      const replayed = await handler(
        apiEvent('POST /quarantine/{id}/replay', { pathParameters: { id: 'x-bad' } }),
        contextFor('webhooks'),
      );
      const missing = await handler(
        apiEvent('POST /quarantine/{id}/replay', { pathParameters: { id: 'x-none' } }),
        contextFor('webhooks'),
      );
      expect(replayed.statusCode).toBe(400);
      expect(bodyOf(replayed).code).toBe('INVALID_JSON');
      expect(await quarantine.get('x-bad')).toBeDefined();
      expect(missing.statusCode).toBe(404);
    });
  });

  describe('Meta', () => {
    it('echoes hub.challenge when the verify token matches, 403 otherwise', async () => {
      const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };
      const ok = await handler(apiEvent('GET /webhooks/meta', { query }), contextFor('webhooks'));
      const wrong = await handler(
        apiEvent('GET /webhooks/meta', { query: { ...query, 'hub.verify_token': 'guess' } }),
        contextFor('webhooks'),
      );
      expect(ok).toMatchObject({
        statusCode: 200,
        body: '1158201444',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
      expect(wrong.statusCode).toBe(403);
      expect(bodyOf(wrong).code).toBe('FORBIDDEN');
    });

    it('queues a delivery signed with X-Hub-Signature-256 (hex), refusing the base64 form', async () => {
      const body = fixtureBody('meta', 'page-batch');
      const ok = await post('meta', body, signMeta(body, secrets.metaAppSecret));
      const base64 = await post('meta', body, signX(body, secrets.metaAppSecret));
      expect(ok.statusCode).toBe(200);
      expect(bodyOf(ok).mentions.length).toBeGreaterThan(1);
      expect(base64.statusCode).toBe(401);
    });
  });
});
