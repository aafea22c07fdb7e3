/**
 * X (Twitter) Account Activity API connector: turns one webhook POST body (the v1.1-format
 * payload, `for_user_id` plus one event array) into connector events.
 *
 * Payloads as documented on "V2 Account Activity API → Payload examples"
 * (https://docs.x.com/x-api/account-activity/introduction), the v1.1 Tweet object
 * (https://developer.twitter.com/en/docs/tweets/data-dictionary/overview/tweet-object), the Direct
 * Message event object (https://developer.x.com/en/docs/x-api/v1/direct-messages/sending-and-receiving/guides/message-create-object)
 * and "Edit Posts" (enterprise fundamentals). test/fixtures/x/README.md lists the pages per fixture.
 *
 * Signatures are checked before this runs, on the raw bytes; this is pure mapping.
 *
 * Mapping decisions:
 * - Posts (`tweet_create_events`): one mention per Post. Text is `extended_tweet.full_text`, else
 *   `full_text`, else `text`, with X's `&amp; &lt; &gt;` unescaped and a trailing media link
 *   (`https://t.co/…` of an attached photo or video, listed in `entities.media`) removed. A Post
 *   with no text left (media only) becomes `ignored` with reason "no text (media only)" rather
 *   than a mention with invented text: there is nothing for a classifier or an agent to read.
 * - Threads: conversationId is X's `conversation_id_str`/`conversation_id` when the payload has
 *   one, else the parent (`in_reply_to_status_id_str`) for a reply, else the Post's own id.
 * - Edits: X gives an edited Post a new id and an `edit_history` whose `initial_tweet_id` (or the
 *   first of `edit_tweet_ids`) is the original. The mention keeps the ORIGINAL id as postId and is
 *   flagged `edited: true`, so the new version updates the mention already known instead of
 *   making a second one. `url` and `rawPayloadRef` name the version actually received.
 * - Retweets (`retweeted_status` present) are mentions with `repost: true` (later steps skip
 *   them); quote Posts are ordinary mentions with their own text.
 * - Language: X's `lang` when it is a real BCP 47 tag. `und` (undetermined), `zxx`, `art` and X's
 *   private-use `q??` codes (`qme` media only, `qht` hashtags only, …) are omitted; X's legacy
 *   `in` becomes `id` (Indonesian), `iw` → `he`, `ji` → `yi`; `zh-cn` → `zh-CN`.
 * - Direct messages (`direct_message_events`, type `message_create`): mention with `direct: true`,
 *   conversationId `dm:{smaller id}-{larger id}` of the two users (the same both ways), author from
 *   the `users` map. DM text is kept as sent (no HTML unescaping: DM events are not documented as
 *   escaped). Other DM event types are ignored, one `ignored` per event.
 * - `tweet_delete_events`: one deletion per event, `deletedAt` from `timestamp_ms`.
 * - Likes, follows, blocks, mutes, typing indicators, read receipts, `user_event` (revoke) and any
 *   unknown `*_events` key: one `ignored` per key (an empty array yields nothing).
 * - `for_user_id` is required, except for the documented revoke body (`user_event` alone), which
 *   X sends without it.
 * - Anything malformed throws a non-retryable DomainError VALIDATION_FAILED naming the path.
 */
import { z } from 'zod';
import '../zod-messages.ts';
import { DomainError } from '../errors.ts';
import { MentionInput } from '../mention.ts';
import { parseOrThrow, toFieldIssues } from '../validation.ts';
import type { ConnectorEvent, ConnectorOptions, ValidMentionInput } from './connector-event.ts';

// ---------------------------------------------------------------------------------------------
// Pure helpers (exported for tests)
// ---------------------------------------------------------------------------------------------

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const xDatePattern =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2}) ([0-9]{4})$/;

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the span a four-digit ISO year can say. */
const minIsoEpochMs = -62_167_219_200_000;
const maxIsoEpochMs = 253_402_300_799_999;

