import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { RepliedMention, Reply, ReplyPolicy } from '../../lambdas/domain/reply.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalOutbox, localExternalId } from '../../lambdas/local/local-outbox.ts';
import type { ReplySender } from '../../lambdas/ports/reply-sender.ts';
import type { ReplyStore } from '../../lambdas/ports/reply-store.ts';
import { approveReply } from '../../lambdas/use-cases/approve-reply.ts';
import { type DraftReplyInput, draftReply } from '../../lambdas/use-cases/draft-reply.ts';
import { listReplies } from '../../lambdas/use-cases/list-replies.ts';
import { type ReplyPorts, sendReply } from '../../lambdas/use-cases/send-reply.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const draftedAt = '2030-01-02T10:00:00.000Z';
const sentAt = '2030-01-02T10:05:00.000Z';

const tweet: RepliedMention = {
  mentionId: 'x:900002',
  network: 'x',
  postId: '900002',
  conversationId: '900001',
  direct: false,
  author: { id: '55002', handle: 'ana_alt', verified: false },
};

const noApproval: ReplyPolicy = { approvalRequired: false };
const fourEyes: ReplyPolicy = { approvalRequired: true };

const failureOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** A sender that fails with the scripted errors first, then hands replies to the outbox. */
class ScriptedSender implements ReplySender {
  calls = 0;
  constructor(
    private readonly outbox: LocalOutbox,
    private readonly failures: unknown[] = [],
  ) {}

  async send(reply: Reply): Promise<{ externalId: string }> {
    this.calls += 1;
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    return this.outbox.send(reply);
  }
}

