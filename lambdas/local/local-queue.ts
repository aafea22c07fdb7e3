/**
 * An in-process queue with the semantics of an SQS standard queue feeding a Lambda function
 * through an event source mapping with `ReportBatchItemFailures`, so that the local runtime drives
 * the very handler that runs in AWS the way AWS would:
 *
 * - The poller takes up to `batchSize` visible messages, waiting up to `maxBatchingWindowMs` for a
 *   batch to fill, and runs at most `concurrency` batches at once.
 * - A received message is invisible until its visibility timeout expires, and its
 *   `ApproximateReceiveCount` goes up by one.
 * - The consumer's response decides what happens to the batch, as Lambda does:
 *   - nothing, `null`, no `batchItemFailures` or an empty list: every message is deleted;
 *   - `batchItemFailures` naming messages of the batch: those stay in the queue and are delivered
 *     again once their visibility timeout expires, the others are deleted;
 *   - a thrown error, a failure naming an unknown message id, an empty or missing
 *     `itemIdentifier`, or a response that is not a batch response: the whole batch fails.
 * - A message that fails after its `maxReceiveCount`-th receive moves to the dead letters, with
 *   the reason (the error message or `reported in batchItemFailures`).
 * - A message still in flight when its visibility timeout expires (a consumer slower than the
 *   timeout) becomes visible again and may be delivered twice, as in SQS; the late outcome of the
 *   first delivery is ignored once the message has been received again.
 * - `send` rejects what SQS rejects: empty bodies, characters SQS does not allow, more than
 *   `maxMessageBytes` (body and attributes), more than 10 attributes.
 *
 * Messages are kept in a FIFO array (standard queues promise no order; this one is roughly
 * first in, first out), messages waiting out a visibility timeout in a min-heap ordered by the time
 * they become visible again, so every operation is O(log n) at most. When there is nothing to do
 * the queue waits on a single timer or on `send`; `stop()` clears it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

export interface LocalQueueOptions {
  /** Queue name, used in the event source ARN `arn:aws:sqs:local:000000000000:<name>`. */
  readonly name: string;
  readonly visibilityTimeoutMs: number;
  /** Receives after which a failing message moves to the dead letters (SQS redrive policy). */
  readonly maxReceiveCount: number;
  /** Most messages per batch (1 to 10,000, as the event source mapping allows). */
  readonly batchSize: number;
  /** How long the poller waits for a batch to fill before it delivers a partial one. */
  readonly maxBatchingWindowMs: number;
  /** Most batches in flight at once (the event source mapping's maximum concurrency). */
  readonly concurrency: number;
  /** Largest message, body and attributes, in bytes; default 256 KiB as SQS. */
  readonly maxMessageBytes?: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  readonly now?: () => number;
  /** Called whenever a message moves to the dead letters. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
}

/** A Lambda handler for SQS batches, as wired to an event source mapping. */
// biome-ignore lint/suspicious/noConfusingVoidType: the shape of aws-lambda's SQSHandler, so handlers fit as they are.
export type BatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface OutgoingMessage {
  readonly body: string;
  /** String message attributes, delivered as `messageAttributes` with dataType `String`. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly reason: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Epoch milliseconds when it became a dead letter. */
  readonly at: number;
}

export interface LocalQueueStats {
  /** Messages waiting to be received. */
  readonly visible: number;
  /** Messages received by a batch that has not finished. */
  readonly inFlight: number;
  /** Messages that failed and wait out their visibility timeout before they are delivered again. */
  readonly delayed: number;
  readonly deadLettered: number;
  /** Deliveries so far (a message delivered three times counts three). */
  readonly received: number;
  readonly deleted: number;
}

/** `send` was given a message that SQS would refuse. Nothing of that call was enqueued. */
export class InvalidQueueMessageError extends Error {
  override readonly name = 'InvalidQueueMessageError';
}

/** SQS's limit on the size of one message, body and attributes. */
export const sqsMaxMessageBytes = 256 * 1024;
const maxAttributes = 10;
const accountId = '000000000000';
const reportedReason = 'reported in batchItemFailures';

type State = 'visible' | 'inFlight' | 'delayed' | 'deleted' | 'dead';

interface Message {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: SQSMessageAttributes;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes: string | undefined;
  readonly sentAt: number;
  firstReceivedAt: number | undefined;
  receiveCount: number;
  /** Receipt handle of the latest receive. */
  receiptHandle: string | undefined;
  state: State;
}

