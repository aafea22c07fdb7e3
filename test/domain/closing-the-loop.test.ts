import { describe, expect, it } from 'vitest';
import type { Case } from '../../lambdas/domain/case.ts';
import {
  closesTheLoop,
  closingReplyId,
  closingText,
  ideaAcknowledgementId,
  ideaAcknowledgementText,
  planClosingReplies,
  planIdeaAcknowledgement,
  replyKindFor,
  socialMentionIdsOf,
} from '../../lambdas/domain/closing-the-loop.ts';
import type { MentionRecord } from '../../lambdas/domain/disposition.ts';
import { interactionFor } from '../../lambdas/domain/new-case.ts';
import { checkReplyText, ReplyId, type ReplyKind, type ReplyNetwork } from '../../lambdas/domain/reply.ts';
import { aCase } from '../support/case-builder.ts';
import { aMentionRecord } from '../support/mention-record-builder.ts';

/** A resolved case whose timeline holds a phone call, then each record's mention in the order given. */
const resolvedCaseWith = (records: readonly MentionRecord[], overrides: Partial<Case> = {}): Case => {
  const base = aCase({ caseId: 'case-9', status: 'resolved', resolvedAt: '2030-01-03T10:00:00.000Z' });
  return {
    ...base,
    timeline: [...base.timeline, ...records.map((record) => interactionFor(record.mention))],
    ...overrides,
  };
};

const byId = (records: readonly MentionRecord[]): Map<string, MentionRecord> =>
  new Map(records.map((record) => [record.mention.mentionId, record]));

const planFor = (records: readonly MentionRecord[], known: readonly MentionRecord[] = records) =>
  planClosingReplies(resolvedCaseWith(records), byId(known));

