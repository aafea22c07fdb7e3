import { z } from 'zod';
import './zod-messages.ts';
import type { PiiType } from './classification.ts';
import { DomainError } from './errors.ts';
import type { Mention } from './mention.ts';
import { fnvOffsetBasis, fnvString, mix32 } from './model/hashing.ts';
import { findPii } from './text/find-pii.ts';

/**
 * An answer from the social team to a mention, on the network the mention came from.
 *
 * Lifecycle: `draft` → (`awaiting-approval` →) `sending` → `sent` | `failed`, and `failed` →
 * `sending` again when someone retries. `sending` is held while the provider is being called: the
 * compare-and-set into it is what makes a send happen at most once, so a reply found in `sending`
 * is never sent again by the bridge (a crash mid-call leaves it there for a person to check).
 */

/** The networks the bridge can answer on; reviews, communities and imports are answered where they live. */
export const replyNetworks = ['x', 'facebook', 'instagram', 'messenger'] as const;
export const ReplyNetwork = z.enum(replyNetworks);
export type ReplyNetwork = z.infer<typeof ReplyNetwork>;

/** `public`: on the thread, for everyone to see. `direct`: a private message to the author. */
export const ReplyKind = z.enum(['public', 'direct']);
export type ReplyKind = z.infer<typeof ReplyKind>;

export const ReplyState = z.enum(['draft', 'awaiting-approval', 'sending', 'sent', 'failed']);
export type ReplyState = z.infer<typeof ReplyState>;

/** Why the last attempt failed, as the provider said it (never the reply's text). */
export const ReplyError = z.object({
  code: z.string().min(1),
  message: z.string(),
  /** Whether sending again may work (an outage, throttling) or will not (the provider refused it). */
  retryable: z.boolean(),
});
export type ReplyError = z.infer<typeof ReplyError>;

/** Caller-chosen reply ids travel in URL paths (`/replies/{id}/send`): letters, digits and `._:-` only. */
export const ReplyId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 letters, digits, ".", "_", ":" or "-"');

export const Reply = z.object({
  replyId: ReplyId,
  /**
   * What the reply was drafted from: a triage item (the mention's id), or an incident's parent case
   * (its holding statement and closure replies), so one incident's replies are listed together.
   */
  itemId: z.string().min(1),
  /** `network:postId` of the mention answered. */
  mentionId: z.string().min(1),
  network: ReplyNetwork,
  kind: ReplyKind,
  text: z.string().min(1),
  state: ReplyState,
  createdBy: z.string().min(1),
  createdAt: z.string(),
  /** Who approved it, when approval was asked for or given; never the drafter. */
  approvedBy: z.string().min(1).optional(),
  sentAt: z.string().optional(),
  /** The provider's id of what was posted or messaged. */
  externalId: z.string().optional(),
  error: ReplyError.optional(),
  /** The network's id of the post, comment or message answered (the mention's `postId`). */
  inReplyTo: z.string().min(1),
  /** For direct messages: the author's id on the network (X user id, Messenger PSID, Instagram IGSID). */
  recipientId: z.string().min(1).optional(),
  /**
   * For a direct reply to a public Facebook or Instagram post or comment: Meta's "private reply",
   * addressed by the comment's (or Facebook post's) id rather than a user id, which Meta does not give
   * for commenters. One private reply per comment, within 7 days of it.
   */
  privateReply: z.enum(['comment', 'post']).optional(),
});
export type Reply = z.infer<typeof Reply>;

export interface ReplyPolicy {
  /** When true, a reply is only sent once someone other than its drafter approves it. */
  readonly approvalRequired: boolean;
}

// ------------------------------------------------------------------------------------------ the text

type Unit = 'characters' | 'bytes';

interface Limit {
  readonly max: number;
  readonly unit: Unit;
  readonly what: string;
}

/**
 * Longest text each network takes for each kind of reply (see test/fixtures/replies/README.md for the
 * sources). Characters are counted as Unicode code points: X weighs emoji and CJK characters double
 * and every URL as 23 (https://docs.x.com/fundamentals/counting-characters), so a reply X counts
 * longer than 280 passes here, is refused by X, and is recorded as failed with X's message.
 */
const limits: Readonly<Record<`${ReplyNetwork}:${ReplyKind}`, Limit | undefined>> = {
  'x:public': { max: 280, unit: 'characters', what: 'an X post' },
  'x:direct': { max: 10_000, unit: 'characters', what: 'an X direct message' },
  'facebook:public': { max: 8000, unit: 'characters', what: 'a Facebook comment' },
  'facebook:direct': { max: 2000, unit: 'characters', what: 'a Messenger message' },
  'messenger:public': undefined,
  'messenger:direct': { max: 2000, unit: 'characters', what: 'a Messenger message' },
  'instagram:public': { max: 2200, unit: 'characters', what: 'an Instagram comment' },
  'instagram:direct': { max: 1000, unit: 'bytes', what: 'an Instagram message' },
};