/** A message becomes visible again at `at`, if it was not received since (`receiptHandle`). */
interface Wake {
  readonly at: number;
  readonly message: Message;
  readonly receiptHandle: string;
}

interface Delivery {
  readonly message: Message;
  readonly receiptHandle: string;
}

interface IdleWaiter {
  readonly resolve: () => void;
  readonly ignoreDelayed: boolean;
}

export class LocalQueue {
  readonly name: string;
  readonly arn: string;
  readonly #options: Required<Omit<LocalQueueOptions, 'onDeadLetter'>> & Pick<LocalQueueOptions, 'onDeadLetter'>;
  readonly #now: () => number;
  /** Capped timer delay when the clock is injected, so that a clock moved by a test is noticed. */
  readonly #maxTimerDelayMs: number;

  readonly #fifo: (Message | undefined)[] = [];
  #head = 0;
  readonly #wakes: Wake[] = [];
  readonly #deadLetters: DeadLetter[] = [];
  #visible = 0;
  #inFlight = 0;
  #delayed = 0;
  #received = 0;
  #deleted = 0;

  #consumer: BatchConsumer | undefined;
  #running = false;
  readonly #batches = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #pumpScheduled = false;
  #windowOpenedAt: number | undefined;
  #idleWaiters: IdleWaiter[] = [];

  constructor(options: LocalQueueOptions) {
    const positive = (value: number, what: string, min = 1): void => {
      if (!Number.isFinite(value) || value < min)
        throw new RangeError(`LocalQueue ${options.name}: ${what} must be >= ${min}`);
    };
    positive(options.visibilityTimeoutMs, 'visibilityTimeoutMs', 0);
    positive(options.maxReceiveCount, 'maxReceiveCount');
    positive(options.batchSize, 'batchSize');
    positive(options.maxBatchingWindowMs, 'maxBatchingWindowMs', 0);
    positive(options.concurrency, 'concurrency');
    this.name = options.name;
    this.arn = `arn:aws:sqs:local:${accountId}:${options.name}`;
    this.#now = options.now ?? Date.now;
    this.#maxTimerDelayMs = options.now ? 20 : 2 ** 31 - 1;
    this.#options = { maxMessageBytes: sqsMaxMessageBytes, now: this.#now, ...options };
  }

