import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectorEvent, ConnectorOptions } from '../../lambdas/domain/connectors/connector-event.ts';
import {
  dmConversationId,
  normaliseXActivity,
  parseXCreatedAt,
  unescapeXText,
  xLanguage,
} from '../../lambdas/domain/connectors/x-activity.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { MentionInput } from '../../lambdas/domain/mention.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures and the people in them (see test/fixtures/x/README.md)
// ---------------------------------------------------------------------------------------------

const fixtureDir = new URL('../fixtures/x/', import.meta.url);
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, fixtureDir), 'utf8')) as Record<string, unknown>;

const BRAND = '1357012468112345089';
const noBrandAccounts: ConnectorOptions = { brandAccountIds: new Set() };

const brandAuthor = {
  id: BRAND,
  handle: 'AeroSurAir',
  displayName: 'AeroSur Airlines',
  followers: 284113,
  verified: true,
};
const maria = { id: '784512369', handle: 'maria_gl', displayName: 'María González', followers: 412, verified: false };
const tom = {
  id: '1490012345678901248',
  handle: 'tom_travels',
  displayName: 'Tom Okafor',
  followers: 5230,
  verified: false,
};
const jan = { id: '52187634', handle: 'jkowalski', displayName: 'Jan Kowalski', followers: 87, verified: false };
const dewi = {
  id: '1622334455667788992',
  handle: 'dewi_s',
  displayName: 'Dewi Sartika',
  followers: 143,
  verified: false,
};
const noa = { id: '3344556677', handle: 'noa_levi', displayName: 'נועה לוי', followers: 29, verified: false };
const ravi = { id: '971234567812345678', handle: 'ravi_k', displayName: 'Ravi K', followers: 18, verified: false };

const mariaBrandDm = 'dm:784512369-1357012468112345089';
const brandPostId = '2028394931155900971';