describe('closing the loop: which mentions are answered', () => {
  it('answers each social thread once, on its first post, and leaves the phone call alone', () => {
    // Arrange
    const records = [
      aMentionRecord('100', { createdAt: '2030-01-02T09:00:00.000Z' }),
      aMentionRecord('200', { createdAt: '2030-01-02T11:00:00.000Z' }),
      aMentionRecord('101', { conversationId: '100', createdAt: '2030-01-02T09:30:00.000Z' }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.skipped).toEqual([]);
    expect(plan.replies).toEqual([
      {
        replyId: closingReplyId('case-9', 'x:100'),
        mention: records[0]?.mention,
        kind: 'public',
        text: 'Hi @ana, thanks for your patience — this is now sorted. If anything is still not right, reply here or send us a direct message.',
      },
      {
        replyId: closingReplyId('case-9', 'x:200'),
        mention: records[1]?.mention,
        kind: 'public',
        text: 'Hi @ana, thanks for your patience — this is now sorted. If anything is still not right, reply here or send us a direct message.',
      },
    ]);
  });

  it('chooses the earliest post of a thread by when it was posted, not by when it reached the case', () => {
    // Arrange: the follow-up reached the case first; the first post was written at 08:00Z, in another offset.
    const records = [
      aMentionRecord('301', { conversationId: '300', createdAt: '2030-01-02T09:30:00.000Z' }),
      aMentionRecord('300', { createdAt: '2030-01-02T10:00:00+02:00' }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.replies.map((reply) => reply.mention.mentionId)).toEqual(['x:300']);
  });

  it('answers every author on a thread, each on their own first post there', () => {
    // Arrange: an incident's thread, where another customer chimed in.
    const records = [
      aMentionRecord('400', { createdAt: '2030-01-02T09:00:00.000Z' }),
      aMentionRecord('401', {
        conversationId: '400',
        createdAt: '2030-01-02T09:05:00.000Z',
        author: { id: 'u-ben', handle: 'ben' },
      }),
      aMentionRecord('402', {
        conversationId: '400',
        createdAt: '2030-01-02T09:10:00.000Z',
        author: { id: 'u-ben', handle: 'ben' },
      }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.replies.map((reply) => [reply.mention.mentionId, reply.text.split(',')[0]])).toEqual([
      ['x:400', 'Hi @ana'],
      ['x:401', 'Hi @ben'],
    ]);
  });

  it('tells the same post in two networks apart: one thread each', () => {
    // Arrange
    const records = [
      aMentionRecord('500', { createdAt: '2030-01-02T09:00:00.000Z' }),
      aMentionRecord('500', { network: 'facebook', createdAt: '2030-01-02T09:01:00.000Z' }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.replies.map((reply) => reply.mention.mentionId)).toEqual(['x:500', 'facebook:500']);
  });

  it('never answers a deleted post, nor a later post of its author on that thread instead', () => {
    // Arrange
    const records = [
      aMentionRecord('600', { deletedAt: '2030-01-02T12:00:00.000Z', text: '[deleted by its author]' }),
      aMentionRecord('601', { conversationId: '600', createdAt: '2030-01-02T10:00:00.000Z' }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.replies).toEqual([]);
    expect(plan.skipped).toEqual([{ mentionId: 'x:600', reason: 'deleted' }]);
  });

  it('skips mentions it has no record of, networks it cannot answer on and the brand’s own posts', () => {
    // Arrange
    const lost = aMentionRecord('700');
    const review = aMentionRecord('r-1', { network: 'review' });
    const brand = aMentionRecord('702', { brandOwned: true, author: { id: 'u-brand', handle: 'brand' } });
    const answered = aMentionRecord('703');
    // Act
    const plan = planFor([lost, review, brand, answered], [review, brand, answered]);
    // Assert
    expect(plan.skipped).toEqual([
      { mentionId: 'x:700', reason: 'unknown-mention' },
      { mentionId: 'review:r-1', reason: 'no-replies-on-network' },
      { mentionId: 'x:702', reason: 'brand-post' },
    ]);
    expect(plan.replies.map((reply) => reply.mention.mentionId)).toEqual(['x:703']);
  });

  it('answers a direct message, and any Messenger message, directly', () => {
    // Arrange
    const records = [
      aMentionRecord('dm-1', { direct: true, createdAt: '2030-01-02T09:00:00.000Z' }),
      aMentionRecord('m-1', { network: 'messenger', createdAt: '2030-01-02T09:01:00.000Z' }),
    ];
    // Act
    const plan = planFor(records);
    // Assert
    expect(plan.replies.map((reply) => [reply.mention.mentionId, reply.kind])).toEqual([
      ['x:dm-1', 'direct'],
      ['messenger:m-1', 'direct'],
    ]);
    expect(plan.replies[0]?.text).toBe(
      'Hi @ana, thanks for your patience — this is now sorted. If anything is still not right, just reply to this message.',
    );
  });

  it('names a reply to a mention a merge brought in after the case it was first recorded on', () => {
    // Arrange: x:1000 came from case-4, merged into case-9 (which may have closed its loop already).
    const merged = aMentionRecord('1000');
    const own = aMentionRecord('1001', { createdAt: '2030-01-02T10:00:00.000Z' });
    const value = resolvedCaseWith([merged, own]);
    value.timeline = value.timeline.map((entry) =>
      entry.mentionId === 'x:1000' ? { ...entry, fromCase: 'case-4' } : entry,
    );
    // Act
    const plan = planClosingReplies(value, byId([merged, own]));
    // Assert
    expect(plan.replies.map((reply) => reply.replyId)).toEqual([
      closingReplyId('case-4', 'x:1000'),
      closingReplyId('case-9', 'x:1001'),
    ]);
  });

  it('reads only social entries with a mention from the timeline, each once', () => {
    // Arrange
    const record = aMentionRecord('800');
    const value = resolvedCaseWith([record, record]);
    value.timeline.push({
      at: '2030-01-02T12:00:00.000Z',
      channel: 'email',
      kind: 'email',
      summary: 'x',
      mentionId: 'e-1',
    });
    // Act
    const ids = socialMentionIdsOf(value);
    // Assert
    expect(ids).toEqual(['x:800']);
  });

  it.each([
    ['resolved', undefined, true],
    ['resolved', 'case-other', false],
    ['open', undefined, false],
    ['closed', undefined, false],
  ] as const)('closes the loop on a %s case merged into %s: %s', (status, mergedInto, expected) => {
    // Act
    const closes = closesTheLoop({ status, ...(mergedInto === undefined ? {} : { mergedInto }) });
    // Assert
    expect(closes).toBe(expected);
  });
});

describe('closing the loop: ids and words', () => {
  it('fixes the reply id by case and mention, as a valid reply id', () => {
    // Act
    const id = closingReplyId('case-9', 'x:100');
    // Assert
    expect(id).toMatch(/^closing-[0-9a-f]{16}$/);
    expect(ReplyId.safeParse(id).success).toBe(true);
    expect(closingReplyId('case-9', 'x:100')).toBe(id);
    expect(closingReplyId('case-8', 'x:100')).not.toBe(id);
    expect(closingReplyId('case-9', 'x:101')).not.toBe(id);
    expect(ideaAcknowledgementId('x:100')).toMatch(/^idea-ack-[0-9a-f]{16}$/);
    expect(ideaAcknowledgementId('x:101')).not.toBe(ideaAcknowledgementId('x:100'));
  });

  const longest = 'a'.repeat(50);
  const answerable: [ReplyNetwork, ReplyKind][] = [
    ['x', 'public'],
    ['x', 'direct'],
    ['facebook', 'public'],
    ['facebook', 'direct'],
    ['instagram', 'public'],
    ['instagram', 'direct'],
    ['messenger', 'direct'],
  ];

  it.each(answerable)(
    'fits %s %s replies, with the longest greeted handle, and carries no personal data',
    (network, kind) => {
      // Act
      const closing = closingText(longest, kind);
      const thanks = ideaAcknowledgementText(longest);
      // Assert
      expect(closing).toContain(`@${longest}`);
      expect(() => checkReplyText(closing, network, kind)).not.toThrow();
      expect(() => checkReplyText(thanks, network, kind)).not.toThrow();
    },
  );

  it.each([
    ['an all-digit id', '1234567890', 'Hi, thanks'],
    ['an email address', 'ana@example.com', 'Hi, thanks'],
    ['a leading @', '@@ana', 'Hi @ana, thanks'],
    ['a display name', 'Ana Lima', 'Hi Ana Lima, thanks'],
    ['a handle too long to be one', 'a'.repeat(51), 'Hi, thanks'],
  ])('greets %s without repeating personal data', (_what, handle, start) => {
    // Act
    const text = closingText(handle, 'public');
    // Assert
    expect(text.startsWith(start)).toBe(true);
    expect(() => checkReplyText(text, 'x', 'public')).not.toThrow();
  });

  it('answers only on the networks replies go out on', () => {
    // Act / Assert
    expect(replyKindFor({ network: 'x', direct: false })).toBe('public');
    expect(replyKindFor({ network: 'instagram', direct: true })).toBe('direct');
    expect(replyKindFor({ network: 'community', direct: false })).toBeUndefined();
    expect(replyKindFor({ network: 'import', direct: false })).toBeUndefined();
  });
});

describe('acknowledging an idea', () => {
  it('passes the idea on with personal data masked and drafts thanks on its thread', () => {
    // Arrange
    const record = aMentionRecord('900', {
      text: 'Idea: let me freeze card 4111 1111 1111 1111 from the app, mail me at ana@example.com',
      url: 'https://x.com/ana/status/900',
      classification: { intent: 'idea', serviceNeed: false, topic: 'account-access' },
    });
    // Act
    const plan = planIdeaAcknowledgement(record);
    // Assert
    expect(plan).toEqual({
      kind: 'acknowledge',
      idea: {
        mentionId: 'x:900',
        network: 'x',
        text: 'Idea: let me freeze card [card] from the app, mail me at [email]',
        authorHandle: 'ana',
        topic: 'account-access',
        at: '2030-01-02T09:00:00.000Z',
        url: 'https://x.com/ana/status/900',
      },
      reply: {
        replyId: ideaAcknowledgementId('x:900'),
        mention: record.mention,
        kind: 'public',
        text: 'Hi @ana, thank you for the suggestion — we have passed it on to our product team.',
      },
    });
  });

  it('passes on an idea from a network it cannot answer on, without a reply, under topic "other" when unclassified', () => {
    // Act
    const plan = planIdeaAcknowledgement(aMentionRecord('c-1', { network: 'community' }));
    // Assert
    expect(plan).toMatchObject({ kind: 'acknowledge', idea: { mentionId: 'community:c-1', topic: 'other' } });
    expect(plan).not.toHaveProperty('reply');
  });

  it('neither passes on nor answers a deleted post or the brand’s own', () => {
    // Act
    const deleted = planIdeaAcknowledgement(aMentionRecord('901', { deletedAt: '2030-01-02T10:00:00.000Z' }));
    const brand = planIdeaAcknowledgement(aMentionRecord('902', { brandOwned: true }));
    // Assert
    expect(deleted).toEqual({ kind: 'skip', reason: 'deleted' });
    expect(brand).toEqual({ kind: 'skip', reason: 'brand-post' });
  });
});