  /** Messages that failed `maxReceiveCount` times, or were parked with {@link putDeadLetter}. */
  get deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /** Whether a consumer is attached and polling. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Enqueues messages at once and returns their message ids. All or nothing: when one message is
   * invalid, an {@link InvalidQueueMessageError} is thrown and none is enqueued.
   */
  send(messages: readonly OutgoingMessage[]): string[] {
    for (const [index, message] of messages.entries()) validate(message, index, this.#options.maxMessageBytes);
    const sentAt = this.#now();
    const ids: string[] = [];
    for (const { body, attributes = {} } of messages) {
      const messageId = randomUUID();
      const names = Object.keys(attributes);
      const message: Message = {
        messageId,
        body,
        attributes: { ...attributes },
        messageAttributes: toMessageAttributes(attributes),
        md5OfBody: md5(body),
        md5OfMessageAttributes: names.length > 0 ? md5OfMessageAttributes(attributes) : undefined,
        sentAt,
        firstReceivedAt: undefined,
        receiveCount: 0,
        receiptHandle: undefined,
        state: 'visible',
      };
      this.#fifo.push(message);
      this.#visible++;
      ids.push(messageId);
    }
    this.#schedulePump();
    return ids;
  }

  /** Attaches the consumer and starts polling. */
  start(consumer: BatchConsumer): void {
    if (this.#running) throw new Error(`LocalQueue ${this.name} is already started`);
    this.#consumer = consumer;
    this.#running = true;
    this.#schedulePump();
  }

  /**
   * Stops polling and waits for the batches in flight to finish (their outcome is still applied).
   * Messages stay in the queue; `start` may be called again. Leaves no timer behind.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#clearTimer();
    while (this.#batches.size > 0) await Promise.all([...this.#batches]);
    this.#clearTimer();
  }

  /**
   * Resolves once every message sent so far has been deleted or dead-lettered: none visible, in
   * flight or waiting out a visibility timeout. With `ignoreDelayed`, messages waiting out a
   * visibility timeout after a failure do not count. Dead letters never count.
   */
  whenIdle(options: { ignoreDelayed?: boolean } = {}): Promise<void> {
    const ignoreDelayed = options.ignoreDelayed ?? false;
    if (this.#isIdle(ignoreDelayed)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push({ resolve, ignoreDelayed }));
  }

  stats(): LocalQueueStats {
    return {
      visible: this.#visible,
      inFlight: this.#inFlight,
      delayed: this.#delayed,
      deadLettered: this.#deadLetters.length,
      received: this.#received,
      deleted: this.#deleted,
    };
  }

  /**
   * Parks a record as a dead letter directly, for consumers that recognise a record they will never
   * be able to process (and then report it as processed, so that the queue deletes it).
   */
  putDeadLetter(letter: {
    body: string;
    reason: string;
    attributes?: Readonly<Record<string, string>>;
    messageId?: string;
    receiveCount?: number;
  }): DeadLetter {
    const dead: DeadLetter = {
      messageId: letter.messageId ?? randomUUID(),
      body: letter.body,
      receiveCount: letter.receiveCount ?? 0,
      reason: letter.reason,
      attributes: { ...letter.attributes },
      at: this.#now(),
    };
    this.#recordDeadLetter(dead);
    return dead;
  }

  /**
   * Moves dead letters back into the queue as new messages (receive count 0), as an SQS
   * dead-letter redrive does, and returns how many were moved. `filter` picks which.
   */
  redriveDeadLetters(filter: (letter: DeadLetter) => boolean = () => true): number {
    const moving = new Set(this.#deadLetters.filter(filter));
    if (moving.size === 0) return 0;
    const staying = this.#deadLetters.filter((letter) => !moving.has(letter));
    this.send([...moving].map(({ body, attributes }) => ({ body, attributes })));
    this.#deadLetters.splice(0, this.#deadLetters.length, ...staying);
    return moving.size;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || !this.#running) {
      this.#notifyIdle();
      return;
    }
    this.#pumpScheduled = true;
    queueMicrotask(() => this.#pump());
  }

  #pump(): void {
    this.#pumpScheduled = false;
    if (!this.#running) {
      this.#notifyIdle();
      return;
    }
    const now = this.#now();
    this.#promoteDue(now);
    const { batchSize, maxBatchingWindowMs, concurrency } = this.#options;
    if (this.#visible === 0) this.#windowOpenedAt = undefined;
    while (this.#batches.size < concurrency && this.#visible > 0) {
      if (this.#visible < batchSize && maxBatchingWindowMs > 0) {
        this.#windowOpenedAt ??= now;
        if (now - this.#windowOpenedAt < maxBatchingWindowMs) break;
      }
      this.#windowOpenedAt = undefined;
      const deliveries = this.#receive(now);
      if (deliveries.length > 0) this.#dispatch(deliveries, now);
      else if (this.#head >= this.#fifo.length) break; // only dead-lettered ones were left
    }
    this.#armTimer(now);
    this.#notifyIdle();
  }

  /** Makes visible again the messages whose visibility timeout has expired. */
  #promoteDue(now: number): void {
    for (;;) {
      const top = this.#wakes[0];
      if (!top || top.at > now) return;
      heapPop(this.#wakes);
      const { message } = top;
      if (message.receiptHandle !== top.receiptHandle) continue;
      if (message.state === 'delayed') this.#delayed--;
      else if (message.state === 'inFlight') this.#inFlight--;
      else continue;
      message.state = 'visible';
      this.#visible++;
      this.#fifo.push(message);
    }
  }

  #receive(now: number): Delivery[] {
    const { batchSize, maxReceiveCount, visibilityTimeoutMs } = this.#options;
    const deliveries: Delivery[] = [];
    while (deliveries.length < batchSize && this.#head < this.#fifo.length) {
      const message = this.#fifo[this.#head];
      this.#fifo[this.#head] = undefined;
      this.#head++;
      if (message?.state !== 'visible') continue;
      this.#visible--;
      if (message.receiveCount >= maxReceiveCount) {
        // Only a message whose visibility timeout expired while it was in flight gets here.
        this.#deadLetter(message, 'visibility timeout expired while in flight', now);
        continue;
      }
      const receiptHandle = newReceiptHandle();
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.receiptHandle = receiptHandle;
      message.state = 'inFlight';
      this.#inFlight++;
      this.#received++;
      heapPush(this.#wakes, { at: now + visibilityTimeoutMs, message, receiptHandle });
      deliveries.push({ message, receiptHandle });
    }
    if (this.#head > 1024 && this.#head * 2 > this.#fifo.length) {
      this.#fifo.splice(0, this.#head);
      this.#head = 0;
    }
    return deliveries;
  }

  #dispatch(deliveries: Delivery[], now: number): void {
    const consumer = this.#consumer;
    if (!consumer) return;
    const event: SQSEvent = { Records: deliveries.map((delivery) => this.#record(delivery, now)) };
    const batch = (async () => {
      let failed: ReadonlySet<string> | 'all';
      let reason: string;
      try {
        const response = await consumer(event);
        ({ failed, reason } = interpret(response, deliveries));
      } catch (error) {
        failed = 'all';
        reason = error instanceof Error ? error.message || error.name : String(error);
      }
      this.#settle(deliveries, failed, reason);
    })();
    this.#batches.add(batch);
    batch.finally(() => {
      this.#batches.delete(batch);
      this.#schedulePump();
    });
  }

  #record({ message, receiptHandle }: Delivery, now: number): SQSRecord {
    const record: SQSRecord = {
      messageId: message.messageId,
      receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: accountId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? now),
      },
      messageAttributes: message.messageAttributes,
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
    if (message.md5OfMessageAttributes) record.md5OfMessageAttributes = message.md5OfMessageAttributes;
    return record;
  }

  #settle(deliveries: readonly Delivery[], failed: ReadonlySet<string> | 'all', reason: string): void {
    const now = this.#now();
    const { maxReceiveCount } = this.#options;
    for (const { message, receiptHandle } of deliveries) {
      // Received again after its visibility timeout expired: this outcome is stale.
      if (message.receiptHandle !== receiptHandle) continue;
      if (message.state !== 'inFlight' && message.state !== 'visible') continue;
      const wasInFlight = message.state === 'inFlight';
      const failedHere = failed === 'all' || failed.has(message.messageId);
      if (!failedHere) {
        this.#leave(message);
        message.state = 'deleted';
        this.#deleted++;
      } else if (message.receiveCount >= maxReceiveCount) {
        this.#leave(message);
        this.#deadLetter(message, reason, now);
      } else if (wasInFlight) {
        // Becomes visible when the visibility timeout set at receive expires (see #promoteDue).
        this.#inFlight--;
        message.state = 'delayed';
        this.#delayed++;
      }
    }
  }

  /** Takes a message out of the count it is in (a visible one stays in the FIFO, skipped later). */
  #leave(message: Message): void {
    if (message.state === 'inFlight') this.#inFlight--;
    else if (message.state === 'visible') this.#visible--;
    else if (message.state === 'delayed') this.#delayed--;
  }

  #deadLetter(message: Message, reason: string, now: number): void {
    message.state = 'dead';
    this.#recordDeadLetter({
      messageId: message.messageId,
      body: message.body,
      receiveCount: message.receiveCount,
      reason,
      attributes: message.attributes,
      at: now,
    });
  }

