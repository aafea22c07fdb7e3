import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import { DynamoDbMentionStore } from '../../lambdas/adapters/dynamodb-mention-store.ts';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import type { CaseInput } from '../../lambdas/domain/case.ts';
import { closingReplyId } from '../../lambdas/domain/closing-the-loop.ts';
import type { MentionRecord } from '../../lambdas/domain/disposition.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { interactionFor } from '../../lambdas/domain/new-case.ts';
import { redactRecord } from '../../lambdas/domain/revise-record.ts';
import type { Reply, ReplyPolicy } from '../../lambdas/domain/reply.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalOutbox } from '../../lambdas/local/local-outbox.ts';
import type { ReplySender } from '../../lambdas/ports/reply-sender.ts';
import { type CloseTheLoopPorts, closeTheLoop } from '../../lambdas/use-cases/close-the-loop.ts';
import { aCase } from '../support/case-builder.ts';
import { aMentionRecord } from '../support/mention-record-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const resolvedAt = '2030-01-03T10:00:00.000Z';
const noApproval: ReplyPolicy = { approvalRequired: false };
const fourEyes: ReplyPolicy = { approvalRequired: true };

const closing =
  'Hi @ana, thanks for your patience — this is now sorted. If anything is still not right, reply here or send us a direct message.';

/** Two threads by @ana (x:100 with a follow-up x:101, and x:200), on case-9 beside a phone call. */
const threadRecords = (): MentionRecord[] => [
  aMentionRecord('100', { caseId: 'case-9', createdAt: '2030-01-02T09:00:00.000Z' }),
  aMentionRecord('101', { caseId: 'case-9', conversationId: '100', createdAt: '2030-01-02T09:20:00.000Z' }),
  aMentionRecord('200', { caseId: 'case-9', createdAt: '2030-01-02T11:00:00.000Z' }),
];

/** A sender that fails every time, as X does when it refuses a reply. */
const refusingSender = (): ReplySender & { calls: number } => {
  const sender = {
    calls: 0,
    send: async (): Promise<{ externalId: string }> => {
      sender.calls += 1;
      throw new DomainError('DEPENDENCY_UNAVAILABLE', 'X refused the reply', { retryable: false });
    },
  };
  return sender;
};