const daysInMonth = (year: number, monthIndex: number): number => {
  if (monthIndex === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [3, 5, 8, 10].includes(monthIndex) ? 30 : 31;
};

/** Milliseconds since the epoch → ISO 8601 UTC, or undefined outside four-digit years. */
export const epochMsToIso = (ms: number): string | undefined => {
  if (!Number.isInteger(ms) || ms < minIsoEpochMs || ms > maxIsoEpochMs) return undefined;
  return new Date(ms).toISOString();
};

/**
 * X's v1.1 `created_at` ("Wed Oct 10 20:19:24 +0000 2018") → "2018-10-10T20:19:24.000Z".
 * Strict on the calendar (no 31 April), lenient on the weekday name. Undefined when unreadable.
 */
export const parseXCreatedAt = (value: string): string | undefined => {
  const match = xDatePattern.exec(value);
  if (!match) return undefined;
  const [, monthName, day, hours, minutes, seconds, sign, offsetHours, offsetMinutes, year] = match;
  const monthIndex = monthNames.indexOf(monthName as (typeof monthNames)[number]);
  const y = Number(year);
  const d = Number(day);
  const h = Number(hours);
  const mi = Number(minutes);
  const s = Number(seconds);
  const oh = Number(offsetHours);
  const om = Number(offsetMinutes);
  if (monthIndex < 0 || d < 1 || d > daysInMonth(y, monthIndex) || h > 23 || mi > 59 || s > 59) return undefined;
  if (oh > 14 || om > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, monthIndex, d);
  date.setUTCHours(h, mi, s, 0);
  const offsetMs = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return epochMsToIso(date.getTime() - offsetMs);
};

const xEntityPattern = /&(amp|lt|gt);/g;
const xEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };

/** X escapes `&`, `<` and `>` in Post texts; one pass, so "&amp;lt;" correctly becomes "&lt;". */
export const unescapeXText = (text: string): string =>
  text.replace(xEntityPattern, (_entity, name: string) => xEntities[name] ?? '');

const languageAliases: Readonly<Record<string, string>> = { in: 'id', iw: 'he', ji: 'yi' };
const notALanguage = new Set(['und', 'zxx', 'art', 'mis', 'mul']);
const privateUseLanguage = /^q[a-t][a-z]$/;
const LanguageTag = MentionInput.shape.language.unwrap();

/**
 * X's `lang` → a BCP 47 tag the mention contract accepts, or undefined when X could not tell
 * (`und`), the text has no language (`zxx`, `qme`, `qht`, …) or the value is not a tag at all.
 */
export const xLanguage = (lang: string | null | undefined): string | undefined => {
  if (typeof lang !== 'string') return undefined;
  const [primary = '', ...rest] = lang.trim().toLowerCase().split('-');
  if (notALanguage.has(primary) || privateUseLanguage.test(primary)) return undefined;
  const language = languageAliases[primary] ?? primary;
  const subtags = rest.map((subtag) =>
    subtag.length === 2
      ? subtag.toUpperCase()
      : subtag.length === 4
        ? subtag[0]?.toUpperCase() + subtag.slice(1)
        : subtag,
  );
  const tag = [language, ...subtags].join('-');
  return LanguageTag.safeParse(tag).success ? tag : undefined;
};

/** Numeric ids compared as numbers without BigInt: shorter is smaller, then digit by digit. */
const compareIds = (a: string, b: string): number =>
  a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;

/** One id for a one-to-one DM thread, the same whichever of the two sent the message. */
export const dmConversationId = (userA: string, userB: string): string => {
  const [low, high] = compareIds(userA, userB) <= 0 ? [userA, userB] : [userB, userA];
  return `dm:${low}-${high}`;
};

// ---------------------------------------------------------------------------------------------
// Provider payload schemas (loose: X adds fields; only what is read is checked)
// ---------------------------------------------------------------------------------------------

const XId = z.string().regex(/^[0-9]{1,20}$/, 'must be a numeric X id string');

const isEpochMs = (value: unknown): value is string | number =>
  (typeof value === 'string' && /^[0-9]{1,15}$/.test(value) && epochMsToIso(Number(value)) !== undefined) ||
  (typeof value === 'number' && value >= 0 && epochMsToIso(value) !== undefined);
/** A millisecond epoch (X sends strings, sometimes numbers), read as an ISO timestamp. */
const EpochMsAsIso = z
  .custom<string | number>(isEpochMs, 'must be a millisecond epoch timestamp such as "1516403560557"')
  .transform((value) => epochMsToIso(Number(value)) ?? '');
