import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchConsumer,
  InvalidQueueMessageError,
  LocalQueue,
  type LocalQueueOptions,
  md5OfMessageAttributes,
} from '../../lambdas/local/local-queue.ts';

const queues: LocalQueue[] = [];

function queue(options: Partial<LocalQueueOptions> = {}): LocalQueue {
  const created = new LocalQueue({
    name: 'test-queue',
    visibilityTimeoutMs: 50,
    maxReceiveCount: 3,
    batchSize: 10,
    maxBatchingWindowMs: 0,
    concurrency: 1,
    ...options,
  });
  queues.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((created) => created.stop()));
});

function bodies(count: number, prefix = 'message'): { body: string }[] {
  return Array.from({ length: count }, (_, index) => ({ body: `${prefix}-${index}` }));
}

/** A consumer that records every record it is given, in the order given. */
function recorder(
  respond: (event: SQSEvent) => SQSBatchResponse | undefined | Promise<SQSBatchResponse | undefined> = () => undefined,
) {
  const events: SQSEvent[] = [];
  const deliveries: SQSRecord[] = [];
  const consumer: BatchConsumer = async (event) => {
    events.push(event);
    deliveries.push(...event.Records);
    return respond(event);
  };
  const deliveriesOf = (body: string) => deliveries.filter((record) => record.body === body);
  return { consumer, events, deliveries, deliveriesOf };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('LocalQueue batching', () => {
  it('delivers batches of at most batchSize messages', async () => {
    // Arrange
    const subject = queue({ batchSize: 3 });
    const { consumer, events } = recorder();
    subject.send(bodies(10));

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    const sizes = events.map((event) => event.Records.length);
    expect(sizes).toEqual([3, 3, 3, 1]);
    expect(subject.stats()).toMatchObject({ visible: 0, inFlight: 0, delayed: 0, received: 10, deleted: 10 });
  });

  it('waits up to maxBatchingWindowMs for a batch to fill, and no longer', async () => {
    // Arrange
    const clock = { now: 1_000_000 };
    const subject = queue({ batchSize: 5, maxBatchingWindowMs: 1_000, now: () => clock.now });
    const { consumer, events } = recorder();
    subject.start(consumer);

    // Act
    subject.send(bodies(2, 'early'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const eventsBeforeBatchFilled = events.length;
    subject.send(bodies(3, 'late'));
    await subject.whenIdle();
    subject.send(bodies(1, 'alone'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const eventsBeforeWindowClosed = events.length;
    clock.now += 1_000;
    await subject.whenIdle();

    // Assert
    expect(eventsBeforeBatchFilled).toBe(0);
    expect(eventsBeforeWindowClosed).toBe(1);
    expect(events.map((event) => event.Records.map((record) => record.body))).toEqual([
      ['early-0', 'early-1', 'late-0', 'late-1', 'late-2'],
      ['alone-0'],
    ]);
  });

  it('never runs more than `concurrency` batches at once', async () => {
    // Arrange
    const subject = queue({ batchSize: 1, concurrency: 3 });
    let running = 0;
    let mostAtOnce = 0;
    const consumer: BatchConsumer = async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
    };
    subject.send(bodies(30));

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(mostAtOnce).toBe(3);
    expect(subject.stats().deleted).toBe(30);
  });
});

describe('LocalQueue failures', () => {
  it('redelivers only the messages reported in batchItemFailures, and deletes the rest once', async () => {
    // Arrange
    const subject = queue();
    const [, failingId] = subject.send([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    const { consumer, deliveries, deliveriesOf } = recorder((event) =>
      event.Records.some(
        (record) => record.attributes.ApproximateReceiveCount === '1' && record.messageId === failingId,
      )
        ? { batchItemFailures: [{ itemIdentifier: failingId as string }] }
        : undefined,
    );

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(deliveries).toHaveLength(4);
    expect(deliveriesOf('a')).toHaveLength(1);
    expect(deliveriesOf('c')).toHaveLength(1);
    expect(deliveriesOf('b').map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(subject.stats()).toMatchObject({ received: 4, deleted: 3, deadLettered: 0 });
  });

  it('redelivers the whole batch when the consumer throws', async () => {
    // Arrange
    const subject = queue();
    subject.send(bodies(3));
    let calls = 0;
    const { consumer, deliveries } = recorder(() => {
      calls++;
      if (calls === 1) throw new Error('database unavailable');
      return undefined;
    });

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(deliveries.map((record) => `${record.body}#${record.attributes.ApproximateReceiveCount}`).sort()).toEqual([
      'message-0#1',
      'message-0#2',
      'message-1#1',
      'message-1#2',
      'message-2#1',
      'message-2#2',
    ]);
    expect(subject.stats()).toMatchObject({ received: 6, deleted: 3 });
  });

  it.each([
    ['an unknown message id', { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a missing itemIdentifier', { batchItemFailures: [{ messageId: 'x' }] }],
    ['a batchItemFailures that is not a list', { batchItemFailures: 'all of them' }],
  ])('fails the whole batch for a response with %s, as Lambda does', async (_, badResponse) => {
    // Arrange
    const subject = queue();
    subject.send(bodies(2));
    let calls = 0;
    const { consumer, deliveries } = recorder(() => {
      calls++;
      return (calls === 1 ? badResponse : undefined) as SQSBatchResponse | undefined;
    });

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(deliveries).toHaveLength(4);
    expect(subject.stats()).toMatchObject({ received: 4, deleted: 2, deadLettered: 0 });
  });

  it('treats an empty batchItemFailures list as success', async () => {
    // Arrange
    const subject = queue();
    subject.send(bodies(4));
    const { consumer, deliveries } = recorder(() => ({ batchItemFailures: [] }));

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(deliveries).toHaveLength(4);
    expect(subject.stats()).toMatchObject({ received: 4, deleted: 4 });
  });

  it('moves a message that fails maxReceiveCount times to the dead letters and stops delivering it', async () => {
    // Arrange
    const letters: string[] = [];
    const subject = queue({ maxReceiveCount: 3, onDeadLetter: (letter) => letters.push(letter.body) });
    const [poisonId] = subject.send([{ body: 'poison', attributes: { source: 'test' } }, { body: 'fine' }]);
    const { consumer, deliveriesOf } = recorder((event) => ({
      batchItemFailures: event.Records.filter((record) => record.messageId === poisonId).map((record) => ({
        itemIdentifier: record.messageId,
      })),
    }));

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(deliveriesOf('poison').map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3']);
    expect(deliveriesOf('fine')).toHaveLength(1);
    expect(subject.deadLetters).toEqual([
      expect.objectContaining({
        messageId: poisonId,
        body: 'poison',
        receiveCount: 3,
        reason: 'reported in batchItemFailures',
        attributes: { source: 'test' },
      }),
    ]);
    expect(letters).toEqual(['poison']);
    expect(subject.stats()).toMatchObject({ deadLettered: 1, deleted: 1, visible: 0, delayed: 0 });
  });

  it('records the error message as the reason when a thrown batch exhausts its receives', async () => {
    // Arrange
    const subject = queue({ maxReceiveCount: 2 });
    subject.send([{ body: 'x' }]);
    const consumer: BatchConsumer = async () => {
      throw new Error('classifier crashed');
    };

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(subject.deadLetters.map(({ body, reason, receiveCount }) => ({ body, reason, receiveCount }))).toEqual([
      { body: 'x', reason: 'classifier crashed', receiveCount: 2 },
    ]);
  });

  it('redelivers a message whose visibility timeout expires while it is in flight, and ignores the late outcome', async () => {
    // Arrange
    const clock = { now: 5_000 };
    const subject = queue({ visibilityTimeoutMs: 100, concurrency: 2, now: () => clock.now });
    const firstDelivery = deferred();
    const firstDeliveryMayFinish = deferred();
    const secondDelivery = deferred();
    const { consumer, deliveries } = recorder(async (event) => {
      const record = event.Records[0] as SQSRecord;
      if (record.attributes.ApproximateReceiveCount === '1') {
        firstDelivery.resolve();
        await firstDeliveryMayFinish.promise;
        return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
      }
      secondDelivery.resolve();
      return undefined;
    });
    subject.send([{ body: 'slow' }]);
    subject.start(consumer);
    await firstDelivery.promise;

    // Act
    clock.now += 100;
    await secondDelivery.promise;
    firstDeliveryMayFinish.resolve();
    await subject.whenIdle();

    // Assert
    expect(deliveries.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(subject.stats()).toMatchObject({ received: 2, deleted: 1, deadLettered: 0, delayed: 0 });
  });

  it('redrives dead letters into the queue as new messages', async () => {
    // Arrange
    const subject = queue({ maxReceiveCount: 1 });
    subject.send([{ body: 'retry-me' }]);
    let healthy = false;
    const { consumer, deliveriesOf } = recorder(() => {
      if (!healthy) throw new Error('down');
      return undefined;
    });
    subject.start(consumer);
    await subject.whenIdle();
    healthy = true;

    // Act
    const moved = subject.redriveDeadLetters();
    await subject.whenIdle();

    // Assert
    expect(moved).toBe(1);
    expect(subject.deadLetters).toEqual([]);
    expect(deliveriesOf('retry-me')).toHaveLength(2);
    expect(subject.stats().deleted).toBe(1);
  });

  it('parks records a consumer dead-letters itself, with their reason', () => {
    // Arrange
    const subject = queue();

    // Act
    const letter = subject.putDeadLetter({
      body: '{"bad":true}',
      reason: 'VALIDATION: no text',
      attributes: { code: 'VALIDATION' },
    });

    // Assert
    expect(subject.deadLetters).toEqual([letter]);
    expect(letter).toMatchObject({
      body: '{"bad":true}',
      reason: 'VALIDATION: no text',
      attributes: { code: 'VALIDATION' },
    });
    expect(subject.stats()).toMatchObject({ deadLettered: 1, visible: 0 });
  });
});

describe('LocalQueue event shape', () => {
  it('builds records shaped like the SQS event source mapping delivers them', async () => {
    // Arrange
    const clock = { now: 1_700_000_000_000 };
    const subject = queue({ name: 'mentions', now: () => clock.now });
    const body = '{"text":"my card is blocked ☹️"}';
    const [messageId] = subject.send([{ body, attributes: { mentionId: 'm-1' } }, { body: 'plain' }]);
    clock.now += 7;
    const { consumer, events } = recorder();

    // Act
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    const [withAttributes, plain] = events[0]?.Records ?? [];
    expect(withAttributes).toEqual({
      messageId,
      receiptHandle: expect.stringMatching(/.{20,}/),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1700000000000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1700000000007',
      },
      messageAttributes: {
        mentionId: { stringValue: 'm-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
      md5OfMessageAttributes: md5OfMessageAttributes({ mentionId: 'm-1' }),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:mentions',
      awsRegion: 'local',
    });
    expect(plain?.messageAttributes).toEqual({});
    expect(plain).not.toHaveProperty('md5OfMessageAttributes');
    expect(withAttributes?.receiptHandle).not.toBe(plain?.receiptHandle);
  });

  it('computes MD5OfMessageAttributes as SQS does', () => {
    // Arrange: a pair SQS returned for SendMessage (body "My Message", one String attribute).
    const attributes = { Attr1: 'Attr1' };

    // Act
    const digest = md5OfMessageAttributes(attributes);

    // Assert
    expect(digest).toBe('90f34a800b9d242c1b32320e4a3ed630');
  });

  it('rejects messages SQS would refuse, enqueuing none of them', () => {
    // Arrange
    const subject = queue();
    const tooBig = 'x'.repeat(256 * 1024 + 1);

    // Act
    const attempts = [
      [{ body: 'ok' }, { body: '' }],
      [{ body: 'ok' }, { body: 'bell \u0007' }],
      [{ body: 'lone surrogate \uD83D' }],
      [{ body: tooBig }],
      [{ body: 'ok', attributes: Object.fromEntries(bodies(11).map(({ body }) => [body, 'v'])) }],
      [{ body: 'ok', attributes: { 'AWS.reserved': 'v' } }],
    ].map((messages) => () => subject.send(messages));

    // Assert
    for (const attempt of attempts) expect(attempt).toThrow(InvalidQueueMessageError);
    expect(subject.stats().visible).toBe(0);
    expect(subject.send([{ body: 'emoji 😀 and tab\tare fine' }])).toHaveLength(1);
  });
});

describe('LocalQueue lifecycle', () => {
  it('resolves whenIdle at once when nothing is queued', async () => {
    // Arrange
    const subject = queue();

    // Act
    await subject.whenIdle();

    // Assert
    expect(subject.stats()).toEqual({ visible: 0, inFlight: 0, delayed: 0, deadLettered: 0, received: 0, deleted: 0 });
  });

  it('stops polling, waits for the batch in flight, and keeps undelivered messages', async () => {
    // Arrange
    const subject = queue({ batchSize: 1 });
    const inConsumer = deferred();
    const release = deferred();
    let finished = 0;
    subject.send(bodies(3));
    subject.start(async () => {
      inConsumer.resolve();
      await release.promise;
      finished++;
    });
    await inConsumer.promise;

    // Act
    const stopped = subject.stop();
    release.resolve();
    await stopped;
    subject.send(bodies(2, 'after-stop'));

    // Assert
    expect(finished).toBe(1);
    expect(subject.running).toBe(false);
    expect(subject.stats()).toMatchObject({ visible: 4, inFlight: 0, deleted: 1 });
  });

  it('resumes delivery when started again after stop', async () => {
    // Arrange
    const subject = queue();
    subject.send(bodies(5));
    const { consumer, deliveries } = recorder();

    // Act
    subject.start(consumer);
    await subject.stop();
    subject.send(bodies(5, 'second'));
    subject.start(consumer);
    await subject.whenIdle();

    // Assert
    expect(new Set(deliveries.map((record) => record.body)).size).toBe(10);
    expect(subject.stats().deleted).toBe(10);
  });

  it('delivers 5,000 messages exactly once each with a consumer that always succeeds', async () => {
    // Arrange
    const subject = queue({ batchSize: 10, concurrency: 5, visibilityTimeoutMs: 30_000 });
    const seen = new Map<string, number>();
    subject.start(async (event) => {
      await Promise.resolve();
      for (const record of event.Records) seen.set(record.messageId, (seen.get(record.messageId) ?? 0) + 1);
    });

    // Act
    const ids = [...subject.send(bodies(2_500, 'first')), ...subject.send(bodies(2_500, 'second'))];
    await subject.whenIdle();

    // Assert
    expect(seen.size).toBe(5_000);
    expect(ids.every((id) => seen.get(id) === 1)).toBe(true);
    expect(subject.stats()).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
      deadLettered: 0,
      received: 5_000,
      deleted: 5_000,
    });
  });
});
