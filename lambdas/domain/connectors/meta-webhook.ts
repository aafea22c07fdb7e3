/**
 * Meta Graph API Webhooks connector: turns the POST body Meta sends for Facebook Pages, Messenger and
 * Instagram into connector events. Pure: no clock, no I/O. Signature checking (X-Hub-Signature-256)
 * and the GET verification handshake happen before this, elsewhere.
 *
 * Body: `{ object: 'page' | 'instagram', entry: [{ id, time, changes?: [{ field, value }], messaging?: [...] }] }`.
 * Every change and every messaging event in the body becomes exactly one event, in body order
 * (per entry: `changes`, then `messaging`, then `standby`). An `object` we do not subscribe to
 * (e.g. `whatsapp_business_account`) becomes one `ignored` event for the whole body.
 *
 * Mapping decisions:
 * - **Ids and threads.** A mention's `postId` is the id Meta gives the thing itself: `post_id` for a
 *   Page post, `comment_id` for a Page comment, `value.id` for an Instagram comment, `mid` for a direct
 *   message. `inReplyTo` is the *direct* parent, which is always another id in that same space (a
 *   top-level Facebook comment's `parent_id` is the post's `post_id`; a reply's is the parent comment's
 *   `comment_id`; an Instagram comment without `parent_id` replies to `media.id`; a message's
 *   `reply_to.mid`). `conversationId` is the thread root, set explicitly so a post and every comment and
 *   reply under it share one conversation: `post_id` on Facebook, `media.id` on Instagram, and
 *   `dm:{page or IG account id}:{customer id}` for direct messages (stable whichever side wrote).
 * - **Edits** (`verb: 'edited'` on a Page post or comment, Messenger `message_edit`) are mentions with
 *   `edited: true` and the same `postId` as the original, carrying the new text.
 * - **Deletions**: `verb: 'remove'` on a Page post or comment, and a message with `is_deleted: true`
 *   (Instagram's unsend), become `deletion` events. `deletedAt` is `entry.time` (when Meta reported it):
 *   a remove change's `created_time` is not documented to be the removal time.
 * - **Instagram @mentions** (`field: 'mentions'`, `value: { media_id, comment_id }`) carry no text, so
 *   they are `ignored` with reason {@link instagramMentionReason}; reading them needs a Graph API call
 *   (`GET /{ig-user-id}?fields=mentioned_comment.comment_id(...)`), which a later change may add outside
 *   this pure module.
 * - **No text, no mention**: posts, comments and messages whose text is absent or blank (photos,
 *   stickers, attachment-only messages) are `ignored` with a reason. So are changes without a `from`
 *   (Meta omits it when it may not share the author): no author is ever invented.
 * - **Timestamps**: `created_time` (seconds) for Page changes, the event `timestamp` (ms) for messages,
 *   otherwise `entry.time`. Meta sends `entry.time` in seconds for some objects and in milliseconds for
 *   others (Instagram comments vs. messaging), so every epoch below 10^11 is read as seconds and
 *   anything larger as milliseconds: 10^11 s is the year 5138, 10^11 ms is March 1973.
 * - **Brand-owned**: the author is the Page or Instagram account the entry is for (`entry.id`), one of
 *   `options.brandAccountIds`, or the message is an echo (`is_echo`).
 * - **Long texts** are cut to {@link maxMentionTextLength} characters (ending in "…") rather than
 *   failing the whole delivery: Meta would otherwise retry it for days.
 * - **Standby** events (the app is not in control of the thread, handover protocol) are read like
 *   `messaging`: the customer still wrote to the brand.
 *
 * Malformed input (not an object, `entry` not an array, a change or message missing an id it needs, a
 * bad timestamp) throws a non-retryable `DomainError('VALIDATION_FAILED')` whose issues name the path,
 * e.g. `entry[0].changes[1].value.comment_id`. Nothing else is ever thrown.
 */
import { z } from 'zod';
import '../zod-messages.ts';
import { DomainError, type FieldIssue } from '../errors.ts';
import { MentionInput, maxMentionTextLength, type Network } from '../mention.ts';
import { parseOrThrow, toFieldIssues } from '../validation.ts';
import type { ConnectorEvent, ConnectorOptions } from './connector-event.ts';