describe('closeTheLoop (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let cases: DynamoDbCaseSystem;
  let mentions: DynamoDbMentionStore;
  let replies: DynamoDbReplyStore;
  let outbox: LocalOutbox;
  let ports: CloseTheLoopPorts;

  /** Stores the records and case-9 with a phone call and their mentions on its timeline. */
  const storeCase = async (records: readonly MentionRecord[], overrides: Partial<CaseInput> = {}) => {
    for (const record of records) await mentions.recordDisposition(record);
    const base = aCase({ caseId: 'case-9', status: 'resolved', resolvedAt });
    await cases.createCase({
      ...base,
      conversations: [...new Set(records.map((record) => `x:${record.mention.conversationId}`))],
      timeline: [...base.timeline, ...records.map((record) => interactionFor(record.mention))],
      ...overrides,
    });
  };

  const stored = async (replyIds: readonly string[]): Promise<(Reply | undefined)[]> =>
    Promise.all(replyIds.map((replyId) => replies.get(replyId)));

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    cases = new DynamoDbCaseSystem(tables.documents, names.cases);
    mentions = new DynamoDbMentionStore(tables.documents, names.mentions);
    replies = new DynamoDbReplyStore(tables.documents, names.replies);
    outbox = new LocalOutbox();
    ports = { cases, mentions, replies, sender: outbox, clock: { now: () => new Date(resolvedAt) } };
  });

  it('drafts one closing reply per thread, none for the phone call, and leaves them for approval', async () => {
    // Arrange
    await storeCase(threadRecords());
    // Act
    const outcome = await closeTheLoop('case-9', ports, fourEyes);
    // Assert
    const ids = [closingReplyId('case-9', 'x:100'), closingReplyId('case-9', 'x:200')];
    expect(outcome).toEqual({ replyIds: ids, skipped: [] });
    expect(await stored(ids)).toEqual([
      {
        replyId: ids[0],
        itemId: 'x:100',
        mentionId: 'x:100',
        network: 'x',
        kind: 'public',
        text: closing,
        state: 'awaiting-approval',
        createdBy: 'bridge',
        createdAt: resolvedAt,
        inReplyTo: '100',
      },
      {
        replyId: ids[1],
        itemId: 'x:200',
        mentionId: 'x:200',
        network: 'x',
        kind: 'public',
        text: closing,
        state: 'awaiting-approval',
        createdBy: 'bridge',
        createdAt: resolvedAt,
        inReplyTo: '200',
      },
    ]);
    expect(await replies.listByState('awaiting-approval', 10)).toHaveLength(2);
    expect(outbox.sent()).toEqual([]);
  });

  it('sends the closing replies at once when no approval is required, once however often it is called', async () => {
    // Arrange
    await storeCase(threadRecords());
    // Act
    const first = await closeTheLoop('case-9', ports, noApproval);
    const second = await closeTheLoop('case-9', ports, noApproval);
    // Assert
    expect(second).toEqual(first);
    expect(outbox.sent().map((entry) => [entry.reply.mentionId, entry.reply.text])).toEqual([
      ['x:100', closing],
      ['x:200', closing],
    ]);
    expect((await stored(first.replyIds)).map((reply) => reply?.state)).toEqual(['sent', 'sent']);
  });

  it('sends each closing reply once when two resolutions close the loop at the same moment', async () => {
    // Arrange
    await storeCase(threadRecords());
    // Act
    const [first, second] = await Promise.all([
      closeTheLoop('case-9', ports, noApproval),
      closeTheLoop('case-9', ports, noApproval),
    ]);
    // Assert
    expect(second).toEqual(first);
    expect(
      outbox
        .sent()
        .map((entry) => entry.reply.mentionId)
        .sort(),
    ).toEqual(['x:100', 'x:200']);
  });

  it('does not answer a thread whose first post its author deleted', async () => {
    // Arrange
    const [origin, followUp, other] = threadRecords() as [MentionRecord, MentionRecord, MentionRecord];
    await storeCase([redactRecord(origin, '2030-01-02T12:00:00.000Z'), followUp, other]);
    // Act
    const outcome = await closeTheLoop('case-9', ports, noApproval);
    // Assert
    expect(outcome).toEqual({
      replyIds: [closingReplyId('case-9', 'x:200')],
      skipped: [{ mentionId: 'x:100', reason: 'deleted' }],
    });
    expect(outbox.sent().map((entry) => entry.reply.mentionId)).toEqual(['x:200']);
    expect(await replies.get(closingReplyId('case-9', 'x:100'))).toBeUndefined();
    expect(await replies.get(closingReplyId('case-9', 'x:101'))).toBeUndefined();
  });

  it('answers nothing on a case that is not resolved, or was merged into another', async () => {
    // Arrange
    await storeCase(threadRecords(), { status: 'open' });
    await cases.createCase(aCase({ caseId: 'case-merged', status: 'resolved', mergedInto: 'case-9' }));
    // Act
    const open = await closeTheLoop('case-9', ports, noApproval);
    const merged = await closeTheLoop('case-merged', ports, noApproval);
    // Assert
    expect(open).toEqual({ replyIds: [], skipped: [] });
    expect(merged).toEqual({ replyIds: [], skipped: [] });
    expect(await replies.listByState('draft', 10)).toEqual([]);
    expect(outbox.sent()).toEqual([]);
  });

  it('does not retry a closing reply the network refused when the loop is closed again', async () => {
    // Arrange
    await storeCase([aMentionRecord('100', { caseId: 'case-9' })]);
    const sender = refusingSender();
    const refused = { ...ports, sender };
    // Act
    const first = await closeTheLoop('case-9', refused, noApproval);
    await closeTheLoop('case-9', refused, noApproval);
    // Assert
    expect(sender.calls).toBe(1);
    expect(await replies.get(first.replyIds[0] ?? '')).toMatchObject({
      state: 'failed',
      error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'X refused the reply', retryable: false },
    });
  });

  it('sends a closing reply drafted by a call that stopped before sending it', async () => {
    // Arrange: the first call drafted, then failed to ask for the send.
    await storeCase([aMentionRecord('100', { caseId: 'case-9' })]);
    const failingTransitions = {
      ...ports,
      replies: Object.assign(Object.create(replies) as DynamoDbReplyStore, {
        transition: async () => {
          throw new DomainError('DEPENDENCY_UNAVAILABLE', 'throttled', { retryable: true });
        },
      }),
    };
    await expect(closeTheLoop('case-9', failingTransitions, noApproval)).rejects.toThrow('throttled');
    expect(await replies.listByState('draft', 10)).toHaveLength(1);
    // Act
    await closeTheLoop('case-9', ports, noApproval);
    // Assert
    expect(outbox.sent().map((entry) => entry.reply.mentionId)).toEqual(['x:100']);
  });

  it('answers NOT_FOUND for a case that does not exist', async () => {
    // Act
    const error = await closeTheLoop('case-none', ports, noApproval).catch((caught: unknown) => caught);
    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('NOT_FOUND');
  });
});
