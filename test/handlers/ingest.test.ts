import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsMentionQueue } from '../../lambdas/adapters/sqs-mention-queue.ts';
import { createIngestHandler } from '../../lambdas/handlers/ingest.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import { apiEvent, contextFor } from '../support/api-event.ts';

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/bridge-mentions';
const sqs = mockClient(SQSClient);
const clock = { now: () => new Date('2026-11-02T10:00:00.000Z') };
const handler = createIngestHandler(
  { queue: new SqsMentionQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl), clock },
  observability('ingest'),
);

const mention = (postId: number, extra: Record<string, unknown> = {}) => ({
  network: 'x',
  postId: String(postId),
  author: { id: 'u1', handle: 'sam' },
  text: `my order ${postId} never arrived`,
  createdAt: '2026-11-02T09:00:00Z',
  ...extra,
});

describe('ingest handler', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  });

  it('queues one mention and answers 202 with its id', async () => {
    // Act
    const reply = await handler(apiEvent('POST /mentions', { body: JSON.stringify(mention(1)) }), contextFor('ingest'));
    // Assert
    expect(reply.statusCode).toBe(202);
    expect(JSON.parse(reply.body ?? '')).toEqual({ status: 'accepted', mentionId: 'x:1' });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(queueUrl);
    expect(input?.Entries).toEqual([
      {
        Id: '0',
        MessageBody: JSON.stringify({
          ...mention(1),
          author: { id: 'u1', handle: 'sam', verified: false },
          direct: false,
          brandOwned: false,
          repost: false,
          mentionId: 'x:1',
          conversationId: '1',
          receivedAt: '2026-11-02T10:00:00.000Z',
        }),
        MessageAttributes: { mentionId: { DataType: 'String', StringValue: 'x:1' } },
      },
    ]);
  });

  it('sends a batch of 25 in SQS batches of at most ten', async () => {
    const body = Array.from({ length: 25 }, (_, i) => JSON.stringify(mention(i))).join('\n');
    const reply = await handler(
      apiEvent('POST /mentions', { body, headers: { 'content-type': 'application/x-ndjson' } }),
      contextFor('ingest'),
    );
    expect(reply.statusCode).toBe(202);
    expect(JSON.parse(reply.body ?? '')).toMatchObject({ accepted: 25, rejected: 0 });
    expect(sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([
      10, 10, 5,
    ]);
  });

  it('answers 400 {code, message, details} naming the bad field, and queues nothing', async () => {
    const reply = await handler(
      apiEvent('POST /mentions', { body: JSON.stringify(mention(1, { author: { id: 'u1' } })) }),
      contextFor('ingest'),
    );
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body ?? '')).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('author.handle'),
      details: { issues: [{ path: 'author.handle', message: expect.any(String) }] },
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('answers 400 listing every item when no item of a batch is valid', async () => {
    const body = `${JSON.stringify(mention(1, { text: '' }))}\nnope`;
    const reply = await handler(
      apiEvent('POST /mentions', { body, headers: { 'content-type': 'application/x-ndjson' } }),
      contextFor('ingest'),
    );
    expect(reply.statusCode).toBe(400);
    const parsed = JSON.parse(reply.body ?? '');
    expect(parsed.code).toBe('VALIDATION_FAILED');
    expect(parsed.details.items.map((item: { code: string }) => item.code)).toEqual([
      'VALIDATION_FAILED',
      'INVALID_JSON',
    ]);
  });

  it('answers 415 for CSV and 413 for an oversized body', async () => {
    const csv = await handler(
      apiEvent('POST /mentions', { body: 'text\nhi', headers: { 'content-type': 'text/csv' } }),
      contextFor('ingest'),
    );
    const big = await handler(apiEvent('POST /mentions', { body: 'x'.repeat(1_100_000) }), contextFor('ingest'));
    expect(csv.statusCode).toBe(415);
    expect(big.statusCode).toBe(413);
  });

  it('answers 503 with retry-after when SQS cannot be reached', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ETIMEDOUT'));
    const reply = await handler(apiEvent('POST /mentions', { body: JSON.stringify(mention(1)) }), contextFor('ingest'));
    expect(reply.statusCode).toBe(503);
    expect(reply.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(reply.body ?? '').code).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('decodes a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify(mention(9))).toString('base64');
    const reply = await handler(
      { ...apiEvent('POST /mentions', { body }), isBase64Encoded: true },
      contextFor('ingest'),
    );
    expect(reply.statusCode).toBe(202);
  });
});
