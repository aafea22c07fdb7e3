import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import type { Reply } from '../../lambdas/domain/reply.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const draft: Reply = {
  replyId: 'reply-1',
  itemId: 'x:1001',
  mentionId: 'x:1001',
  network: 'x',
  kind: 'public',
  text: 'Sorry to hear that, we are looking into it now.',
  state: 'draft',
  createdBy: 'sam',
  createdAt: '2030-01-02T10:00:00.000Z',
  inReplyTo: '1001',
};

let tables: TestTables;
let names: TableNames;
let store: DynamoDbReplyStore;

const stored = async (replyId: string) =>
  (await tables.documents.send(new GetCommand({ TableName: names.replies, Key: { replyId }, ConsistentRead: true })))
    .Item;

const failureOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('DynamoDbReplyStore (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    store = new DynamoDbReplyStore(tables.documents, names.replies);
  });

  it('stores a reply as one item, its fields as attributes', async () => {
    // Act
    const outcome = await store.put(draft);
    // Assert
    expect(outcome).toEqual({ reply: draft, created: true });
    expect(await stored('reply-1')).toEqual(draft);
    expect(await store.get('reply-1')).toEqual(draft);
  });

  it('answers undefined for a reply never stored', async () => {
    // Assert
    expect(await store.get('no-such-reply')).toBeUndefined();
  });

  it('keeps the first reply when the same draft is put again', async () => {
    // Arrange
    await store.put(draft);
    await store.transition({ ...draft, state: 'awaiting-approval' }, 'draft');
    // Act
    const outcome = await store.put(draft);
    // Assert
    expect(outcome).toEqual({ reply: { ...draft, state: 'awaiting-approval' }, created: false });
    expect((await stored('reply-1'))?.state).toBe('awaiting-approval');
  });

  it('refuses a different draft under an id already used', async () => {
    // Arrange
    await store.put(draft);
    // Act
    const error = await failureOf(store.put({ ...draft, text: 'Something else entirely.' }));
    // Assert
    expect(error).toMatchObject({ code: 'CONFLICT', details: { replyId: 'reply-1' } });
    expect((await stored('reply-1'))?.text).toBe(draft.text);
  });

  it('replaces a reply still in the expected state', async () => {
    // Arrange
    await store.put(draft);
    const sending: Reply = { ...draft, state: 'sending' };
    // Act
    await store.transition(sending, 'draft');
    // Assert
    expect(await store.get('reply-1')).toEqual(sending);
  });

  it('removes the attributes the next reply no longer has', async () => {
    // Arrange
    const failed: Reply = {
      ...draft,
      state: 'failed',
      error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'X is unavailable (HTTP 503): down', retryable: true },
    };
    await store.put(failed);
    // Act
    await store.transition({ ...draft, state: 'sending' }, 'failed');
    // Assert
    expect(await stored('reply-1')).not.toHaveProperty('error');
  });

  it('refuses a transition from a state the reply has left, naming its state', async () => {
    // Arrange
    await store.put(draft);
    await store.transition({ ...draft, state: 'sending' }, 'draft');
    // Act
    const error = await failureOf(store.transition({ ...draft, state: 'sending' }, 'draft'));
    // Assert
    expect(error).toMatchObject({ code: 'CONFLICT', details: { state: 'sending', expected: 'draft' } });
  });

  it('lets exactly one of many concurrent transitions from one state through', async () => {
    // Arrange
    await store.put(draft);
    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.transition({ ...draft, state: 'sending', approvedBy: `lead-${index}` }, 'draft').then(
          () => 'won',
          (error: { code?: string }) => error.code,
        ),
      ),
    );
    // Assert
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'CONFLICT')).toHaveLength(7);
  });

  it('throws NOT_FOUND for a transition of a reply never stored', async () => {
    // Act
    const error = await failureOf(store.transition({ ...draft, state: 'sending' }, 'draft'));
    // Assert
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect(await stored('reply-1')).toBeUndefined();
  });

  it('lists the replies in a state, oldest first, up to the limit', async () => {
    // Arrange
    const at = (minute: number) => `2030-01-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
    for (const [index, minute] of [3, 1, 4, 2, 5].entries()) {
      await store.put({ ...draft, replyId: `waiting-${index}`, state: 'awaiting-approval', createdAt: at(minute) });
    }
    await store.put({ ...draft, replyId: 'a-draft', createdAt: at(0) });
    // Act
    const firstThree = await store.listByState('awaiting-approval', 3);
    const all = await store.listByState('awaiting-approval', 50);
    // Assert
    expect(firstThree.map((reply) => reply.createdAt)).toEqual([at(1), at(2), at(3)]);
    expect(all.map((reply) => reply.replyId)).toEqual([
      'waiting-1',
      'waiting-3',
      'waiting-0',
      'waiting-2',
      'waiting-4',
    ]);
    expect(await store.listByState('sent', 50)).toEqual([]);
  });

  it('throws a retryable DEPENDENCY_UNAVAILABLE when the table is missing', async () => {
    // Arrange
    const broken = new DynamoDbReplyStore(tables.documents, 'no-such-table');
    // Act
    const failures = await Promise.all([
      failureOf(broken.put(draft)),
      failureOf(broken.get('reply-1')),
      failureOf(broken.transition({ ...draft, state: 'sending' }, 'draft')),
      failureOf(broken.listByState('draft', 10)),
    ]);
    // Assert
    for (const failure of failures) expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });
});