/** The exact events each fixture must produce. Every .json in the folder must be listed here. */
const expectedByFixture: Record<string, ConnectorEvent[]> = {
  'tweet-mention.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028413881021369361',
        conversationId: '2028413881021369361',
        author: maria,
        text: '@AeroSurAir Hi, my flight AS 2231 to Lisbon shows "delayed" with no new time. Will I make my connection?',
        url: 'https://x.com/maria_gl/status/2028413881021369361',
        createdAt: '2026-03-02T10:15:30.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2028413881021369361',
      },
    },
  ],
  'tweet-reply.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028435167114178368',
        conversationId: brandPostId,
        inReplyTo: brandPostId,
        author: dewi,
        text: '@AeroSurAir Penerbangan saya dibatalkan tiga minggu lalu, kapan uang saya dikembalikan?',
        url: 'https://x.com/dewi_s/status/2028435167114178368',
        createdAt: '2026-03-02T11:40:05.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'id',
        rawPayloadRef: 'x:tweet_create_events:2028435167114178368',
      },
    },
  ],
  'tweet-quote.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028440867173303041',
        conversationId: '2028440867173303041',
        author: tom,
        text: 'Great. Now could you also answer the refund request I sent in January? 🙄',
        url: 'https://x.com/tom_travels/status/2028440867173303041',
        createdAt: '2026-03-02T12:02:44.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2028440867173303041',
      },
    },
  ],
  'tweet-retweet.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028447729054648183',
        conversationId: '2028447729054648183',
        author: jan,
        text: "RT @AeroSurAir: We're adding extra legroom rows on all A321neo flights from April. More space, same fare ✈️",
        url: 'https://x.com/jkowalski/status/2028447729054648183',
        createdAt: '2026-03-02T12:30:00.000Z',
        direct: false,
        brandOwned: false,
        repost: true,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2028447729054648183',
      },
    },
  ],
  'tweet-extended.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028739228988350208',
        conversationId: '2028739228988350208',
        author: tom,
        text:
          "@AeroSurAir I've been on hold for two hours about flight AS 482 from Lisbon. The app says my connection in Madrid " +
          'is confirmed, but the gate agent told me the booking was cancelled and rebooked for tomorrow without asking me. ' +
          'I have a meeting in Bogotá on Friday morning and need the earliest flight possible. Booking ref QX7P2L. ' +
          'Please help, nobody answers the phone.',
        url: 'https://x.com/tom_travels/status/2028739228988350208',
        createdAt: '2026-03-03T07:48:19.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2028739228988350208',
      },
    },
  ],
  'tweet-brand-own.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028818924958646338',
        conversationId: '2028818924958646338',
        author: brandAuthor,
        text: 'Heads up: storms over Madrid are delaying some afternoon departures. Check your flight status in the app before leaving for the airport.',
        url: 'https://x.com/AeroSurAir/status/2028818924958646338',
        createdAt: '2026-03-03T13:05:00.000Z',
        direct: false,
        brandOwned: true,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2028818924958646338',
      },
    },
  ],
  'tweet-emoji-es.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2028898914530245178',
        conversationId: '2028898914530245178',
        author: maria,
        text: '@AeroSurAir Mi vuelo se canceló 😡✈️ ¿reembolso?',
        url: 'https://x.com/maria_gl/status/2028898914530245178',
        createdAt: '2026-03-03T18:22:51.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'es',
        rawPayloadRef: 'x:tweet_create_events:2028898914530245178',
      },
    },
  ],
  'tweet-entities.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2029107111392182529',
        conversationId: '2029107111392182529',
        author: jan,
        text: '@AeroSurAir Lost bag & no update for 3 days. Tracking says <delivered> but it is not here. Ref AS-LB-55120',
        url: 'https://x.com/jkowalski/status/2029107111392182529',
        createdAt: '2026-03-04T08:10:09.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2029107111392182529',
      },
    },
  ],
  'tweet-media-only.json': [{ kind: 'ignored', eventType: 'tweet_create_events', reason: 'no text (media only)' }],
  'tweet-edited.json': [
    {
      kind: 'mention',
      edited: true,
      mention: {
        network: 'x',
        // The ORIGINAL id (edit_history.initial_tweet_id), so the edit updates the known mention.
        postId: '2029195166610361099',
        conversationId: '2029195166610361099',
        author: tom,
        text: '@AeroSurAir my flight AS 771 was delayed 5 hours and I missed my connection in Lima. What now?',
        // The version actually received.
        url: 'https://x.com/tom_travels/status/2029196861109177356',
        createdAt: '2026-03-04T14:06:47.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'en',
        rawPayloadRef: 'x:tweet_create_events:2029196861109177356',
      },
    },
  ],
  'tweet-batch-languages.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2029436745937850641',
        conversationId: '2029436745937850641',
        author: ravi,
        text: '@AeroSurAir 😡😡😡✈️',
        url: 'https://x.com/ravi_k/status/2029436745937850641',
        createdAt: '2026-03-05T06:00:00.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        // lang "und": no language
        rawPayloadRef: 'x:tweet_create_events:2029436745937850641',
      },
    },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2029436754326463010',
        conversationId: '2029436754326463010',
        author: noa,
        text: '@AeroSurAir הטיסה שלי בוטלה, מתי אקבל החזר?',
        url: 'https://x.com/noa_levi/status/2029436754326463010',
        createdAt: '2026-03-05T06:00:02.000Z',
        direct: false,
        brandOwned: false,
        repost: false,
        language: 'he',
        rawPayloadRef: 'x:tweet_create_events:2029436754326463010',
      },
    },
  ],
  'dm-to-brand.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2029485202731961613',
        conversationId: mariaBrandDm,
        author: maria,
        text: 'Hola, me cobraron dos veces el vuelo AS 2231 (localizador KD92QF). ¿Me pueden devolver uno de los cargos?',
        createdAt: '2026-03-05T09:12:33.000Z',
        direct: true,
        brandOwned: false,
        repost: false,
        rawPayloadRef: 'x:direct_message_events:2029485202731961613',
      },
    },
  ],
  'dm-from-brand.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'x',
        postId: '2029487085974457870',
        conversationId: mariaBrandDm,
        author: brandAuthor,
        text: 'Hola María, sentimos el doble cargo. Ya lo hemos escalado: verás el reembolso en 5–7 días hábiles. ^LM',
        createdAt: '2026-03-05T09:20:02.000Z',
        direct: true,
        brandOwned: true,
        repost: false,
        rawPayloadRef: 'x:direct_message_events:2029487085974457870',
      },
    },
  ],
  'tweet-delete-events.json': [
    { kind: 'deletion', network: 'x', postId: '2028413881021369361', deletedAt: '2026-03-04T17:06:48.234Z' },
  ],
  'favorite-events.json': [{ kind: 'ignored', eventType: 'favorite_events', reason: 'likes are not service requests' }],
  'follow-events.json': [{ kind: 'ignored', eventType: 'follow_events', reason: 'follows are not service requests' }],
  'block-events.json': [{ kind: 'ignored', eventType: 'block_events', reason: 'blocks are account housekeeping' }],
  'mute-events.json': [{ kind: 'ignored', eventType: 'mute_events', reason: 'mutes are account housekeeping' }],
  'dm-indicate-typing-events.json': [
    {
      kind: 'ignored',
      eventType: 'direct_message_indicate_typing_events',
      reason: 'typing indicators carry no message',
    },
  ],
  'dm-mark-read-events.json': [
    { kind: 'ignored', eventType: 'direct_message_mark_read_events', reason: 'read receipts carry no message' },
  ],
  'user-event-revoke.json': [
    { kind: 'ignored', eventType: 'user_event', reason: 'the user revoked the app: subscription ended, no message' },
  ],
  'some-future-events.json': [
    { kind: 'ignored', eventType: 'some_future_events', reason: 'event type not handled by the X connector' },
  ],
};
const fixtureNames = Object.keys(expectedByFixture);

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties
// ---------------------------------------------------------------------------------------------