describe('drafting, sending and approving replies (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let store: DynamoDbReplyStore;
  let outbox: LocalOutbox;
  let now: Date;
  let ports: ReplyPorts;

  const draft = (overrides: Partial<DraftReplyInput> = {}) =>
    draftReply(
      {
        itemId: tweet.mentionId,
        mention: tweet,
        kind: 'public',
        text: 'Sorry about this! We are looking into it now.',
        createdBy: 'sam',
        ...overrides,
      },
      ports,
    );

  const storedItems = async () =>
    (await tables.documents.send(new ScanCommand({ TableName: names.replies, ConsistentRead: true }))).Items ?? [];

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    store = new DynamoDbReplyStore(tables.documents, names.replies);
    outbox = new LocalOutbox();
    now = new Date(draftedAt);
    ports = { replies: store, sender: outbox, clock: { now: () => now } };
  });

  describe('draftReply', () => {
    it('stores a draft and sends nothing', async () => {
      // Act
      const { reply, created } = await draft();
      // Assert
      expect(created).toBe(true);
      expect(reply).toEqual({
        replyId: expect.stringMatching(/^reply-[0-9a-f]{16}$/),
        itemId: 'x:900002',
        mentionId: 'x:900002',
        network: 'x',
        kind: 'public',
        text: 'Sorry about this! We are looking into it now.',
        state: 'draft',
        createdBy: 'sam',
        createdAt: draftedAt,
        inReplyTo: '900002',
      });
      expect(await store.get(reply.replyId)).toEqual(reply);
      expect(outbox.sent()).toEqual([]);
    });

    it('drafts the move-to-DM reply when a public reply comes without text', async () => {
      // Act
      const { reply } = await draft({ text: '  ' });
      // Assert
      expect(reply.text).toBe(
        'Hi @ana_alt, sorry to hear this — please send us a direct message so we can look at your account privately.',
      );
    });

    it('drafts a direct reply to the author of a public post', async () => {
      // Act
      const { reply } = await draft({ kind: 'direct', text: 'Hi Ana, we have found the double charge.' });
      // Assert
      expect(reply).toMatchObject({ kind: 'direct', inReplyTo: '900002', recipientId: '55002' });
    });

    it('drafts once when the same person drafts the same reply twice', async () => {
      // Arrange
      const first = await draft();
      now = new Date('2030-01-02T10:01:00.000Z');
      // Act
      const second = await draft();
      // Assert
      expect(second).toEqual({ reply: first.reply, created: false });
      expect(await storedItems()).toHaveLength(1);
    });

    it('drafts once per caller-supplied id, and refuses that id for another draft', async () => {
      // Arrange
      const first = await draft({ replyId: 'console-7f1c' });
      // Act
      const retried = await draft({ replyId: 'console-7f1c' });
      const other = await failureOf(draft({ replyId: 'console-7f1c', text: 'A different reply altogether.' }));
      // Assert
      expect(first.reply.replyId).toBe('console-7f1c');
      expect(retried.created).toBe(false);
      expect(other).toMatchObject({ code: 'CONFLICT' });
      expect(await storedItems()).toHaveLength(1);
    });

    it('refuses a reply with personal data, naming the kind only, and stores nothing', async () => {
      // Act
      const error = await failureOf(draft({ text: 'Please email your details to ana.silva@example.com' }));
      // Assert
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { found: ['email'] } });
      expect((error as Error).message).not.toContain('ana.silva@example.com');
      expect(await storedItems()).toEqual([]);
    });

    it.each<[string, Partial<DraftReplyInput>]>([
      ['a direct reply without text', { kind: 'direct', text: undefined }],
      ['a public answer to a direct message', { mention: { ...tweet, direct: true } }],
      ['a reply on a network the bridge cannot answer on', { mention: { ...tweet, network: 'review' } }],
      ['a reply too long for X', { text: 'a'.repeat(281) }],
      ['a caller id that cannot travel in a URL', { replyId: 'a/b' }],
    ])('refuses %s and stores nothing', async (_what, overrides) => {
      // Act
      const error = await failureOf(draft(overrides));
      // Assert
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await storedItems()).toEqual([]);
    });
  });

  describe('sendReply without approval', () => {
    it('sends the draft once and records what the network created', async () => {
      // Arrange
      const { reply } = await draft();
      now = new Date(sentAt);
      // Act
      const sent = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Assert
      const expected = { ...reply, state: 'sent', sentAt, externalId: localExternalId(reply.replyId) };
      expect(sent).toEqual(expected);
      expect(await store.get(reply.replyId)).toEqual(expected);
      expect(outbox.sent()).toEqual([
        { externalId: localExternalId(reply.replyId), reply: { ...reply, state: 'sending' } },
      ]);
    });

    it('never sends a sent reply again', async () => {
      // Arrange
      const { reply } = await draft();
      const sent = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Act
      const again = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Assert
      expect(again).toEqual(sent);
      expect(outbox.sent()).toHaveLength(1);
    });

    it('sends once however many sends race', async () => {
      // Arrange
      const { reply } = await draft();
      // Act
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => sendReply({ replyId: reply.replyId }, ports, noApproval)),
      );
      // Assert
      expect(outbox.sent()).toHaveLength(1);
      for (const outcome of outcomes) expect(['sending', 'sent']).toContain(outcome.state);
      expect((await store.get(reply.replyId))?.state).toBe('sent');
    });

    it('throws NOT_FOUND for a reply never drafted', async () => {
      // Act
      const error = await failureOf(sendReply({ replyId: 'no-such-reply' }, ports, noApproval));
      // Assert
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('failures', () => {
    it('records a failure with its error and sends on the retry', async () => {
      // Arrange
      const outage = new DomainError('DEPENDENCY_UNAVAILABLE', 'X is unavailable (HTTP 503): Service Unavailable', {
        retryable: true,
      });
      const sender = new ScriptedSender(outbox, [outage]);
      ports = { ...ports, sender };
      const { reply } = await draft();
      // Act
      const failed = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      const retried = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Assert
      expect(failed).toEqual({
        ...reply,
        state: 'failed',
        error: {
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'X is unavailable (HTTP 503): Service Unavailable',
          retryable: true,
        },
      });
      expect(retried).toMatchObject({ state: 'sent', externalId: localExternalId(reply.replyId) });
      expect(retried).not.toHaveProperty('error');
      expect(await store.get(reply.replyId)).not.toHaveProperty('error');
      expect(sender.calls).toBe(2);
      expect(outbox.sent()).toHaveLength(1);
    });

    it('records an unexpected sender failure as not retryable', async () => {
      // Arrange
      ports = { ...ports, sender: new ScriptedSender(outbox, [new TypeError('cannot read properties of undefined')]) };
      const { reply } = await draft();
      // Act
      const failed = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Assert
      expect(failed.error).toEqual({
        code: 'INTERNAL',
        message: 'the sender failed unexpectedly: cannot read properties of undefined',
        retryable: false,
      });
      expect((await store.get(reply.replyId))?.state).toBe('failed');
    });

    it('keeps a reply sent but not recorded in "sending", and never sends it again', async () => {
      // Arrange: the store fails the one write that records the send
      let failRecording = true;
      const flaky: ReplyStore = {
        put: (reply) => store.put(reply),
        get: (replyId) => store.get(replyId),
        listByState: (state, limit) => store.listByState(state, limit),
        listByItem: (itemId, limit) => store.listByItem(itemId, limit),
        transition: async (next, expected) => {
          if (next.state === 'sent' && failRecording) {
            failRecording = false;
            throw new DomainError('DEPENDENCY_UNAVAILABLE', 'throttled', { retryable: true });
          }
          return store.transition(next, expected);
        },
      };
      ports = { ...ports, replies: flaky };
      const { reply } = await draft();
      // Act
      const error = await failureOf(sendReply({ replyId: reply.replyId }, ports, noApproval));
      const again = await sendReply({ replyId: reply.replyId }, ports, noApproval);
      // Assert
      expect(error).toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        retryable: false,
        details: { replyId: reply.replyId, externalId: localExternalId(reply.replyId) },
      });
      expect(again.state).toBe('sending');
      expect(outbox.sent()).toHaveLength(1);
    });
  });

  describe('with approval required', () => {
    it('puts a sent draft up for approval and sends nothing until a lead approves', async () => {
      // Arrange
      const { reply } = await draft();
      // Act
      const waiting = await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      const askedAgain = await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      const listed = await listReplies({ state: 'awaiting-approval' }, ports);
      // Assert
      expect(waiting).toEqual({ ...reply, state: 'awaiting-approval' });
      expect(askedAgain).toEqual(waiting);
      expect(listed).toEqual([waiting]);
      expect(outbox.sent()).toEqual([]);
    });

    it('refuses the drafter approving their own reply, and sends nothing', async () => {
      // Arrange
      const { reply } = await draft();
      await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      // Act
      const error = await failureOf(approveReply({ replyId: reply.replyId, approver: 'sam' }, ports));
      // Assert
      expect(error).toMatchObject({ code: 'FORBIDDEN' });
      expect((await store.get(reply.replyId))?.state).toBe('awaiting-approval');
      expect(outbox.sent()).toEqual([]);
    });

    it("sends on a lead's approval, once, recording who approved", async () => {
      // Arrange
      const { reply } = await draft();
      await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      now = new Date(sentAt);
      // Act
      const approved = await approveReply({ replyId: reply.replyId, approver: 'lee' }, ports);
      const approvedAgain = await approveReply({ replyId: reply.replyId, approver: 'kim' }, ports);
      const sentAgain = await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      // Assert
      expect(approved).toEqual({
        ...reply,
        state: 'sent',
        approvedBy: 'lee',
        sentAt,
        externalId: localExternalId(reply.replyId),
      });
      expect(approvedAgain).toEqual(approved);
      expect(sentAgain).toEqual(approved);
      expect(outbox.sent()).toHaveLength(1);
      expect(await listReplies({ state: 'awaiting-approval' }, ports)).toEqual([]);
      expect(await listReplies({ state: 'sent' }, ports)).toEqual([approved]);
    });

    it('retries an approved reply that failed without asking for approval again', async () => {
      // Arrange
      const throttled = new DomainError('DEPENDENCY_UNAVAILABLE', 'Meta is unavailable (HTTP 400): Too many calls', {
        retryable: true,
      });
      ports = { ...ports, sender: new ScriptedSender(outbox, [throttled]) };
      const { reply } = await draft();
      await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      // Act
      const failed = await approveReply({ replyId: reply.replyId, approver: 'lee' }, ports);
      const retried = await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      // Assert
      expect(failed).toMatchObject({ state: 'failed', approvedBy: 'lee', error: { retryable: true } });
      expect(retried).toMatchObject({ state: 'sent', approvedBy: 'lee' });
      expect(outbox.sent()).toHaveLength(1);
    });

    it('sends once however many approvals race', async () => {
      // Arrange
      const { reply } = await draft();
      await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      // Act
      await Promise.all(
        ['lee', 'kim', 'lee', 'kim'].map((approver) => approveReply({ replyId: reply.replyId, approver }, ports)),
      );
      // Assert
      expect(outbox.sent()).toHaveLength(1);
      expect((await store.get(reply.replyId))?.state).toBe('sent');
    });
  });

  describe('listReplies', () => {
    it('lists awaiting approval by default, oldest first, up to the limit', async () => {
      // Arrange
      for (const [minute, text] of [
        [2, 'Second reply.'],
        [1, 'First reply.'],
        [3, 'Third reply.'],
      ] as const) {
        now = new Date(`2030-01-02T10:0${minute}:00.000Z`);
        const { reply } = await draft({ text });
        await sendReply({ replyId: reply.replyId }, ports, fourEyes);
      }
      // Act
      const listed = await listReplies({ limit: '2' }, ports);
      // Assert
      expect(listed.map((reply) => reply.text)).toEqual(['First reply.', 'Second reply.']);
    });

    it.each([{ state: 'pending' }, { limit: '0' }, { limit: 'many' }, { limit: 201 }])(
      'refuses the query %j',
      async (query) => {
        // Act
        const error = await failureOf(listReplies(query, ports));
        // Assert
        expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      },
    );
  });
});