/** X's `created_at`, read as an ISO timestamp. */
const CreatedAtAsIso = z.string().transform((value, ctx) => {
  const iso = parseXCreatedAt(value);
  if (iso === undefined) {
    ctx.addIssue({ code: 'custom', input: value, message: 'must be a date like "Wed Oct 10 20:19:24 +0000 2018"' });
    return z.NEVER;
  }
  return iso;
});

const XUser = z.looseObject({
  id_str: XId,
  screen_name: z.string(),
  name: z.string().nullish(),
  followers_count: z.number().int().nonnegative().nullish(),
  verified: z.boolean().nullish(),
});

const XTweet = z
  .looseObject({
    id_str: XId,
    created_at: CreatedAtAsIso.optional(),
    timestamp_ms: EpochMsAsIso.optional(),
    text: z.string().nullish(),
    full_text: z.string().nullish(),
    extended_tweet: z.looseObject({ full_text: z.string() }).nullish(),
    user: XUser,
    in_reply_to_status_id_str: XId.nullish(),
    in_reply_to_user_id_str: XId.nullish(),
    conversation_id_str: XId.nullish(),
    lang: z.string().nullish(),
    retweeted_status: z.looseObject({}).nullish(),
    is_quote_status: z.boolean().nullish(),
    quoted_status: z.looseObject({}).nullish(),
    edit_history: z
      .looseObject({ initial_tweet_id: XId.optional(), edit_tweet_ids: z.array(XId).optional() })
      .nullish(),
  })
  .superRefine((tweet, ctx) => {
    if (tweet.created_at === undefined && tweet.timestamp_ms === undefined)
      ctx.addIssue({ code: 'custom', path: ['created_at'], message: 'required (or timestamp_ms)' });
    if (typeof (tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text) !== 'string')
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'required (or full_text, extended_tweet.full_text)' });
  });
type XTweet = z.output<typeof XTweet>;

const XDmEvent = z
  .looseObject({
    type: z.string(),
    id: XId,
    created_timestamp: EpochMsAsIso,
    message_create: z
      .looseObject({
        target: z.looseObject({ recipient_id: XId }),
        sender_id: XId,
        message_data: z.looseObject({ text: z.string() }),
      })
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.type === 'message_create' && event.message_create === undefined)
      ctx.addIssue({ code: 'custom', path: ['message_create'], message: 'required for a message_create event' });
  });
type XDmEvent = z.output<typeof XDmEvent>;

const XDmUser = z.looseObject({
  screen_name: z.string(),
  name: z.string().nullish(),
  followers_count: z.number().int().nonnegative().nullish(),
  verified: z.boolean().nullish(),
});
type XDmUser = z.output<typeof XDmUser>;

const XTweetDelete = z.looseObject({
  status: z.looseObject({ id: XId, user_id: XId.optional() }),
  timestamp_ms: EpochMsAsIso,
});

/** Event arrays the bridge does not act on, and why. */
const ignoredEventReasons: Readonly<Record<string, string>> = {
  favorite_events: 'likes are not service requests',
  follow_events: 'follows are not service requests',
  unfollow_events: 'follows are not service requests',
  block_events: 'blocks are account housekeeping',
  unblock_events: 'blocks are account housekeeping',
  mute_events: 'mutes are account housekeeping',
  unmute_events: 'mutes are account housekeeping',
  direct_message_indicate_typing_events: 'typing indicators carry no message',
  direct_message_mark_read_events: 'read receipts carry no message',
};
const revokeReason = 'the user revoked the app: subscription ended, no message';
const unknownReason = 'event type not handled by the X connector';

/** Top-level keys that describe the delivery rather than hold events. */
const metadataKeys = new Set(['for_user_id', 'user_has_blocked', 'is_blocked_by', 'users', 'apps', 'source', 'target']);
const handledKeys = new Set(['tweet_create_events', 'direct_message_events', 'tweet_delete_events', 'user_event']);

const IgnoredArray = z.array(z.unknown()).optional();

