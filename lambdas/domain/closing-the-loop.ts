import { z } from 'zod';
import './zod-messages.ts';
import type { Case } from './case.ts';
import { Topic } from './classification.ts';
import type { MentionRecord } from './disposition.ts';
import { Network } from './mention.ts';
import { fnvOffsetBasis, fnvString, mix32 } from './model/hashing.ts';
import { conversationKey } from './new-case.ts';
import { type RepliedMention, type ReplyKind, ReplyNetwork } from './reply.ts';
import { findPii } from './text/find-pii.ts';

/**
 * Listening, and closing the loop: the customer hears back when their case is resolved, and an
 * idea they post is acknowledged and passed to the product team rather than lost.
 */

// --------------------------------------------------------------------------------------- the words

const plainHandle = /^[\p{L}\p{N}_.]{1,50}$/u;

/**
 * "Hi @ana", or a bare "Hi" when the handle might read as personal data (all digits, say, or a
 * Facebook id standing in for a name) or is too long: the same rule as the move-to-DM reply.
 * Greeting by handle also keeps the brand's many closing replies from being identical posts,
 * which X refuses as duplicates.
 */
const greetingFor = (handle: string): string => {
  const name = handle.trim().replace(/^@+/u, '');
  if (name === '' || name.length > 50 || /^\p{N}+$/u.test(name)) return 'Hi';
  const greeted = `Hi ${plainHandle.test(name) ? `@${name}` : name}`;
  return findPii(greeted).types.length > 0 ? 'Hi' : greeted;
};

/**
 * The reply that tells a customer their case is resolved. It names nothing about the case — a
 * public thread is no place for what was wrong or how it was fixed — and fits every network's
 * shortest limit (an X post) whatever the handle.
 */
export const closingText = (handle: string, kind: ReplyKind): string =>
  `${greetingFor(handle)}, thanks for your patience — this is now sorted. ${
    kind === 'public'
      ? 'If anything is still not right, reply here or send us a direct message.'
      : 'If anything is still not right, just reply to this message.'
  }`;

/** The reply that thanks a customer for an idea; it promises that it was passed on, nothing more. */
export const ideaAcknowledgementText = (handle: string): string =>
  `${greetingFor(handle)}, thank you for the suggestion — we have passed it on to our product team.`;

// ---------------------------------------------------------------------------------------- the ids

const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

/** 64 bits of two FNV-1a variants (as `derivedReplyId`): ample against collisions among replies. */
const digest64 = (parts: readonly string[]): string => {
  const key = JSON.stringify(parts);
  const first = mix32(fnvString(fnvOffsetBasis, key));
  const second = mix32(fnvString(first ^ 0x5bd1e995, key));
  return `${hex32(first)}${hex32(second)}`;
};

/**
 * The id of the closing reply to one mention of one case: fixed by both, so however often the loop
 * is closed, that mention gets one closing reply from that case. The case is the one the mention
 * was first recorded on (an entry's `fromCase` after a merge), so that a merge does not answer again.
 */
export const closingReplyId = (caseId: string, mentionId: string): string =>
  `closing-${digest64(['closing', caseId, mentionId])}`;

/** The id of the acknowledgement of an idea: one per mention, however often it is acknowledged. */
export const ideaAcknowledgementId = (mentionId: string): string => `idea-ack-${digest64(['idea-ack', mentionId])}`;

// ------------------------------------------------------------------------------------- which posts

/**
 * How a mention is answered: a direct message (or any Messenger message) directly, a public post
 * on its thread; undefined on networks the bridge does not answer on (reviews, communities,
 * imports are answered where they live).
 */
export const replyKindFor = (mention: Pick<RepliedMention, 'network' | 'direct'>): ReplyKind | undefined => {
  if (!ReplyNetwork.safeParse(mention.network).success) return undefined;
  return mention.direct || mention.network === 'messenger' ? 'direct' : 'public';
};

/** A reply the bridge drafts on its own: to whom, how, and in what words. */
export interface PlannedReply {
  readonly replyId: string;
  readonly mention: RepliedMention;
  readonly kind: ReplyKind;
  readonly text: string;
}

/**
 * Why a social mention gets no reply: `unknown-mention` — no record of it; `deleted` — its author
 * deleted it; `no-replies-on-network` — the bridge cannot answer there; `brand-post` — the brand's own.
 */
export type ReplySkipReason = 'unknown-mention' | 'deleted' | 'no-replies-on-network' | 'brand-post';

export interface SkippedMention {
  readonly mentionId: string;
  readonly reason: ReplySkipReason;
}

export interface ClosingPlan {
  /** One per author and thread, oldest thread first. */
  readonly replies: readonly PlannedReply[];
  readonly skipped: readonly SkippedMention[];
}

/** Whether resolving `value` closes the loop: resolved, and not folded into another case. */
export const closesTheLoop = (value: Pick<Case, 'status' | 'mergedInto'>): boolean =>
  value.status === 'resolved' && value.mergedInto === undefined;

/** The social mentions on the case's timeline, in timeline order, each once. */
export const socialMentionIdsOf = (value: Pick<Case, 'timeline'>): string[] => [
  ...new Set(
    value.timeline.flatMap((entry) =>
      entry.channel === 'social' && entry.mentionId !== undefined ? [entry.mentionId] : [],
    ),
  ),
];

const postedAt = (record: MentionRecord): number => Date.parse(record.mention.createdAt);