/** Reason given for Instagram `mentions` changes, which hold ids only. */
export const instagramMentionReason = 'mention webhook carries no text; fetch by id';

/** Epochs below this are seconds, at or above it milliseconds (see the module comment). */
const secondsBelow = 1e11;
/** 9999-12-31T23:59:59.999Z: the last instant an ISO 8601 timestamp with a four-digit year can hold. */
const maxEpochMs = 253_402_300_799_999;

// Ids of accounts (Page, Instagram account, user) stay short enough that `dm:{a}:{b}` fits a conversation id.
const AccountId = z.string().trim().min(1, 'must not be empty').max(100);
const ObjectId = z.string().trim().min(1, 'must not be empty').max(256);
const Epoch = z
  .number()
  .nonnegative('must be a Unix time in seconds or milliseconds')
  .max(maxEpochMs, 'must be a Unix time in seconds or milliseconds');

const Envelope = z.looseObject({ object: z.string().trim().min(1, 'must not be empty') });
const Entries = z.looseObject({ entry: z.array(z.unknown()) });
const Entry = z.looseObject({
  id: AccountId,
  time: Epoch,
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
});
type Entry = z.output<typeof Entry>;
const Change = z.looseObject({ field: z.string(), value: z.unknown() });

/** Webhooks for Pages, `feed` field. */
const FeedHead = z.looseObject({ item: z.string(), verb: z.string().optional() });
const FeedAuthor = z.looseObject({ id: AccountId, name: z.string().optional() });
const FeedPost = z.looseObject({
  post_id: ObjectId,
  from: FeedAuthor.optional(),
  message: z.string().optional(),
  created_time: Epoch.optional(),
});
const FeedComment = FeedPost.extend({ comment_id: ObjectId, parent_id: ObjectId.optional() });
const FeedRemovedPost = z.looseObject({ post_id: ObjectId });
const FeedRemovedComment = z.looseObject({ comment_id: ObjectId });

/** Instagram `comments` / `live_comments` field. */
const InstagramComment = z.looseObject({
  id: ObjectId,
  text: z.string().optional(),
  from: z.looseObject({ id: AccountId, username: z.string().optional() }).optional(),
  media: z.looseObject({ id: ObjectId, media_product_type: z.string().optional() }),
  parent_id: ObjectId.optional(),
});

/** Messenger Platform and Instagram Messaging events in `entry[].messaging[]`. */
const MessagingEvent = z.looseObject({
  sender: z.looseObject({ id: AccountId }),
  recipient: z.looseObject({ id: AccountId }),
  timestamp: Epoch.optional(),
});
const Message = z.looseObject({
  mid: ObjectId,
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  attachments: z.array(z.unknown()).optional(),
  reply_to: z.looseObject({ mid: ObjectId.optional() }).optional(),
});
const MessageEdit = z.looseObject({ mid: ObjectId, text: z.string().optional() });
const AnyObject = z.looseObject({});

const messagingKinds = ['message', 'message_edit'] as const;
const receiptKinds = new Set(['delivery', 'read']);

const joinPath = (base: string, sub: string): string =>
  !sub ? base : !base ? sub : sub.startsWith('[') ? `${base}${sub}` : `${base}.${sub}`;