const IsoTimestamp = z.iso.datetime({ offset: true });

/** Every event is of a known kind, and every mention is already a valid `z.output<MentionInput>`. */
const expectValidEvents = (events: unknown): void => {
  expect(Array.isArray(events)).toBe(true);
  for (const event of events as ConnectorEvent[]) {
    if (event.kind === 'mention') {
      expect(MentionInput.parse(event.mention)).toEqual(event.mention);
      expect(typeof event.edited).toBe('boolean');
    } else if (event.kind === 'deletion') {
      expect(event.network).toBe('x');
      expect(event.postId).toMatch(/^[0-9]+$/);
      expect(IsoTimestamp.safeParse(event.deletedAt).success).toBe(true);
    } else if (event.kind === 'ignored') {
      expect(event.eventType).toEqual(expect.any(String));
      expect(event.reason).toEqual(expect.any(String));
    } else {
      throw new Error(`unknown event kind in ${JSON.stringify(event)}`);
    }
  }
};

type Outcome = 'events' | 'rejected';

/** Runs the connector: valid events, or a non-retryable VALIDATION_FAILED DomainError. Nothing else. */
const normaliseOrReject = (payload: unknown, options: ConnectorOptions = noBrandAccounts): Outcome => {
  let events: ConnectorEvent[];
  try {
    events = normaliseXActivity(payload, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    expect((error as DomainError).details.issues).toEqual(expect.any(Array));
    return 'rejected';
  }
  expectValidEvents(events);
  return 'events';
};

const rejectionOf = (payload: unknown): DomainError => {
  try {
    normaliseXActivity(payload, noBrandAccounts);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the payload to be rejected');
};

type Path = (string | number)[];
type Container = Record<string | number, unknown>;

const nodePaths = (value: unknown, prefix: Path = []): Path[] => {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...nodePaths(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...nodePaths(item, [...prefix, key])]);
  return [];
};
const parentOf = (root: unknown, path: Path): Container =>
  path.slice(0, -1).reduce<unknown>((node, key) => (node as Container)[key], root) as Container;
const valueAt = (root: unknown, path: Path): unknown => parentOf(root, path)[path[path.length - 1] as string | number];
const setAt = (root: unknown, path: Path, value: unknown): void => {
  parentOf(root, path)[path[path.length - 1] as string | number] = value;
};
const deleteAt = (root: unknown, path: Path): void => {
  const parent = parentOf(root, path);
  const key = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('normaliseXActivity: the fixtures', () => {
  it('has expected events for every fixture file in test/fixtures/x', () => {
    // Arrange
    const files = readdirSync(fixtureDir).filter((file) => file.endsWith('.json'));
    // Assert
    expect([...files].sort()).toEqual([...fixtureNames].sort());
  });

  it.each(fixtureNames)('%s → exactly the expected events', (name) => {
    // Arrange
    const payload = fixture(name);
    // Act
    const events = normaliseXActivity(payload, noBrandAccounts);
    // Assert
    expect(events).toEqual(expectedByFixture[name]);
    expectValidEvents(events);
  });

  it('puts both directions of a DM thread in one conversation', () => {
    // Act
    const [toBrand] = normaliseXActivity(fixture('dm-to-brand.json'), noBrandAccounts);
    const [fromBrand] = normaliseXActivity(fixture('dm-from-brand.json'), noBrandAccounts);
    // Assert
    expect(toBrand?.kind === 'mention' && toBrand.mention.conversationId).toBe(mariaBrandDm);
    expect(fromBrand?.kind === 'mention' && fromBrand.mention.conversationId).toBe(mariaBrandDm);
  });

  it('deletes the post id a mention was stored under', () => {
    // Act
    const [mention] = normaliseXActivity(fixture('tweet-mention.json'), noBrandAccounts);
    const [deletion] = normaliseXActivity(fixture('tweet-delete-events.json'), noBrandAccounts);
    // Assert
    expect(deletion?.kind === 'deletion' && deletion.postId).toBe(
      mention?.kind === 'mention' && mention.mention.postId,
    );
  });
});

describe('normaliseXActivity: mapping rules', () => {
  const tweetPayload = (change: (tweet: Record<string, unknown>) => void): Record<string, unknown> => {
    const payload = fixture('tweet-mention.json');
    change((payload.tweet_create_events as Record<string, unknown>[])[0] as Record<string, unknown>);
    return payload;
  };
  const onlyMention = (events: ConnectorEvent[]) => {
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event?.kind !== 'mention') throw new Error(`expected one mention, got ${JSON.stringify(events)}`);
    return event;
  };

  it('marks posts by any of options.brandAccountIds as brand-owned, not only for_user_id', () => {
    // Arrange
    const options = { brandAccountIds: new Set([maria.id]) };
    // Act
    const tweet = onlyMention(normaliseXActivity(fixture('tweet-mention.json'), options));
    const dm = onlyMention(normaliseXActivity(fixture('dm-to-brand.json'), options));
    // Assert
    expect(tweet.mention.brandOwned).toBe(true);
    expect(dm.mention.brandOwned).toBe(true);
  });

  it("prefers X's conversation_id_str over the reply parent", () => {
    // Arrange
    const payload = tweetPayload((tweet) => {
      tweet.in_reply_to_status_id_str = '2028413800000000001';
      tweet.conversation_id_str = '2028400000000000000';
    });
    // Act
    const { mention } = onlyMention(normaliseXActivity(payload, noBrandAccounts));
    // Assert
    expect(mention).toMatchObject({ conversationId: '2028400000000000000', inReplyTo: '2028413800000000001' });
  });

  it('takes a string conversation_id, but not a number that has lost its last digits', () => {
    // Arrange
    const asString = tweetPayload((tweet) => {
      tweet.conversation_id = '2028400000000000007';
    });
    const asNumber = tweetPayload((tweet) => {
      // A JSON number this large arrives rounded: X's numeric ids cannot be trusted.
      tweet.conversation_id = Number('2028400000000000007');
      tweet.in_reply_to_status_id_str = '2028413800000000001';
    });
    // Act
    const fromString = onlyMention(normaliseXActivity(asString, noBrandAccounts));
    const fromNumber = onlyMention(normaliseXActivity(asNumber, noBrandAccounts));
    // Assert
    expect(fromString.mention.conversationId).toBe('2028400000000000007');
    expect(fromNumber.mention.conversationId).toBe('2028413800000000001');
  });

  it('joins an edit to the first id of edit_tweet_ids when initial_tweet_id is absent', () => {
    // Arrange
    const payload = fixture('tweet-edited.json');
    const tweet = (payload.tweet_create_events as Record<string, Record<string, unknown>>[])[0];
    delete tweet?.edit_history?.initial_tweet_id;
    // Act
    const event = onlyMention(normaliseXActivity(payload, noBrandAccounts));
    // Assert
    expect(event.edited).toBe(true);
    expect(event.mention.postId).toBe('2029195166610361099');
  });

  it('reads timestamp_ms when created_at is missing', () => {
    // Arrange
    const payload = tweetPayload((tweet) => {
      delete tweet.created_at;
      tweet.timestamp_ms = '1772446530123';
    });
    // Act
    const { mention } = onlyMention(normaliseXActivity(payload, noBrandAccounts));
    // Assert
    expect(mention.createdAt).toBe('2026-03-02T10:15:30.123Z');
  });

  it('prefers full_text over text when there is no extended_tweet', () => {
    // Arrange
    const payload = tweetPayload((tweet) => {
      tweet.text = 'short… https://t.co/abc';
      tweet.full_text = '@AeroSurAir the whole text';
    });
    // Act
    const { mention } = onlyMention(normaliseXActivity(payload, noBrandAccounts));
    // Assert
    expect(mention.text).toBe('@AeroSurAir the whole text');
  });

  it('keeps the words of a post with a photo, dropping only the trailing media link', () => {
    // Arrange
    const payload = fixture('tweet-media-only.json');
    const tweet = (payload.tweet_create_events as Record<string, unknown>[])[0] as Record<string, unknown>;
    tweet.text = '@AeroSurAir look at my suitcase https://t.co/Pq9wE3rT1a';
    // Act
    const { mention } = onlyMention(normaliseXActivity(payload, noBrandAccounts));
    // Assert
    expect(mention.text).toBe('@AeroSurAir look at my suitcase');
    expect(mention.language).toBeUndefined();
  });

  it('ignores a post whose text is only whitespace', () => {
    // Act
    const events = normaliseXActivity(
      tweetPayload((tweet) => {
        tweet.text = ' \n\t ';
      }),
      noBrandAccounts,
    );
    // Assert
    expect(events).toEqual([{ kind: 'ignored', eventType: 'tweet_create_events', reason: 'no text (media only)' }]);
  });

  it('ignores a DM that is only an attachment, and DM events that are not messages', () => {
    // Arrange
    const payload = fixture('dm-to-brand.json');
    const events = payload.direct_message_events as Record<string, Record<string, Record<string, unknown>>>[];
    const first = events[0] as Record<string, Record<string, Record<string, unknown>>>;
    first.message_create = {
      ...first.message_create,
      message_data: {
        text: 'https://t.co/Zx81Lm0pQa',
        attachment: { type: 'media', media: { url: 'https://t.co/Zx81Lm0pQa', type: 'photo' } },
      },
    };
    events.push({
      type: 'some_other_dm_event',
      id: '2029485202731961999',
      created_timestamp: '1772701953000',
    } as never);
    // Act
    const result = normaliseXActivity(payload, noBrandAccounts);
    // Assert
    expect(result).toEqual([
      { kind: 'ignored', eventType: 'direct_message_events', reason: 'no text (media only)' },
      {
        kind: 'ignored',
        eventType: 'direct_message_events',
        reason: 'direct message event type "some_other_dm_event" is not a message',
      },
    ]);
  });

  it('keeps payload order across event keys, one ignored per array, nothing for empty arrays or metadata', () => {
    // Arrange
    const mention = fixture('tweet-mention.json');
    const payload = {
      for_user_id: BRAND,
      favorite_events: [{ id: 'x' }, { id: 'y' }],
      tweet_create_events: mention.tweet_create_events,
      some_future_events: [],
      apps: {},
      tweet_delete_events: [{ status: { id: '1', user_id: '2' }, timestamp_ms: '1772644008234' }],
      brand_new_event: { anything: true },
    };
    // Act
    const events = normaliseXActivity(payload, noBrandAccounts);
    // Assert
    expect(events.map((event) => (event.kind === 'ignored' ? `ignored:${event.eventType}` : event.kind))).toEqual([
      'ignored:favorite_events',
      'mention',
      'deletion',
      'ignored:brand_new_event',
    ]);
  });

  it('returns no events for a delivery with no event key', () => {
    expect(normaliseXActivity({ for_user_id: BRAND, user_has_blocked: 'false' }, noBrandAccounts)).toEqual([]);
  });
});

describe('normaliseXActivity: malformed payloads are rejected with the path named', () => {
  const change = (name: string, edit: (payload: Record<string, unknown>) => void): Record<string, unknown> => {
    const payload = fixture(name);
    edit(payload);
    return payload;
  };
  const tweet0 = (payload: Record<string, unknown>) =>
    (payload.tweet_create_events as Record<string, unknown>[])[0] as Record<string, unknown>;
  const dm0 = (payload: Record<string, unknown>) =>
    (payload.direct_message_events as Record<string, unknown>[])[0] as Record<string, Record<string, unknown>>;

  it.each<[string, unknown, string]>([
    ['null', null, ''],
    ['a string', 'tweet_create_events', ''],
    ['an array', [], ''],
    ['no for_user_id', change('tweet-mention.json', (p) => delete p.for_user_id), 'for_user_id'],
    ['a numeric for_user_id', change('tweet-mention.json', (p) => (p.for_user_id = Number(BRAND))), 'for_user_id'],
    ['tweet_create_events not an array', { for_user_id: BRAND, tweet_create_events: {} }, 'tweet_create_events'],
    [
      'a tweet without id_str',
      change('tweet-mention.json', (p) => delete tweet0(p).id_str),
      'tweet_create_events[0].id_str',
    ],
    ['a tweet without user', change('tweet-mention.json', (p) => delete tweet0(p).user), 'tweet_create_events[0].user'],
    [
      'a user without screen_name',
      change('tweet-mention.json', (p) => delete (tweet0(p).user as Record<string, unknown>).screen_name),
      'tweet_create_events[0].user.screen_name',
    ],
    [
      'an unreadable created_at',
      change('tweet-mention.json', (p) => (tweet0(p).created_at = '2026-03-02 10:15')),
      'tweet_create_events[0].created_at',
    ],
    [
      'an impossible date (31 April)',
      change('tweet-mention.json', (p) => (tweet0(p).created_at = 'Fri Apr 31 10:15:30 +0000 2026')),
      'tweet_create_events[0].created_at',
    ],
    [
      'no created_at nor timestamp_ms',
      change('tweet-mention.json', (p) => {
        delete tweet0(p).created_at;
        delete tweet0(p).timestamp_ms;
      }),
      'tweet_create_events[0].created_at',
    ],
    ['no text at all', change('tweet-mention.json', (p) => delete tweet0(p).text), 'tweet_create_events[0].text'],
    [
      'a numeric in_reply_to_status_id_str',
      change('tweet-mention.json', (p) => (tweet0(p).in_reply_to_status_id_str = Number(brandPostId))),
      'tweet_create_events[0].in_reply_to_status_id_str',
    ],
    [
      'a retweeted_status that is not an object',
      change('tweet-mention.json', (p) => (tweet0(p).retweeted_status = 'yes')),
      'tweet_create_events[0].retweeted_status',
    ],
    [
      'a DM sender missing from users',
      change('dm-to-brand.json', (p) => delete (p.users as Record<string, unknown>)[maria.id]),
      'direct_message_events[0].message_create.sender_id',
    ],
    [
      'a message_create DM without message_create',
      change('dm-to-brand.json', (p) => delete dm0(p).message_create),
      'direct_message_events[0].message_create',
    ],
    [
      'a DM created_timestamp that is not epoch milliseconds',
      change('dm-to-brand.json', (p) => ((dm0(p) as Record<string, unknown>).created_timestamp = '2026-03-05')),
      'direct_message_events[0].created_timestamp',
    ],
    [
      'a deletion without timestamp_ms',
      change(
        'tweet-delete-events.json',
        (p) => delete (p.tweet_delete_events as Record<string, unknown>[])[0]?.timestamp_ms,
      ),
      'tweet_delete_events[0].timestamp_ms',
    ],
    [
      'favorite_events not an array',
      change('favorite-events.json', (p) => (p.favorite_events = { id: 'a7ba59eab0bfcba386f7acedac279542' })),
      'favorite_events',
    ],
    ['a user_event that is not an object', { user_event: 'revoke' }, 'user_event'],
  ])('%s', (_label, payload, path) => {
    // Act
    const error = rejectionOf(payload);
    // Assert
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    expect((error.details.issues as { path: string }[]).map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(`X Account Activity payload is invalid: ${path || '(root)'}: `);
  });

  it('rejects a text longer than the mention contract allows, naming the tweet', () => {
    // Arrange
    const payload = change('tweet-extended.json', (p) => {
      (tweet0(p).extended_tweet as Record<string, unknown>).full_text = `@AeroSurAir ${'help '.repeat(2_500)}`;
    });
    // Act
    const error = rejectionOf(payload);
    // Assert
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^X tweet 2028739228988350208 is invalid: text: /);
  });
});

describe('X helpers', () => {
  it.each([
    ['Wed Oct 10 20:19:24 +0000 2018', '2018-10-10T20:19:24.000Z'],
    ['Thu Feb 29 23:59:59 +0000 2024', '2024-02-29T23:59:59.000Z'],
    ['Mon Mar 02 01:30:00 +0200 2026', '2026-03-01T23:30:00.000Z'],
    ['Sun Mar 01 22:00:00 -0330 2026', '2026-03-02T01:30:00.000Z'],
  ])('parses created_at %s', (input, iso) => {
    expect(parseXCreatedAt(input)).toBe(iso);
  });

  it.each([
    'Thu Feb 29 10:00:00 +0000 2026',
    'Wed Oct 10 24:00:00 +0000 2018',
    'Wed Oct 10 20:19:24 2018',
    'Wed Oct 10 20:19:24 +0000 18',
    '2018-10-10T20:19:24Z',
    '',
  ])('refuses %j', (input) => {
    expect(parseXCreatedAt(input)).toBeUndefined();
  });

  it.each<[string | null | undefined, string | undefined]>([
    ['en', 'en'],
    ['es', 'es'],
    ['in', 'id'],
    ['iw', 'he'],
    ['zh-cn', 'zh-CN'],
    ['EN', 'en'],
    ['und', undefined],
    ['zxx', undefined],
    ['qme', undefined],
    ['qht', undefined],
    ['english', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('language %j → %j', (lang, expected) => {
    expect(xLanguage(lang)).toBe(expected);
  });

  it('unescapes X entities once, leaving other ampersands alone', () => {
    expect(unescapeXText('a &amp; b &lt;3 &gt;:( &amp;lt; &quot; AT&T')).toBe('a & b <3 >:( &lt; &quot; AT&T');
  });

  it('names a DM thread the same both ways, ordering ids as numbers', () => {
    expect(dmConversationId('10', '9')).toBe('dm:9-10');
    expect(dmConversationId('9', '10')).toBe('dm:9-10');
    expect(dmConversationId(BRAND, maria.id)).toBe(mariaBrandDm);
  });
});

describe('normaliseXActivity: properties', () => {
  const runs = 400;
  const eventKeys = [
    'tweet_create_events',
    'direct_message_events',
    'tweet_delete_events',
    'favorite_events',
    'follow_events',
    'direct_message_indicate_typing_events',
    'user_event',
    'users',
    'some_future_events',
  ];
  const richAnything = fc.anything({
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withDate: true,
    withBigInt: true,
    withTypedArray: true,
  });

  it('any value at all → valid events or VALIDATION_FAILED, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(richAnything, fc.jsonValue()), (payload) => {
        normaliseOrReject(payload);
      }),
      { numRuns: runs, seed: 20_260_301 },
    );
  });

  it('payloads shaped like deliveries with random contents → valid events or VALIDATION_FAILED', () => {
    // Arrange: the right keys with anything inside, so the checks below the envelope are reached.
    const digits = fc.stringMatching(/^[1-9][0-9]{0,18}$/);
    const looseTweet = fc.record(
      {
        id_str: fc.oneof(digits, fc.jsonValue()),
        created_at: fc.oneof(fc.constant('Wed Oct 10 20:19:24 +0000 2018'), fc.string()),
        text: fc.oneof(fc.string({ unit: 'grapheme' }), fc.jsonValue()),
        user: fc.oneof(fc.record({ id_str: digits, screen_name: fc.string() }, { requiredKeys: [] }), fc.jsonValue()),
        lang: fc.oneof(fc.string(), fc.jsonValue()),
        edit_history: fc.oneof(fc.record({ edit_tweet_ids: fc.array(digits) }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const delivery = fc
      .tuple(
        fc.oneof(fc.constant(BRAND), fc.jsonValue()),
        fc.dictionary(
          fc.constantFrom(...eventKeys),
          fc.oneof(fc.array(looseTweet), fc.array(fc.jsonValue()), fc.jsonValue()),
        ),
      )
      .map(([forUserId, events]) => ({ for_user_id: forUserId, ...events }));
    // Act / Assert
    const outcomes = new Set<Outcome>();
    fc.assert(
      fc.property(delivery, (payload) => {
        outcomes.add(normaliseOrReject(payload));
      }),
      { numRuns: runs, seed: 20_260_302 },
    );
    expect(outcomes).toEqual(new Set(['events', 'rejected']));
  });

  it('mutated fixtures (a key deleted, a leaf replaced, unicode inserted) → valid events or VALIDATION_FAILED', () => {
    // Arrange
    const mutation = fc.record({
      kind: fc.constantFrom('delete', 'replace', 'unicode'),
      pick: fc.nat(),
      value: fc.jsonValue({ maxDepth: 3 }),
      insert: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      at: fc.nat(),
    });
    const outcomes = new Set<Outcome>();
    // Act / Assert
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureNames),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (name, mutations) => {
          const payload: unknown = fixture(name);
          for (const { kind, pick, value, insert, at } of mutations) {
            const paths = nodePaths(payload);
            if (kind === 'unicode') {
              const strings = paths.filter((path) => typeof valueAt(payload, path) === 'string');
              const path = strings[pick % Math.max(strings.length, 1)];
              if (path === undefined) continue;
              const text = valueAt(payload, path) as string;
              const position = at % (text.length + 1);
              setAt(payload, path, text.slice(0, position) + insert + text.slice(position));
              continue;
            }
            const path = paths[pick % Math.max(paths.length, 1)];
            if (path === undefined) continue;
            if (kind === 'delete') deleteAt(payload, path);
            else setAt(payload, path, value);
          }
          outcomes.add(normaliseOrReject(payload));
        },
      ),
      { numRuns: runs, seed: 20_260_303 },
    );
    expect(outcomes).toEqual(new Set(['events', 'rejected']));
  });

  it('unicode inserted into the text a mention is read from → still that mention, with the insert in its text', () => {
    // Arrange
    const textPaths: Record<string, Path> = {
      'tweet-mention.json': ['tweet_create_events', 0, 'text'],
      'tweet-reply.json': ['tweet_create_events', 0, 'text'],
      'tweet-quote.json': ['tweet_create_events', 0, 'text'],
      'tweet-retweet.json': ['tweet_create_events', 0, 'text'],
      'tweet-extended.json': ['tweet_create_events', 0, 'extended_tweet', 'full_text'],
      'tweet-brand-own.json': ['tweet_create_events', 0, 'text'],
      'tweet-emoji-es.json': ['tweet_create_events', 0, 'text'],
      'tweet-entities.json': ['tweet_create_events', 0, 'text'],
      'tweet-edited.json': ['tweet_create_events', 0, 'text'],
      'tweet-batch-languages.json': ['tweet_create_events', 1, 'text'],
      'dm-to-brand.json': ['direct_message_events', 0, 'message_create', 'message_data', 'text'],
      'dm-from-brand.json': ['direct_message_events', 0, 'message_create', 'message_data', 'text'],
    };
    const insert = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      )
      .filter((s) => s.trim() !== '' && !s.includes('&') && !s.includes(';'));
    // Act / Assert
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(textPaths)), insert, fc.nat(), (name, added, at) => {
        const payload = fixture(name);
        const path = textPaths[name] as Path;
        const text = valueAt(payload, path) as string;
        const position = at % (text.length + 1);
        setAt(payload, path, text.slice(0, position) + added + text.slice(position));
        const before = normaliseXActivity(fixture(name), noBrandAccounts);
        const after = normaliseXActivity(payload, noBrandAccounts);
        expectValidEvents(after);
        expect(after.map((event) => event.kind)).toEqual(before.map((event) => event.kind));
        const changed = after.find(
          (event, index) =>
            event.kind === 'mention' && event.mention.text !== (before[index] as typeof event).mention.text,
        );
        expect(changed?.kind === 'mention' && changed.mention.text).toContain(added.trim());
      }),
      { numRuns: runs, seed: 20_260_304 },
    );
  });

  it('well-formed tweet_create_events → exactly one mention per post, text preserved (trimmed)', () => {
    // Arrange: an X date written by a formatter independent of the parser.
    const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (n: number) => String(n).padStart(2, '0');
    const toXDate = (d: Date) =>
      `${weekdays[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
    const languages: Record<string, string | undefined> = {
      en: 'en',
      es: 'es',
      pt: 'pt',
      in: 'id',
      iw: 'he',
      und: undefined,
      zxx: undefined,
      qme: undefined,
    };
    const digits = fc.stringMatching(/^[1-9][0-9]{0,18}$/);
    const text = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }),
        fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 3000, size: 'max' }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 3000, size: 'max' }),
        fc
          .tuple(
            fc.constantFrom(' ', '\n', '\t ', '\u00a0', '\u3000'),
            fc.string({ unit: 'grapheme', minLength: 1 }),
            fc.constantFrom(' ', '\n\n', ''),
          )
          .map(([lead, body, trail]) => lead + body + trail),
      )
      .map((s) => s.slice(0, 3000).replaceAll('&', '+'))
      .filter((s) => s.trim() !== '');
    const post = fc.record({
      id: digits,
      userId: fc.oneof(fc.constant(BRAND), digits),
      screenName: fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/),
      name: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
      followers: fc.nat(),
      verified: fc.boolean(),
      text,
      date: fc.date({
        min: new Date('2006-03-21T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
      lang: fc.constantFrom(...Object.keys(languages)),
      replyTo: fc.option(digits, { nil: null }),
      retweet: fc.boolean(),
    });
    // Act / Assert
    fc.assert(
      fc.property(fc.array(post, { minLength: 1, maxLength: 4 }), (posts) => {
        const payload = {
          for_user_id: BRAND,
          tweet_create_events: posts.map((p) => ({
            created_at: toXDate(p.date),
            id_str: p.id,
            text: p.text,
            truncated: false,
            in_reply_to_status_id_str: p.replyTo,
            user: {
              id_str: p.userId,
              screen_name: p.screenName,
              name: p.name,
              followers_count: p.followers,
              verified: p.verified,
            },
            lang: p.lang,
            ...(p.retweet ? { retweeted_status: { id_str: '1' } } : {}),
          })),
        };
        const events = normaliseXActivity(payload, noBrandAccounts);
        expectValidEvents(events);
        expect(events).toHaveLength(posts.length);
        events.forEach((event, index) => {
          const p = posts[index];
          if (event.kind !== 'mention' || p === undefined)
            throw new Error(`expected a mention, got ${JSON.stringify(event)}`);
          expect(event.edited).toBe(false);
          expect(event.mention).toMatchObject({
            postId: p.id,
            conversationId: p.replyTo ?? p.id,
            text: p.text.trim(),
            createdAt: new Date(Math.floor(p.date.getTime() / 1000) * 1000).toISOString(),
            author: { id: p.userId, handle: p.screenName, followers: p.followers, verified: p.verified },
            brandOwned: p.userId === BRAND,
            repost: p.retweet,
            direct: false,
          });
          expect(event.mention.inReplyTo).toBe(p.replyTo ?? undefined);
          expect(event.mention.language).toBe(languages[p.lang]);
        });
      }),
      { numRuns: runs, seed: 20_260_305 },
    );
  });
});