const XActivityPayload = z
  .looseObject({
    for_user_id: XId.optional(),
    tweet_create_events: z.array(XTweet).optional(),
    direct_message_events: z.array(XDmEvent).optional(),
    tweet_delete_events: z.array(XTweetDelete).optional(),
    users: z.record(z.string(), XDmUser).optional(),
    user_event: z.looseObject({}).optional(),
    favorite_events: IgnoredArray,
    follow_events: IgnoredArray,
    unfollow_events: IgnoredArray,
    block_events: IgnoredArray,
    unblock_events: IgnoredArray,
    mute_events: IgnoredArray,
    unmute_events: IgnoredArray,
    direct_message_indicate_typing_events: IgnoredArray,
    direct_message_mark_read_events: IgnoredArray,
  })
  .superRefine((payload, ctx) => {
    const eventKeys = Object.keys(payload).filter((key) => !metadataKeys.has(key));
    const revokeOnly = eventKeys.length > 0 && eventKeys.every((key) => key === 'user_event');
    if (payload.for_user_id === undefined && !revokeOnly)
      ctx.addIssue({ code: 'custom', path: ['for_user_id'], message: 'required' });
    payload.direct_message_events?.forEach((event, index) => {
      const senderId = event.message_create?.sender_id;
      if (senderId !== undefined && !Object.hasOwn(payload.users ?? {}, senderId))
        ctx.addIssue({
          code: 'custom',
          path: ['direct_message_events', index, 'message_create', 'sender_id'],
          message: 'has no entry in users',
        });
    });
  });
type XActivityPayload = z.output<typeof XActivityPayload>;

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

const noText = 'no text (media only)';

/** A property of something that may not be an object, without ever throwing. */
const prop = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** Media links X appends to a Post's text (all media of one Post share one t.co link). */
const mediaUrlsOf = (tweet: XTweet): string[] =>
  [
    prop(tweet, 'entities'),
    prop(tweet, 'extended_entities'),
    prop(tweet.extended_tweet, 'entities'),
    prop(tweet.extended_tweet, 'extended_entities'),
  ].flatMap((entities) => {
    const media = prop(entities, 'media');
    return Array.isArray(media)
      ? media
          .map((item: unknown) => prop(item, 'url'))
          .filter((url): url is string => typeof url === 'string' && url !== '')
      : [];
  });

/** Drops the media links X appends at the end of a text (they are not words anyone wrote). */
const withoutTrailingLinks = (text: string, links: readonly string[]): string => {
  const trailingLink = (value: string) => links.find((link) => value.endsWith(link));
  let result = text.trimEnd();
  let link = trailingLink(result);
  while (link !== undefined) {
    result = result.slice(0, -link.length).trimEnd();
    link = trailingLink(result);
  }
  return result;
};

const isBrand = (userId: string, forUserId: string | undefined, options: ConnectorOptions): boolean =>
  userId === forUserId || options.brandAccountIds.has(userId);

const tweetEvent = (tweet: XTweet, forUserId: string | undefined, options: ConnectorOptions): ConnectorEvent => {
  const rawText = tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '';
  const text = withoutTrailingLinks(unescapeXText(rawText), mediaUrlsOf(tweet));
  if (text.trim() === '') return { kind: 'ignored', eventType: 'tweet_create_events', reason: noText };

  const originalId = tweet.edit_history?.initial_tweet_id ?? tweet.edit_history?.edit_tweet_ids?.[0] ?? tweet.id_str;
  const xConversationId =
    tweet.conversation_id_str ??
    // v2-style `conversation_id`: only a string id can be trusted (a JSON number loses digits).
    XId.safeParse(prop(tweet, 'conversation_id')).data ??
    undefined;
  const inReplyTo = tweet.in_reply_to_status_id_str ?? undefined;
  const createdAt = tweet.created_at ?? tweet.timestamp_ms;
  const language = xLanguage(tweet.lang);
  const user = tweet.user;

  const candidate = {
    network: 'x',
    postId: originalId,
    conversationId: xConversationId ?? inReplyTo ?? originalId,
    ...(inReplyTo === undefined ? {} : { inReplyTo }),
    author: {
      id: user.id_str,
      handle: user.screen_name,
      ...(typeof user.name === 'string' ? { displayName: user.name } : {}),
      ...(typeof user.followers_count === 'number' ? { followers: user.followers_count } : {}),
      verified: user.verified === true,
    },
    text,
    url: `https://x.com/${encodeURIComponent(user.screen_name)}/status/${tweet.id_str}`,
    createdAt,
    direct: false,
    brandOwned: isBrand(user.id_str, forUserId, options),
    repost: tweet.retweeted_status !== undefined && tweet.retweeted_status !== null,
    ...(language === undefined ? {} : { language }),
    rawPayloadRef: `x:tweet_create_events:${tweet.id_str}`,
  };
  const mention: ValidMentionInput = parseOrThrow(MentionInput, candidate, `X tweet ${tweet.id_str}`);
  return { kind: 'mention', edited: originalId !== tweet.id_str, mention };
};