/** Parses a part of the body, naming the full path of every problem. */
const parseAt = <S extends z.ZodType>(schema: S, input: unknown, at: string): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = toFieldIssues(result.error).map((issue) => ({
    path: joinPath(at, issue.path),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first
    ? `Meta webhook is invalid: ${first.path || '(root)'}: ${first.message}`
    : 'Meta webhook is invalid';
  throw new DomainError('VALIDATION_FAILED', message, { details: { issues } });
};

/** Labels built from provider strings stay short enough to count by. */
const label = (value: string): string => value.slice(0, 64) || '(empty)';

const ignored = (eventType: string, reason: string): ConnectorEvent => ({ kind: 'ignored', eventType, reason });

const toIso = (epoch: number): string => new Date(epoch < secondsBelow ? epoch * 1000 : epoch).toISOString();

/** Trimmed text, cut to the longest a mention holds; undefined when there is none. */
const mentionText = (raw: string | undefined): string | undefined => {
  const text = raw?.trim();
  if (!text) return undefined;
  if (text.length <= maxMentionTextLength) return text;
  let cut = text.slice(0, maxMentionTextLength - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
};

const clip = (value: string | undefined, max: number): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max).trim() : undefined;
};

const isBrand = (authorId: string, entry: Entry, options: ConnectorOptions): boolean =>
  authorId === entry.id || options.brandAccountIds.has(authorId);

const mentionEvent = (candidate: Record<string, unknown>, edited: boolean, at: string): ConnectorEvent => ({
  kind: 'mention',
  mention: parseOrThrow(MentionInput, candidate, `the mention at ${at}`),
  edited,
});

const facebookUrl = (postId: string): string => `https://www.facebook.com/${encodeURIComponent(postId)}`;

const feedChange = (value: unknown, entry: Entry, options: ConnectorOptions, at: string): ConnectorEvent => {
  const head = parseAt(FeedHead, value, `${at}.value`);
  const item = head.item;
  if (item !== 'post' && item !== 'status' && item !== 'comment') {
    const reason =
      item === 'reaction' || item === 'like'
        ? 'reactions and likes are not mentions'
        : `feed item "${label(item)}" is not handled`;
    return ignored(`page.feed.${label(item)}`, reason);
  }
  const verb = head.verb ?? '(none)';
  const eventType = `page.feed.${item}`;
  const isComment = item === 'comment';

  if (verb === 'remove' || verb === 'delete') {
    const postId = isComment
      ? parseAt(FeedRemovedComment, value, `${at}.value`).comment_id
      : parseAt(FeedRemovedPost, value, `${at}.value`).post_id;
    return { kind: 'deletion', network: 'facebook', postId, deletedAt: toIso(entry.time) };
  }
  if (verb !== 'add' && verb !== 'edited' && verb !== 'edit') {
    return ignored(`${eventType}.${label(verb)}`, `feed verb "${label(verb)}" neither adds, edits nor removes`);
  }

  const post = parseAt(FeedPost, value, `${at}.value`);
  const comment = isComment ? parseAt(FeedComment, value, `${at}.value`) : undefined;
  const text = mentionText(post.message);
  if (!text) return ignored(eventType, `${item} has no text`);
  if (!post.from) return ignored(eventType, `${item} names no author (from); fetch by id`);

  const postId = comment ? comment.comment_id : post.post_id;
  const parentId = comment ? (comment.parent_id ?? comment.post_id) : undefined;
  const name = clip(post.from.name, 256);
  return mentionEvent(
    {
      network: 'facebook',
      postId,
      conversationId: post.post_id,
      ...(parentId !== undefined && parentId !== postId ? { inReplyTo: parentId } : {}),
      author: {
        id: post.from.id,
        handle: clip(name, 128) ?? post.from.id,
        ...(name ? { displayName: name } : {}),
      },
      text,
      url: facebookUrl(post.post_id),
      createdAt: toIso(post.created_time ?? entry.time),
      brandOwned: isBrand(post.from.id, entry, options),
      rawPayloadRef: `facebook:feed:${postId}`,
    },
    verb !== 'add',
    at,
  );
};

const instagramComment = (
  field: string,
  value: unknown,
  entry: Entry,
  options: ConnectorOptions,
  at: string,
): ConnectorEvent => {
  const comment = parseAt(InstagramComment, value, `${at}.value`);
  const eventType = `instagram.${field}`;
  const text = mentionText(comment.text);
  if (!text) return ignored(eventType, 'comment has no text');
  if (!comment.from) return ignored(eventType, 'comment names no author (from); fetch by id');
  const parentId = comment.parent_id ?? comment.media.id;
  const username = clip(comment.from.username, 128);
  return mentionEvent(
    {
      network: 'instagram',
      postId: comment.id,
      conversationId: comment.media.id,
      ...(parentId !== comment.id ? { inReplyTo: parentId } : {}),
      author: { id: comment.from.id, handle: username ?? comment.from.id },
      text,
      createdAt: toIso(entry.time),
      brandOwned: isBrand(comment.from.id, entry, options),
      rawPayloadRef: `instagram:${field}:${comment.id}`,
    },
    false,
    at,
  );
};

const change = (
  object: 'page' | 'instagram',
  raw: unknown,
  entry: Entry,
  options: ConnectorOptions,
  at: string,
): ConnectorEvent => {
  const { field, value } = parseAt(Change, raw, at);
  if (object === 'page' && field === 'feed') return feedChange(value, entry, options, at);
  if (object === 'instagram' && (field === 'comments' || field === 'live_comments')) {
    return instagramComment(field, value, entry, options, at);
  }
  if (object === 'instagram' && field === 'mentions') return ignored('instagram.mentions', instagramMentionReason);
  return ignored(`${object}.${label(field)}`, `field "${label(field)}" is not handled`);
};

const messagingEvent = (
  object: 'page' | 'instagram',
  raw: unknown,
  entry: Entry,
  options: ConnectorOptions,
  at: string,
): ConnectorEvent => {
  const body = parseAt(AnyObject, raw, at);
  const kind = messagingKinds.find((key) => body[key] !== undefined);
  const prefix = `${object}.messaging`;
  if (kind === undefined) {
    const other = Object.keys(body).find((key) => key !== 'sender' && key !== 'recipient' && key !== 'timestamp');
    const type = label(other ?? 'unknown');
    const reason = receiptKinds.has(type)
      ? 'delivery and read receipts are not mentions'
      : `messaging event "${type}" is not handled`;
    return ignored(`${prefix}.${type}`, reason);
  }

  const event = parseAt(MessagingEvent, raw, at);
  const network: Network = object === 'page' ? 'messenger' : 'instagram';
  const createdAt = toIso(event.timestamp ?? entry.time);
  const eventType = `${prefix}.${kind}`;
  const message = kind === 'message' ? parseAt(Message, body.message, `${at}.message`) : undefined;
  const content = message ?? parseAt(MessageEdit, body.message_edit, `${at}.message_edit`);

  if (message?.is_deleted === true) {
    return { kind: 'deletion', network, postId: message.mid, deletedAt: createdAt };
  }
  const text = mentionText(content.text);
  if (!text) {
    const reason =
      message?.is_unsupported === true
        ? 'message type is not supported by Meta'
        : message?.attachments !== undefined && message.attachments.length > 0
          ? 'message has attachments only, no text'
          : 'message has no text';
    return ignored(eventType, reason);
  }

  const brandOwned = message?.is_echo === true || isBrand(event.sender.id, entry, options);
  const customerId = brandOwned ? event.recipient.id : event.sender.id;
  const replyTo = message?.reply_to?.mid;
  return mentionEvent(
    {
      network,
      postId: content.mid,
      conversationId: `dm:${entry.id}:${customerId}`,
      ...(replyTo !== undefined && replyTo !== content.mid ? { inReplyTo: replyTo } : {}),
      author: { id: event.sender.id, handle: event.sender.id },
      text,
      createdAt,
      direct: true,
      brandOwned,
      rawPayloadRef: `${network}:${kind}:${content.mid}`,
    },
    kind === 'message_edit',
    at,
  );
};

const normalise = (payload: unknown, options: ConnectorOptions): ConnectorEvent[] => {
  const { object } = parseAt(Envelope, payload, '');
  if (object !== 'page' && object !== 'instagram') {
    return [ignored(label(object), `object "${label(object)}" is not one the bridge subscribes to`)];
  }
  const events: ConnectorEvent[] = [];
  parseAt(Entries, payload, '').entry.forEach((rawEntry, e) => {
    const at = `entry[${e}]`;
    const entry = parseAt(Entry, rawEntry, at);
    entry.changes?.forEach((raw, c) => {
      events.push(change(object, raw, entry, options, `${at}.changes[${c}]`));
    });
    entry.messaging?.forEach((raw, m) => {
      events.push(messagingEvent(object, raw, entry, options, `${at}.messaging[${m}]`));
    });
    entry.standby?.forEach((raw, s) => {
      events.push(messagingEvent(object, raw, entry, options, `${at}.standby[${s}]`));
    });
  });
  return events;
};

/**
 * Reads one Meta Webhooks POST body (already signature-checked) into connector events, one per change
 * or messaging event. Throws only `DomainError`: `VALIDATION_FAILED` naming the bad path for malformed
 * bodies, `INTERNAL` should this code itself fail.
 */
export function normaliseMetaWebhook(payload: unknown, options: ConnectorOptions): ConnectorEvent[] {
  try {
    return normalise(payload, options);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('INTERNAL', 'Meta webhook could not be read', { cause: error });
  }
}
