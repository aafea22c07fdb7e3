import { beforeEach, describe, expect, it } from 'vitest';
import { maxIngestItems } from '../../lib/definitions.ts';
import type { Mention } from '../../lambdas/domain/mention.ts';
import type { EnqueueFailure, MentionQueue } from '../../lambdas/ports/mention-queue.ts';
import { ingestMentions } from '../../lambdas/use-cases/ingest-mentions.ts';

/** Records what was enqueued; can be told to refuse some mentions. */
class RecordingQueue implements MentionQueue {
  readonly sent: Mention[] = [];
  refuse = new Set<string>();
  async enqueue(mentions: readonly Mention[]): Promise<{ failed: readonly EnqueueFailure[] }> {
    const failed = mentions
      .filter((m) => this.refuse.has(m.mentionId))
      .map((m) => ({ mentionId: m.mentionId, reason: 'throttled' }));
    this.sent.push(...mentions.filter((m) => !this.refuse.has(m.mentionId)));
    return { failed };
  }
}

const clock = { now: () => new Date('2026-11-02T10:00:00.000Z') };
const mention = (postId: string, extra: Record<string, unknown> = {}) => ({
  network: 'facebook',
  postId,
  author: { id: `a${postId}`, handle: `h${postId}` },
  text: `post ${postId}`,
  createdAt: '2026-11-02T09:59:00Z',
  ...extra,
});

describe('ingestMentions', () => {
  let queue: RecordingQueue;
  beforeEach(() => {
    queue = new RecordingQueue();
  });

  it('accepts one JSON mention, normalised and stamped with the receive time', async () => {
    // Act
    const result = await ingestMentions(
      { body: JSON.stringify(mention('1')), contentType: 'application/json' },
      { queue, clock },
    );
    // Assert
    expect(result).toEqual({
      mode: 'single',
      accepted: 1,
      rejected: 0,
      items: [{ index: 0, status: 'accepted', mentionId: 'facebook:1' }],
    });
    expect(queue.sent).toEqual([
      expect.objectContaining({ mentionId: 'facebook:1', conversationId: '1', receivedAt: '2026-11-02T10:00:00.000Z' }),
    ]);
  });

  it('rejects a single invalid mention with VALIDATION_FAILED naming the field, enqueuing nothing', async () => {
    const attempt = ingestMentions(
      { body: JSON.stringify(mention('1', { text: '' })), contentType: 'application/json' },
      { queue, clock },
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('text'),
      details: { issues: [expect.objectContaining({ path: 'text' })] },
    });
    expect(queue.sent).toHaveLength(0);
  });

  it('judges each NDJSON line alone and enqueues only the good ones', async () => {
    // Arrange
    const body = [
      JSON.stringify(mention('1')),
      '{not json',
      JSON.stringify(mention('3', { network: 'myspace' })),
      JSON.stringify(mention('4')),
    ].join('\n');
    // Act
    const result = await ingestMentions({ body, contentType: 'application/x-ndjson' }, { queue, clock });
    // Assert
    expect(result.accepted).toBe(2);
    expect(result.rejected).toBe(2);
    expect(result.items.map((item) => item.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
    expect(result.items[1]).toMatchObject({ code: 'INVALID_JSON' });
    expect(result.items[2]).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^network: /) });
    expect(queue.sent.map((m) => m.mentionId)).toEqual(['facebook:1', 'facebook:4']);
  });

  it('takes a JSON array as a batch, and NDJSON sent as application/json', async () => {
    const asArray = await ingestMentions(
      { body: JSON.stringify([mention('1'), mention('2')]), contentType: 'application/json' },
      { queue, clock },
    );
    const asLines = await ingestMentions(
      {
        body: `${JSON.stringify(mention('3'))}\n${JSON.stringify(mention('4'))}\n`,
        contentType: 'application/json; charset=utf-8',
      },
      { queue, clock },
    );
    expect(asArray).toMatchObject({ mode: 'batch', accepted: 2 });
    expect(asLines).toMatchObject({ mode: 'batch', accepted: 2 });
  });

  it.each([
    ['', 'application/json', 'VALIDATION_FAILED'],
    ['{"network":', 'application/json', 'INVALID_JSON'],
    ['text,network\nhi,x', 'text/csv', 'UNSUPPORTED_MEDIA_TYPE'],
    ['x'.repeat(1024 * 1024 + 1), 'application/json', 'PAYLOAD_TOO_LARGE'],
  ])('refuses a bad body clearly (%#)', async (body, contentType, code) => {
    await expect(ingestMentions({ body, contentType }, { queue, clock })).rejects.toMatchObject({
      code,
      retryable: false,
    });
    expect(queue.sent).toHaveLength(0);
  });

  it(`refuses batches over ${maxIngestItems} items`, async () => {
    const body = Array.from({ length: maxIngestItems + 1 }, (_, i) => JSON.stringify(mention(String(i)))).join('\n');
    await expect(ingestMentions({ body, contentType: 'application/x-ndjson' }, { queue, clock })).rejects.toMatchObject(
      { code: 'PAYLOAD_TOO_LARGE' },
    );
  });

  it('reports mentions the queue refused as rejected and retryable, never as accepted', async () => {
    // Arrange
    queue.refuse.add('facebook:2');
    const body = [mention('1'), mention('2')].map((m) => JSON.stringify(m)).join('\n');
    // Act
    const batch = await ingestMentions({ body, contentType: 'application/x-ndjson' }, { queue, clock });
    const single = ingestMentions(
      { body: JSON.stringify(mention('2')), contentType: 'application/json' },
      { queue, clock },
    );
    // Assert
    expect(batch.items[1]).toMatchObject({ status: 'rejected', code: 'DEPENDENCY_UNAVAILABLE' });
    await expect(single).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });
});