  #recordDeadLetter(letter: DeadLetter): void {
    this.#deadLetters.push(letter);
    try {
      this.#options.onDeadLetter?.(letter);
    } catch (error) {
      process.emitWarning(`LocalQueue ${this.name}: onDeadLetter threw: ${String(error)}`);
    }
  }

  #armTimer(now: number): void {
    // Drop wakes of messages deleted or received again since, so they do not keep a timer.
    while (this.#wakes[0] && !isCurrent(this.#wakes[0])) heapPop(this.#wakes);
    let at = this.#wakes[0]?.at ?? Number.POSITIVE_INFINITY;
    if (this.#windowOpenedAt !== undefined && this.#visible > 0 && this.#batches.size < this.#options.concurrency) {
      at = Math.min(at, this.#windowOpenedAt + this.#options.maxBatchingWindowMs);
    }
    if (at === Number.POSITIVE_INFINITY) {
      this.#clearTimer();
      return;
    }
    const delay = Math.min(Math.max(at - now, 0), this.#maxTimerDelayMs);
    const fireAt = now + delay;
    if (this.#timer && this.#timerAt <= fireAt) return;
    this.#clearTimer();
    this.#timerAt = fireAt;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#schedulePump();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #isIdle(ignoreDelayed: boolean): boolean {
    return this.#visible === 0 && this.#inFlight === 0 && (ignoreDelayed || this.#delayed === 0);
  }

  #notifyIdle(): void {
    if (this.#idleWaiters.length === 0) return;
    const waiting: IdleWaiter[] = [];
    for (const waiter of this.#idleWaiters) {
      if (this.#isIdle(waiter.ignoreDelayed)) waiter.resolve();
      else waiting.push(waiter);
    }
    this.#idleWaiters = waiting;
  }
}

function isCurrent(wake: Wake): boolean {
  const { message } = wake;
  return message.receiptHandle === wake.receiptHandle && (message.state === 'inFlight' || message.state === 'delayed');
}

/** Applies Lambda's success and failure conditions for partial batch responses. */
function interpret(
  response: unknown,
  deliveries: readonly Delivery[],
): { failed: ReadonlySet<string> | 'all'; reason: string } {
  const none = { failed: new Set<string>(), reason: '' };
  if (response === undefined || response === null) return none;
  if (typeof response !== 'object' || Array.isArray(response)) {
    return { failed: 'all', reason: `invalid batch response: ${describe(response)}` };
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return none;
  if (!Array.isArray(failures)) {
    return { failed: 'all', reason: `invalid batch response: batchItemFailures is ${describe(failures)}` };
  }
  const ids = new Set(deliveries.map(({ message }) => message.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') {
      return { failed: 'all', reason: `invalid batch response: itemIdentifier is ${describe(id)}` };
    }
    if (!ids.has(id)) {
      return { failed: 'all', reason: `invalid batch response: itemIdentifier ${id} is not in the batch` };
    }
    failed.add(id);
  }
  return { failed, reason: reportedReason };
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}

// Characters SQS accepts in bodies and attribute values: #x9 | #xA | #xD | #x20 to #xD7FF |
// #xE000 to #xFFFD | #x10000 to #x10FFFF. A lone surrogate is outside every range.
const forbiddenCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const attributeName = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

function validate(message: OutgoingMessage, index: number, maxBytes: number): void {
  const fail = (why: string): never => {
    throw new InvalidQueueMessageError(`message ${index}: ${why}`);
  };
  if (typeof message.body !== 'string' || message.body.length === 0) fail('the body must be a non-empty string');
  const bad = forbiddenCharacter.exec(message.body);
  if (bad) fail(`the body contains a character SQS rejects (U+${codePoint(bad[0])}) at index ${bad.index}`);
  let bytes = Buffer.byteLength(message.body, 'utf8');
  const attributes = Object.entries(message.attributes ?? {});
  if (attributes.length > maxAttributes) fail(`${attributes.length} attributes, SQS allows ${maxAttributes}`);
  for (const [name, value] of attributes) {
    if (!attributeName.test(name) || /^(aws|amazon)\./i.test(name))
      fail(`attribute name ${JSON.stringify(name)} is invalid`);
    if (typeof value !== 'string' || value.length === 0) fail(`attribute ${name} must be a non-empty string`);
    if (forbiddenCharacter.test(value)) fail(`attribute ${name} contains a character SQS rejects`);
    bytes += Buffer.byteLength(name, 'utf8') + 'String'.length + Buffer.byteLength(value, 'utf8');
  }
  if (bytes > maxBytes) fail(`${bytes} bytes, more than the ${maxBytes} SQS allows`);
}

function codePoint(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

function toMessageAttributes(attributes: Readonly<Record<string, string>>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = { stringValue: value, stringListValues: [], binaryListValues: [], dataType: 'String' };
  }
  return result;
}

function md5(text: string | Buffer): string {
  return createHash('md5').update(text).digest('hex');
}

/** MD5 of message attributes the way SQS computes `MD5OfMessageAttributes`. */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, string>>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  const names = Object.keys(attributes).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    lengthPrefixed(name);
    lengthPrefixed('String');
    parts.push(Buffer.from([1])); // transport type: 1 string (String, Number), 2 binary
    lengthPrefixed(attributes[name] ?? '');
  }
  return md5(Buffer.concat(parts));
}

function newReceiptHandle(): string {
  return randomBytes(48).toString('base64');
}

function heapPush(heap: Wake[], wake: Wake): void {
  heap.push(wake);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    const above = heap[parent] as Wake;
    if (above.at <= wake.at) break;
    heap[index] = above;
    index = parent;
  }
  heap[index] = wake;
}

function heapPop(heap: Wake[]): Wake | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  let index = 0;
  for (;;) {
    const left = 2 * index + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const leftWake = heap[left] as Wake;
    const rightWake = heap[right];
    const child = rightWake && rightWake.at < leftWake.at ? right : left;
    const childWake = heap[child] as Wake;
    if (childWake.at >= last.at) break;
    heap[index] = childWake;
    index = child;
  }
  heap[index] = last;
  return top;
}