const earlier = (a: MentionRecord, b: MentionRecord): boolean =>
  postedAt(a) < postedAt(b) || (postedAt(a) === postedAt(b) && a.mention.mentionId < b.mention.mentionId);

const skipReasonOf = (record: MentionRecord): ReplySkipReason | undefined => {
  if (record.mention.brandOwned) return 'brand-post';
  if (record.mention.deletedAt !== undefined) return 'deleted';
  if (replyKindFor(record.mention) === undefined) return 'no-replies-on-network';
  return undefined;
};

/**
 * Which social mentions of a resolved case get a closing reply, and its words. Each author hears
 * back once per thread, on the post that started their part of it (their earliest post there on the
 * case): a reply on the thread they began, not one per post. Calls and visits are answered where
 * they happened, not here.
 *
 * The post is chosen before anything is left out, so that the choice never moves: when that post
 * was deleted its author gets no reply on that thread — they took the conversation down — rather
 * than one on a later post, and closing the loop again never answers a second post.
 *
 * `records` holds the mention records by id; a mention on the timeline without one is skipped.
 * The reply id is fixed by the mention and the case it was first recorded on ({@link closingReplyId}).
 */
export const planClosingReplies = (
  value: Pick<Case, 'caseId' | 'timeline'>,
  records: ReadonlyMap<string, MentionRecord>,
): ClosingPlan => {
  const skipped: SkippedMention[] = [];
  const firstCaseOf = new Map<string, string>();
  for (const entry of value.timeline) {
    if (entry.mentionId !== undefined && !firstCaseOf.has(entry.mentionId)) {
      firstCaseOf.set(entry.mentionId, entry.fromCase ?? value.caseId);
    }
  }
  const origins = new Map<string, MentionRecord>();
  for (const mentionId of socialMentionIdsOf(value)) {
    const record = records.get(mentionId);
    if (record === undefined) {
      skipped.push({ mentionId, reason: 'unknown-mention' });
      continue;
    }
    const key = JSON.stringify([conversationKey(record.mention), record.mention.author.id]);
    const known = origins.get(key);
    if (known === undefined || earlier(record, known)) origins.set(key, record);
  }
  const replies: PlannedReply[] = [];
  for (const record of [...origins.values()].sort((a, b) => (earlier(a, b) ? -1 : 1))) {
    const { mention } = record;
    const reason = skipReasonOf(record);
    const kind = replyKindFor(mention);
    if (reason !== undefined || kind === undefined) {
      skipped.push({ mentionId: mention.mentionId, reason: reason ?? 'no-replies-on-network' });
      continue;
    }
    replies.push({
      replyId: closingReplyId(firstCaseOf.get(mention.mentionId) ?? value.caseId, mention.mentionId),
      mention,
      kind,
      text: closingText(mention.author.handle, kind),
    });
  }
  return { replies, skipped };
};

// ----------------------------------------------------------------------------------------- ideas

/** An idea or suggestion a customer posted, as the product team receives it. */
export const ProductIdea = z.object({
  /** The mention's id (`network:postId`): what makes two deliveries the same idea. */
  mentionId: z.string().min(1),
  network: Network,
  /** The post's words with personal data masked (`[card]`, `[email]`, …). */
  text: z.string().min(1),
  authorHandle: z.string().min(1),
  topic: Topic,
  /** When the customer posted it. */
  at: z.string().min(1),
  url: z.string().optional(),
});
export type ProductIdea = z.infer<typeof ProductIdea>;

/** Whether the classifier read the mention as an idea or suggestion. */
export const isIdea = (record: MentionRecord): boolean => record.classification?.intent === 'idea';

/** The idea as it goes to the product team: masked afresh, so a record without an analysis leaks nothing. */
export const productIdeaOf = (record: MentionRecord): ProductIdea => {
  const { mention, classification } = record;
  return {
    mentionId: mention.mentionId,
    network: mention.network,
    text: findPii(mention.text).redactedText,
    authorHandle: mention.author.handle,
    topic: classification?.topic ?? 'other',
    at: mention.createdAt,
    ...(mention.url === undefined ? {} : { url: mention.url }),
  };
};

export type IdeaPlan =
  | {
      readonly kind: 'acknowledge';
      readonly idea: ProductIdea;
      /** Absent on networks the bridge cannot answer on: the idea is passed on all the same. */
      readonly reply?: PlannedReply;
    }
  | { readonly kind: 'skip'; readonly reason: Exclude<ReplySkipReason, 'unknown-mention' | 'no-replies-on-network'> };

/**
 * What acknowledging an idea takes: the idea for the product team and the thank-you reply. A
 * deleted post is neither passed on nor answered (its author took it back, and its text is
 * redacted); the brand's own posts are not ideas from customers.
 */
export const planIdeaAcknowledgement = (record: MentionRecord): IdeaPlan => {
  const { mention } = record;
  if (mention.brandOwned) return { kind: 'skip', reason: 'brand-post' };
  if (mention.deletedAt !== undefined) return { kind: 'skip', reason: 'deleted' };
  const kind = replyKindFor(mention);
  return {
    kind: 'acknowledge',
    idea: productIdeaOf(record),
    ...(kind === undefined
      ? {}
      : {
          reply: {
            replyId: ideaAcknowledgementId(mention.mentionId),
            mention,
            kind,
            text: ideaAcknowledgementText(mention.author.handle),
          },
        }),
  };
};