const dmEvent = (
  event: XDmEvent,
  users: Readonly<Record<string, XDmUser>>,
  forUserId: string | undefined,
  options: ConnectorOptions,
): ConnectorEvent => {
  const message = event.message_create;
  if (event.type !== 'message_create' || message === undefined)
    return {
      kind: 'ignored',
      eventType: 'direct_message_events',
      reason: `direct message event type "${event.type}" is not a message`,
    };
  const attachmentUrl = prop(prop(prop(message.message_data, 'attachment'), 'media'), 'url');
  const text = withoutTrailingLinks(
    message.message_data.text,
    typeof attachmentUrl === 'string' ? [attachmentUrl] : [],
  );
  if (text.trim() === '') return { kind: 'ignored', eventType: 'direct_message_events', reason: noText };

  const senderId = message.sender_id;
  const sender = Object.hasOwn(users, senderId) ? users[senderId] : undefined;
  const candidate = {
    network: 'x',
    postId: event.id,
    conversationId: dmConversationId(senderId, message.target.recipient_id),
    author: {
      id: senderId,
      handle: sender?.screen_name,
      ...(typeof sender?.name === 'string' ? { displayName: sender.name } : {}),
      ...(typeof sender?.followers_count === 'number' ? { followers: sender.followers_count } : {}),
      verified: sender?.verified === true,
    },
    text,
    createdAt: event.created_timestamp,
    direct: true,
    brandOwned: isBrand(senderId, forUserId, options),
    repost: false,
    rawPayloadRef: `x:direct_message_events:${event.id}`,
  };
  const mention: ValidMentionInput = parseOrThrow(MentionInput, candidate, `X direct message ${event.id}`);
  return { kind: 'mention', edited: false, mention };
};

const isEventKey = (key: string, value: unknown): boolean =>
  !metadataKeys.has(key) && (Array.isArray(value) || /_events?$/.test(key));

/** Reads the provider payload or throws VALIDATION_FAILED naming every bad path. */
const readPayload = (payload: unknown): XActivityPayload => {
  const result = XActivityPayload.safeParse(payload);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const first = issues[0];
  const where = first ? `${first.path || '(root)'}: ${first.message}` : 'unreadable';
  throw new DomainError('VALIDATION_FAILED', `X Account Activity payload is invalid: ${where}`, {
    details: { issues },
  });
};

/**
 * One X Account Activity webhook body → the events in it, in payload order. Mentions are already
 * valid against the generic `MentionInput` contract. Throws DomainError VALIDATION_FAILED
 * (non-retryable) for a body that is not a well-formed Account Activity payload.
 */
export function normaliseXActivity(payload: unknown, options: ConnectorOptions): ConnectorEvent[] {
  const body = readPayload(payload);
  const forUserId = body.for_user_id;
  const events: ConnectorEvent[] = [];
  for (const key of Object.keys(payload as object)) {
    const raw: unknown = (payload as Record<string, unknown>)[key];
    switch (key) {
      case 'tweet_create_events':
        for (const tweet of body.tweet_create_events ?? []) events.push(tweetEvent(tweet, forUserId, options));
        break;
      case 'direct_message_events':
        for (const event of body.direct_message_events ?? [])
          events.push(dmEvent(event, body.users ?? {}, forUserId, options));
        break;
      case 'tweet_delete_events':
        for (const deletion of body.tweet_delete_events ?? [])
          events.push({
            kind: 'deletion',
            network: 'x',
            postId: deletion.status.id,
            deletedAt: deletion.timestamp_ms,
          });
        break;
      case 'user_event':
        events.push({ kind: 'ignored', eventType: key, reason: revokeReason });
        break;
      default:
        if (!handledKeys.has(key) && isEventKey(key, raw) && !(Array.isArray(raw) && raw.length === 0))
          events.push({ kind: 'ignored', eventType: key, reason: ignoredEventReasons[key] ?? unknownReason });
    }
  }
  return events;
}