const utf8 = new TextEncoder();

const lengthIn = (text: string, unit: Unit): number => (unit === 'bytes' ? utf8.encode(text).length : [...text].length);

const piiWords: Record<PiiType, string> = {
  card: 'a card number',
  iban: 'an IBAN',
  phone: 'a phone number',
  email: 'an email address',
  'account-number': 'an account number',
  'order-number': 'an order or reference number',
};

/**
 * Refuses a reply text that carries personal data or does not fit the network, with a
 * non-retryable VALIDATION_FAILED. Personal data is what the mention analyser finds (cards, IBANs,
 * emails, phones, account and order numbers): a reply is public or lands in an inbox others may
 * read, so none of it is ever sent, not even the customer's own order number. The error names the
 * kinds found (`details.found`), never the data.
 */
export function checkReplyText(text: string, network: ReplyNetwork, kind: ReplyKind = 'public'): void {
  if (text.trim() === '') throw new DomainError('VALIDATION_FAILED', 'the reply has no text', { details: {} });
  const limit = limits[`${network}:${kind}`];
  if (limit === undefined) {
    throw new DomainError('VALIDATION_FAILED', `${network} has no public replies: answer with a direct message`, {
      details: { network, kind },
    });
  }
  // Length first: it bounds the work the analyser does.
  const length = lengthIn(text, limit.unit);
  if (length > limit.max) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `the reply is ${length} ${limit.unit} long; ${limit.what} takes at most ${limit.max}`,
      { details: { reason: 'too-long', length, limit: limit.max, unit: limit.unit } },
    );
  }
  const found = findPii(text).types;
  if (found.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `the reply contains personal data (${found.map((type) => piiWords[type]).join(', ')}): remove it; replies never carry personal data`,
      { details: { reason: 'personal-data', found } },
    );
  }
}

const plainHandle = /^[\p{L}\p{N}_.]{1,50}$/u;

/**
 * `body` after a greeting of the author by handle ("Hi @ana, …"). Carries no personal data: a
 * handle the analyser would read as such (one made of digits, say, or a Facebook id standing in
 * for a name) is left out ("Hi, …") rather than repeated.
 */
export function greetedText(handle: string | undefined, body: string): string {
  const anonymous = `Hi, ${body}`;
  const name = handle?.trim().replace(/^@+/u, '') ?? '';
  if (name === '' || name.length > 50 || /^\p{N}+$/u.test(name)) return anonymous;
  const greeted = `Hi ${plainHandle.test(name) ? `@${name}` : name}, ${body}`;
  return findPii(greeted).types.length > 0 ? anonymous : greeted;
}

/** The public reply that moves a conversation to direct messages, greeting the author ({@link greetedText}). */
export function moveToDirectText(handle?: string): string {
  return greetedText(
    handle,
    'sorry to hear this — please send us a direct message so we can look at your account privately.',
  );
}

// ------------------------------------------------------------------------------------------ drafting

/** What a reply needs to know about the mention it answers. */
export type RepliedMention = Pick<Mention, 'mentionId' | 'network' | 'postId' | 'conversationId' | 'direct' | 'author'>;

export type ReplyTarget = Pick<Reply, 'network' | 'inReplyTo' | 'recipientId' | 'privateReply'>;

/**
 * Where a reply of `kind` to `mention` goes. A direct message is answered directly (to its author's
 * id); a public post publicly on its thread, or directly: by DM to the author on X, by Meta's private
 * reply to the comment (or visitor post) on Facebook and Instagram, which give no messageable id for
 * commenters. Throws VALIDATION_FAILED for a network the bridge cannot answer on and for a public
 * answer to a direct message.
 */
export function replyTarget(mention: RepliedMention, kind: ReplyKind): ReplyTarget {
  const network = ReplyNetwork.safeParse(mention.network);
  if (!network.success) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `replies go out on X, Facebook, Instagram and Messenger; answer this ${mention.network} mention where it was posted`,
      { details: { network: mention.network } },
    );
  }
  const base = { network: network.data, inReplyTo: mention.postId };
  if (mention.direct || network.data === 'messenger') {
    if (kind === 'public') {
      throw new DomainError('VALIDATION_FAILED', 'a direct message is answered with a direct message (kind "direct")', {
        details: { kind },
      });
    }
    return { ...base, recipientId: mention.author.id };
  }
  if (kind === 'public') return base;
  if (network.data === 'x') return { ...base, recipientId: mention.author.id };
  // A Facebook post's id is its own thread's id; a comment's is not (see the Meta webhook connector).
  const isPost = network.data === 'facebook' && mention.postId === mention.conversationId;
  return { ...base, privateReply: isPost ? 'post' : 'comment' };
}

const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

/**
 * The id of a draft when the caller gives none: the same person drafting the same text of the same
 * kind on the same mention gets the same id, so a double click or a retried request drafts once.
 * 64 bits of two FNV-1a variants: collisions among one mention's drafts are not a practical concern,
 * and the store refuses an id that names a different reply anyway.
 */
export function derivedReplyId(input: {
  readonly mentionId: string;
  readonly kind: ReplyKind;
  readonly text: string;
  readonly createdBy: string;
}): string {
  const key = JSON.stringify([input.mentionId, input.kind, input.text, input.createdBy]);
  const first = mix32(fnvString(fnvOffsetBasis, key));
  const second = mix32(fnvString(first ^ 0x5bd1e995, key));
  return `reply-${hex32(first)}${hex32(second)}`;
}

/** Whether two replies with one id are the same draft (a retry) rather than two different ones. */
export const sameDraft = (a: Reply, b: Reply): boolean =>
  a.itemId === b.itemId &&
  a.mentionId === b.mentionId &&
  a.kind === b.kind &&
  a.text === b.text &&
  a.createdBy === b.createdBy;

// --------------------------------------------------------------------------------------- transitions

/**
 * What a request to send (or an approval) leads to: `send` — the reply, now `sending`, is to be
 * compare-and-set from `from` and handed to the provider; `await-approval` — stored as
 * `awaiting-approval`, nothing sent; `none` — nothing to do (already sent, being sent, or waiting
 * for approval).
 */
export type SendStep =
  | { readonly action: 'send'; readonly from: ReplyState; readonly reply: Reply }
  | { readonly action: 'await-approval'; readonly from: ReplyState; readonly reply: Reply }
  | { readonly action: 'none'; readonly reply: Reply };

const settledOrPending = new Set<ReplyState>(['awaiting-approval', 'sending', 'sent']);

const toSending = (reply: Reply, extra: Partial<Reply> = {}): Reply => {
  const { error: _error, ...rest } = reply;
  return { ...rest, ...extra, state: 'sending' };
};

/**
 * A request to send `reply`. With approval required and no approval yet, it goes to
 * `awaiting-approval`; otherwise to `sending`. A draft or a failed reply may be sent; asking again
 * for one already awaiting approval, being sent or sent changes nothing. The text is checked again,
 * so no reply with personal data leaves whatever path it took into the store.
 */
export function requestSend(reply: Reply, policy: ReplyPolicy): SendStep {
  if (settledOrPending.has(reply.state)) return { action: 'none', reply };
  checkReplyText(reply.text, reply.network, reply.kind);
  if (policy.approvalRequired && reply.approvedBy === undefined) {
    const { error: _error, ...rest } = reply;
    return { action: 'await-approval', from: reply.state, reply: { ...rest, state: 'awaiting-approval' } };
  }
  return { action: 'send', from: reply.state, reply: toSending(reply) };
}

/**
 * `approver` approves `reply`, which is then sent. Four eyes: the drafter may not approve their own
 * reply (FORBIDDEN), whatever their role. A draft, a reply awaiting approval and a failed one may be
 * approved (approving a failed reply sends it again; its first approver stays on record); approving
 * one being sent or sent changes nothing.
 */
export function approve(reply: Reply, approver: string): SendStep {
  if (approver === reply.createdBy) {
    throw new DomainError('FORBIDDEN', 'a reply is approved by someone other than the person who drafted it', {
      details: { replyId: reply.replyId },
    });
  }
  if (reply.state === 'sending' || reply.state === 'sent') return { action: 'none', reply };
  checkReplyText(reply.text, reply.network, reply.kind);
  return { action: 'send', from: reply.state, reply: toSending(reply, { approvedBy: reply.approvedBy ?? approver }) };
}

const mustBeSending = (reply: Reply, to: ReplyState): void => {
  if (reply.state !== 'sending') {
    throw new DomainError('CONFLICT', `a reply that is ${reply.state} cannot become ${to}`, {
      details: { replyId: reply.replyId, state: reply.state },
    });
  }
};

/** The provider took the reply. */
export function markSent(reply: Reply, externalId: string, sentAt: string): Reply {
  mustBeSending(reply, 'sent');
  const { error: _error, ...rest } = reply;
  return { ...rest, state: 'sent', sentAt, externalId };
}

/** The provider did not take the reply; sending it again is a new request. */
export function markFailed(reply: Reply, error: ReplyError): Reply {
  mustBeSending(reply, 'failed');
  return { ...reply, state: 'failed', error };
}
