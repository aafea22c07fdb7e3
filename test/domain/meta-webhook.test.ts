import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectorEvent, ConnectorOptions } from '../../lambdas/domain/connectors/connector-event.ts';
import { instagramMentionReason, normaliseMetaWebhook } from '../../lambdas/domain/connectors/meta-webhook.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { MentionInput, maxMentionTextLength, networks } from '../../lambdas/domain/mention.ts';

const fixtureDir = new URL('../fixtures/meta/', import.meta.url);
const fixtureNames = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtureDir), 'utf8'));

const options: ConnectorOptions = { brandAccountIds: new Set(['555000111222333']) };

const PAGE = '104532198765432';
const POST = `${PAGE}_1203456789012345`;
const VISITOR_POST = `${PAGE}_1209876543210987`;
const C1 = '1203456789012345_987654321098765';
const C2 = '1203456789012345_987654321098777';
const IG = '17841400123456789';
const MEDIA = '18012345678901234';
const PSID = '25012345678901234';
const IGSID = '1357924680135792';
const IG_MID = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzg5';
const anna = { id: '7350012345678901', handle: 'Anna Becker', displayName: 'Anna Becker', verified: false };
const jonas = { id: '7350098765432109', handle: 'Jonas Weber', displayName: 'Jonas Weber', verified: false };
const nordlicht = { id: PAGE, handle: 'Nordlicht Shop', displayName: 'Nordlicht Shop', verified: false };
const postUrl = (postId: string) => `https://www.facebook.com/${postId}`;
const flags = { direct: false, brandOwned: false, repost: false };
const dm = { direct: true, brandOwned: false, repost: false };

/** Every fixture and exactly what it must become. */
const expected: Record<string, ConnectorEvent[]> = {
  'page-feed-post-add.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: VISITOR_POST,
        conversationId: VISITOR_POST,
        author: anna,
        text: 'Hallo, mein Paket 4711 hängt seit einer Woche im Verteilzentrum. Wer kann helfen?',
        url: postUrl(VISITOR_POST),
        createdAt: '2026-11-02T09:15:30.000Z',
        ...flags,
        rawPayloadRef: `facebook:feed:${VISITOR_POST}`,
      },
    },
  ],
  'page-feed-comment-add.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: C1,
        conversationId: POST,
        inReplyTo: POST,
        author: jonas,
        text: 'Still waiting for my refund, order 88231. Three weeks now.',
        url: postUrl(POST),
        createdAt: '2026-11-02T09:20:05.000Z',
        ...flags,
        rawPayloadRef: `facebook:feed:${C1}`,
      },
    },
  ],
  'page-feed-comment-reply.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: C2,
        conversationId: POST,
        inReplyTo: C1,
        author: anna,
        text: 'Same here, no refund since October!',
        url: postUrl(POST),
        createdAt: '2026-11-02T09:31:12.000Z',
        ...flags,
        rawPayloadRef: `facebook:feed:${C2}`,
      },
    },
  ],
  'page-feed-comment-edited.json': [
    {
      kind: 'mention',
      edited: true,
      mention: {
        network: 'facebook',
        postId: C1,
        conversationId: POST,
        inReplyTo: POST,
        author: jonas,
        text: 'Still waiting for my refund, order 88231. Three weeks now. Nobody answers the hotline either.',
        url: postUrl(POST),
        createdAt: '2026-11-02T09:45:00.000Z',
        ...flags,
        rawPayloadRef: `facebook:feed:${C1}`,
      },
    },
  ],
  'page-feed-comment-remove.json': [
    { kind: 'deletion', network: 'facebook', postId: C2, deletedAt: '2026-11-02T10:02:41.000Z' },
  ],
  'page-feed-page-own-comment.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: '1203456789012345_987654321098789',
        conversationId: POST,
        inReplyTo: C1,
        author: nordlicht,
        text: 'Sorry to hear that, Jonas! Please send us your order number by private message and we will look into it today.',
        url: postUrl(POST),
        createdAt: '2026-11-02T10:05:00.000Z',
        ...flags,
        brandOwned: true,
        rawPayloadRef: 'facebook:feed:1203456789012345_987654321098789',
      },
    },
  ],
  'page-feed-reaction.json': [
    { kind: 'ignored', eventType: 'page.feed.reaction', reason: 'reactions and likes are not mentions' },
  ],
  'page-feed-long-comment.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: '1203456789012345_987654321098800',
        conversationId: POST,
        inReplyTo: POST,
        author: anna,
        text: `${'Meine Bestellung 2026-4471 ist nicht angekommen. '.repeat(200).slice(0, 7992)} Danke!!`,
        url: postUrl(POST),
        createdAt: '2026-11-02T10:06:40.000Z',
        ...flags,
        rawPayloadRef: 'facebook:feed:1203456789012345_987654321098800',
      },
    },
  ],
  'page-unknown-field.json': [
    { kind: 'ignored', eventType: 'page.ratings', reason: 'field "ratings" is not handled' },
    { kind: 'ignored', eventType: 'page.leadgen', reason: 'field "leadgen" is not handled' },
  ],
  'page-batch.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: '1203456789012345_987654321098900',
        conversationId: POST,
        inReplyTo: POST,
        author: jonas,
        text: 'Ist der Laden in Köln am Samstag geöffnet?',
        url: postUrl(POST),
        createdAt: '2026-11-02T10:23:10.000Z',
        ...flags,
        rawPayloadRef: 'facebook:feed:1203456789012345_987654321098900',
      },
    },
    { kind: 'ignored', eventType: 'page.feed.reaction', reason: 'reactions and likes are not mentions' },
    {
      kind: 'mention',
      edited: true,
      mention: {
        network: 'facebook',
        postId: C1,
        conversationId: POST,
        inReplyTo: POST,
        author: jonas,
        text: 'Still waiting for my refund, order 88231. Update: got it today, thanks!',
        url: postUrl(POST),
        createdAt: '2026-11-02T10:23:18.000Z',
        ...flags,
        rawPayloadRef: `facebook:feed:${C1}`,
      },
    },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: `${PAGE}_1211111111111111`,
        conversationId: `${PAGE}_1211111111111111`,
        author: nordlicht,
        text: 'Unsere Hotline ist heute wegen einer Störung nur eingeschränkt erreichbar.',
        url: postUrl(`${PAGE}_1211111111111111`),
        createdAt: '2026-11-02T10:24:15.000Z',
        ...flags,
        brandOwned: true,
        rawPayloadRef: `facebook:feed:${PAGE}_1211111111111111`,
      },
    },
    { kind: 'deletion', network: 'facebook', postId: VISITOR_POST, deletedAt: '2026-11-02T10:24:20.000Z' },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'messenger',
        postId: 'm_Bat3cH4dE5fG6hI7jK8lMn',
        conversationId: `dm:${PAGE}:${PSID}`,
        author: { id: PSID, handle: PSID, verified: false },
        text: 'Is there an update on my refund?',
        createdAt: '2026-11-02T10:24:30.001Z',
        ...dm,
        rawPayloadRef: 'messenger:message:m_Bat3cH4dE5fG6hI7jK8lMn',
      },
    },
  ],
  'unicode-texts.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'facebook',
        postId: '1203456789012345_987654321098811',
        conversationId: POST,
        inReplyTo: POST,
        author: { id: '7350011122233344', handle: 'Jürgen Groß', displayName: 'Jürgen Groß', verified: false },
        text: 'Meine Bestellung ist nicht angekommen 😤📦',
        url: postUrl(POST),
        createdAt: '2026-11-02T10:10:00.000Z',
        ...flags,
        rawPayloadRef: 'facebook:feed:1203456789012345_987654321098811',
      },
    },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'messenger',
        postId: 'm_Uni9JpQrS7tU5vW3xY1zAb',
        conversationId: `dm:${PAGE}:25098765432109876`,
        author: { id: '25098765432109876', handle: '25098765432109876', verified: false },
        text: '注文した商品が届きません 👩‍👩‍👧',
        createdAt: '2026-11-02T10:10:59.000Z',
        ...dm,
        rawPayloadRef: 'messenger:message:m_Uni9JpQrS7tU5vW3xY1zAb',
      },
    },
  ],
  'instagram-comment.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'instagram',
        postId: '17900123456789012',
        conversationId: MEDIA,
        inReplyTo: MEDIA,
        author: { id: '6942012345678901', handle: 'mila.kowalski', verified: false },
        text: "@nordlicht.shop where is my parcel?? Tracking hasn't moved since Monday",
        createdAt: '2026-11-02T09:25:00.000Z',
        ...flags,
        rawPayloadRef: 'instagram:comments:17900123456789012',
      },
    },
  ],
  'instagram-mention.json': [{ kind: 'ignored', eventType: 'instagram.mentions', reason: instagramMentionReason }],
  'instagram-batch.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'instagram',
        postId: '17900123456789099',
        conversationId: MEDIA,
        inReplyTo: '17900123456789012',
        author: { id: IG, handle: 'nordlicht.shop', verified: false },
        text: "Hi Mila, sorry about that! We've sent you a DM with the tracking details.",
        createdAt: '2026-11-02T10:25:00.000Z',
        ...flags,
        brandOwned: true,
        rawPayloadRef: 'instagram:comments:17900123456789099',
      },
    },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'instagram',
        postId: '17900123456789100',
        conversationId: MEDIA,
        inReplyTo: MEDIA,
        author: { id: '6942099999999999', handle: 'lena_at', verified: false },
        text: 'Do you ship to Austria?',
        createdAt: '2026-11-02T10:25:00.000Z',
        ...flags,
        rawPayloadRef: 'instagram:live_comments:17900123456789100',
      },
    },
    { kind: 'ignored', eventType: 'instagram.story_insights', reason: 'field "story_insights" is not handled' },
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'instagram',
        postId: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzk5',
        conversationId: `dm:${IG}:${IGSID}`,
        author: { id: IG, handle: IG, verified: false },
        text: 'Claro, te cambiamos la talla hoy mismo.',
        createdAt: '2026-11-02T10:26:00.555Z',
        ...dm,
        brandOwned: true,
        rawPayloadRef: 'instagram:message:aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMTIzNDU2Nzk5',
      },
    },
  ],
  'instagram-dm.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'instagram',
        postId: IG_MID,
        conversationId: `dm:${IG}:${IGSID}`,
        author: { id: IGSID, handle: IGSID, verified: false },
        text: 'Hola, ¿podéis cambiar la talla de mi pedido? Necesito una M en vez de una S.',
        createdAt: '2026-11-02T09:41:40.999Z',
        ...dm,
        rawPayloadRef: `instagram:message:${IG_MID}`,
      },
    },
  ],
  'instagram-dm-deleted.json': [
    { kind: 'deletion', network: 'instagram', postId: IG_MID, deletedAt: '2026-11-02T09:43:20.999Z' },
  ],
  'messenger-message.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'messenger',
        postId: 'm_Kq7vYt2mQ0aB9xZ3LwR5sA',
        conversationId: `dm:${PAGE}:${PSID}`,
        inReplyTo: 'm_Pz1cD8eF6gH4iJ2kL0mN9o',
        author: { id: PSID, handle: PSID, verified: false },
        text: 'Hi, my card was charged twice for order 88231',
        createdAt: '2026-11-02T09:33:20.987Z',
        ...dm,
        rawPayloadRef: 'messenger:message:m_Kq7vYt2mQ0aB9xZ3LwR5sA',
      },
    },
  ],
  'messenger-echo.json': [
    {
      kind: 'mention',
      edited: false,
      mention: {
        network: 'messenger',
        postId: 'm_Echo5tUvW3xY1zA7bC9dEf',
        conversationId: `dm:${PAGE}:${PSID}`,
        author: { id: PAGE, handle: PAGE, verified: false },
        text: 'Thanks, we have refunded the duplicate charge. It will show within 3 working days.',
        createdAt: '2026-11-02T09:35:00.321Z',
        ...dm,
        brandOwned: true,
        rawPayloadRef: 'messenger:message:m_Echo5tUvW3xY1zA7bC9dEf',
      },
    },
  ],
  'messenger-message-edit.json': [
    {
      kind: 'mention',
      edited: true,
      mention: {
        network: 'messenger',
        postId: 'm_Kq7vYt2mQ0aB9xZ3LwR5sA',
        conversationId: `dm:${PAGE}:${PSID}`,
        author: { id: PSID, handle: PSID, verified: false },
        text: 'Hi, my card was charged twice for order 88231 (2 × 49,90 €)',
        createdAt: '2026-11-02T09:38:20.400Z',
        ...dm,
        rawPayloadRef: 'messenger:message_edit:m_Kq7vYt2mQ0aB9xZ3LwR5sA',
      },
    },
  ],
  'messenger-attachment-only.json': [
    { kind: 'ignored', eventType: 'page.messaging.message', reason: 'message has attachments only, no text' },
  ],
  'messenger-delivery-read.json': [
    { kind: 'ignored', eventType: 'page.messaging.delivery', reason: 'delivery and read receipts are not mentions' },
    { kind: 'ignored', eventType: 'page.messaging.read', reason: 'delivery and read receipts are not mentions' },
  ],
  'whatsapp-business-account.json': [
    {
      kind: 'ignored',
      eventType: 'whatsapp_business_account',
      reason: 'object "whatsapp_business_account" is not one the bridge subscribes to',
    },
  ],
};

const IsoTimestamp = z.iso.datetime({ offset: true });

/** Asserts what every caller may rely on: each event is well formed, each mention a valid MentionInput. */
const expectValidEvents = (events: unknown): void => {
  expect(Array.isArray(events)).toBe(true);
  for (const event of events as ConnectorEvent[]) {
    if (event.kind === 'mention') {
      const parsed = MentionInput.safeParse(event.mention);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(event.mention);
      expect(typeof event.edited).toBe('boolean');
    } else if (event.kind === 'deletion') {
      expect(networks).toContain(event.network);
      expect(event.postId.trim().length).toBeGreaterThan(0);
      expect(IsoTimestamp.safeParse(event.deletedAt).success).toBe(true);
    } else {
      expect(event.kind).toBe('ignored');
      expect(event.eventType.length).toBeGreaterThan(0);
      expect(event.reason.length).toBeGreaterThan(0);
    }
  }
};

/** The connector's whole contract on any input: valid events, or a VALIDATION_FAILED naming a path. */
const expectEventsOrValidationError = (payload: unknown): void => {
  let events: unknown;
  try {
    events = normaliseMetaWebhook(payload, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    const issues = (error as DomainError).details.issues;
    expect(Array.isArray(issues) && issues.length > 0).toBe(true);
    return;
  }
  expectValidEvents(events);
};

const catchError = (act: () => unknown): DomainError => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, none was thrown');
};

const pageComment = (value: Record<string, unknown>, time: number = 1793611205) => ({
  object: 'page',
  entry: [{ id: PAGE, time, changes: [{ field: 'feed', value }] }],
});
const commentValue = {
  from: { id: '7350098765432109', name: 'Jonas Weber' },
  message: 'Where is my order?',
  post_id: POST,
  comment_id: C1,
  parent_id: POST,
  created_time: 1793611205,
  item: 'comment',
  verb: 'add',
};

describe('normaliseMetaWebhook: documented payloads', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtureNames).toEqual(Object.keys(expected).sort());
  });

  it.each(fixtureNames)('%s becomes exactly the expected events', (name) => {
    // Arrange
    const payload = fixture(name);
    // Act
    const events = normaliseMetaWebhook(payload, options);
    // Assert
    expect(events).toEqual(expected[name]);
    expectValidEvents(events);
  });

  it('joins a post, its comments and the replies to them into one conversation', () => {
    // Arrange
    const names = ['page-feed-comment-add.json', 'page-feed-comment-reply.json', 'page-feed-page-own-comment.json'];
    // Act
    const mentions = names.flatMap((name) => normaliseMetaWebhook(fixture(name), options));
    // Assert
    const conversations = mentions.map((event) => (event.kind === 'mention' ? event.mention.conversationId : event));
    expect(conversations).toEqual([POST, POST, POST]);
  });

  it('keeps the post id of a comment across its edit and its removal', () => {
    const [added] = normaliseMetaWebhook(fixture('page-feed-comment-add.json'), options);
    const [edited] = normaliseMetaWebhook(fixture('page-feed-comment-edited.json'), options);
    expect(added?.kind === 'mention' && edited?.kind === 'mention').toBe(true);
    if (added?.kind === 'mention' && edited?.kind === 'mention') {
      expect(edited.mention.postId).toBe(added.mention.postId);
      expect(edited.mention.text).not.toBe(added.mention.text);
    }
  });

  it('gives a message, its echo and its edit the same direct conversation', () => {
    const events = ['messenger-message.json', 'messenger-echo.json', 'messenger-message-edit.json'].flatMap((name) =>
      normaliseMetaWebhook(fixture(name), options),
    );
    const conversations = new Set(
      events.map((event) => (event.kind === 'mention' ? event.mention.conversationId : '')),
    );
    expect([...conversations]).toEqual([`dm:${PAGE}:${PSID}`]);
  });
});

describe('normaliseMetaWebhook: mapping rules', () => {
  it('marks an author listed in brandAccountIds as brand-owned', () => {
    // Arrange
    const payload = pageComment({ ...commentValue, from: { id: '555000111222333', name: 'Nordlicht Support' } });
    // Act
    const [event] = normaliseMetaWebhook(payload, options);
    // Assert
    expect(event).toMatchObject({ kind: 'mention', mention: { brandOwned: true, author: { id: '555000111222333' } } });
  });

  it('falls back to entry.time when created_time is absent, and reads seconds and milliseconds alike', () => {
    const { created_time: _dropped, ...withoutCreatedTime } = commentValue;
    const inSeconds = normaliseMetaWebhook(pageComment(withoutCreatedTime, 1793611205), options);
    const inMilliseconds = normaliseMetaWebhook(pageComment(withoutCreatedTime, 1793611205000), options);
    expect(inSeconds[0]).toMatchObject({ mention: { createdAt: '2026-11-02T09:20:05.000Z' } });
    expect(inMilliseconds[0]).toMatchObject({ mention: { createdAt: '2026-11-02T09:20:05.000Z' } });
  });

  it('uses the id as handle when the author has no name', () => {
    const [event] = normaliseMetaWebhook(pageComment({ ...commentValue, from: { id: '7350098765432109' } }), options);
    expect(event).toMatchObject({ mention: { author: { id: '7350098765432109', handle: '7350098765432109' } } });
    expect(event?.kind === 'mention' && 'displayName' in event.mention.author).toBe(false);
  });

  it('ignores a comment without an author rather than inventing one', () => {
    const { from: _from, ...anonymous } = commentValue;
    expect(normaliseMetaWebhook(pageComment(anonymous), options)).toEqual([
      { kind: 'ignored', eventType: 'page.feed.comment', reason: 'comment names no author (from); fetch by id' },
    ]);
  });

  it.each([
    ['a blank comment', { ...commentValue, message: ' \n\t ' }, 'page.feed.comment', 'comment has no text'],
    [
      'a photo comment without text',
      { ...commentValue, message: undefined },
      'page.feed.comment',
      'comment has no text',
    ],
    [
      'a hidden comment',
      { ...commentValue, verb: 'hide' },
      'page.feed.comment.hide',
      'feed verb "hide" neither adds, edits nor removes',
    ],
    ['a share', { ...commentValue, item: 'share' }, 'page.feed.share', 'feed item "share" is not handled'],
  ])('ignores %s', (_what, value, eventType, reason) => {
    expect(normaliseMetaWebhook(pageComment(value), options)).toEqual([{ kind: 'ignored', eventType, reason }]);
  });

  it('cuts a text longer than a mention holds, keeping the start and marking the cut', () => {
    // Arrange
    const long = `${'Ä'.repeat(maxMentionTextLength - 2)}😤😤😤`;
    // Act
    const [event] = normaliseMetaWebhook(pageComment({ ...commentValue, message: long }), options);
    // Assert
    expect(event?.kind).toBe('mention');
    if (event?.kind !== 'mention') return;
    expect(event.mention.text.length).toBeLessThanOrEqual(maxMentionTextLength);
    expect(event.mention.text.endsWith('…')).toBe(true);
    expect(event.mention.text.startsWith('Ä'.repeat(maxMentionTextLength - 2))).toBe(true);
    expect(event.mention.text).not.toMatch(/[\uD800-\uDBFF]…$/);
  });

  it('reads Instagram entry.time in milliseconds as well as in seconds', () => {
    const payload = fixture('instagram-comment.json') as { entry: [{ time: number }] };
    payload.entry[0].time = 1793611500000;
    expect(normaliseMetaWebhook(payload, options)[0]).toMatchObject({
      mention: { createdAt: '2026-11-02T09:25:00.000Z' },
    });
  });

  it('reads standby events (another app holds the thread) like messaging events', () => {
    const payload = fixture('messenger-message.json') as { entry: [Record<string, unknown>] };
    payload.entry[0].standby = payload.entry[0].messaging;
    delete payload.entry[0].messaging;
    expect(normaliseMetaWebhook(payload, options)).toEqual(expected['messenger-message.json']);
  });

  it('produces nothing for an entry with neither changes nor messaging', () => {
    expect(normaliseMetaWebhook({ object: 'page', entry: [{ id: PAGE, time: 1793611205 }] }, options)).toEqual([]);
  });

  it.each([
    ['postback', { postback: { title: 'Track order', payload: 'TRACK' } }, 'messaging event "postback" is not handled'],
    [
      'reaction',
      { reaction: { reaction: 'angry', emoji: '😠', action: 'react', mid: 'm_1' } },
      'messaging event "reaction" is not handled',
    ],
  ])('ignores a Messenger %s', (kind, body, reason) => {
    const payload = {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1793611205000,
          messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1793611205000, ...body }],
        },
      ],
    };
    expect(normaliseMetaWebhook(payload, options)).toEqual([
      { kind: 'ignored', eventType: `page.messaging.${kind}`, reason },
    ]);
  });
});

describe('normaliseMetaWebhook: malformed deliveries', () => {
  it.each([
    ['not an object', null, '', 'must be an object, not null'],
    ['an array', [], '', undefined],
    ['no object field', { entry: [] }, 'object', 'required'],
    ['entry not an array', { object: 'page', entry: {} }, 'entry', undefined],
    ['an entry without id', { object: 'page', entry: [{ time: 1 }] }, 'entry[0].id', 'required'],
    ['an entry without time', { object: 'instagram', entry: [{ id: IG }] }, 'entry[0].time', 'required'],
    [
      'a feed change without value',
      { object: 'page', entry: [{ id: PAGE, time: 1, changes: [{ field: 'feed' }] }] },
      'entry[0].changes[0].value',
      'required',
    ],
    [
      'a comment without comment_id',
      pageComment({ ...commentValue, comment_id: undefined }),
      'entry[0].changes[0].value.comment_id',
      'required',
    ],
    [
      'a comment without post_id',
      pageComment({ ...commentValue, post_id: undefined }),
      'entry[0].changes[0].value.post_id',
      'required',
    ],
    [
      'a removal without comment_id',
      pageComment({ item: 'comment', verb: 'remove', post_id: POST }),
      'entry[0].changes[0].value.comment_id',
      'required',
    ],
    [
      'a negative created_time',
      pageComment({ ...commentValue, created_time: -5 }),
      'entry[0].changes[0].value.created_time',
      undefined,
    ],
    [
      'an author without id',
      pageComment({ ...commentValue, from: { name: 'X' } }),
      'entry[0].changes[0].value.from.id',
      'required',
    ],
    [
      'an Instagram comment without media',
      {
        object: 'instagram',
        entry: [
          { id: IG, time: 1, changes: [{ field: 'comments', value: { id: '1', text: 'hi', from: { id: '2' } } }] },
        ],
      },
      'entry[0].changes[0].value.media',
      'required',
    ],
    [
      'a message without mid',
      {
        object: 'page',
        entry: [
          {
            id: PAGE,
            time: 1,
            messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, message: { text: 'hi' } }],
          },
        ],
      },
      'entry[0].messaging[0].message.mid',
      'required',
    ],
    [
      'a message without sender',
      {
        object: 'page',
        entry: [{ id: PAGE, time: 1, messaging: [{ recipient: { id: PAGE }, message: { mid: 'm_1', text: 'hi' } }] }],
      },
      'entry[0].messaging[0].sender',
      'required',
    ],
  ])('rejects %s, naming the path', (_what, payload, path, message) => {
    // Act
    const error = catchError(() => normaliseMetaWebhook(payload, options));
    // Assert
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
    const issues = error.details.issues as { path: string; message: string }[];
    expect(issues[0]?.path).toBe(path);
    if (message !== undefined) expect(issues[0]?.message).toBe(message);
    expect(error.message).toContain(`Meta webhook is invalid: ${path || '(root)'}`);
  });

  it('ignores a whole delivery for an object it does not subscribe to, whatever its body', () => {
    expect(normaliseMetaWebhook({ object: 'user', entry: 'not even an array' }, options)).toEqual([
      { kind: 'ignored', eventType: 'user', reason: 'object "user" is not one the bridge subscribes to' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const runs = { numRuns: 300, seed: 20261102 } as const;

type Path = (string | number)[];
const pathsOf = (value: unknown, prefix: Path = []): Path[] => {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
};
const DELETE = Symbol('delete');
const mutate = (payload: unknown, path: Path, replacement: unknown): unknown => {
  const copy = structuredClone(payload);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === DELETE) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
};
const fixtures = fixtureNames.map((name) => ({ name, payload: fixture(name) }));

/** Bodies shaped roughly like Meta's, so the fuzzing reaches the change and message readers. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: arb, weight: 30 }, { arbitrary: fc.jsonValue() as fc.Arbitrary<unknown>, weight: 1 });
const someId = fc.oneof(
  { arbitrary: fc.stringMatching(/^[0-9_]{1,30}$/), weight: 5 },
  { arbitrary: fc.string(), weight: 1 },
);
const someText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant('Wo ist mein Paket? 📦'));
const metaLike = fc.record({
  object: fc.constantFrom('page', 'instagram', 'page', 'instagram', 'user', ''),
  entry: fc.array(
    fc.record(
      {
        id: maybe(fc.constantFrom(PAGE, IG, '555000111222333')),
        time: maybe(
          fc.oneof(
            fc.integer({ min: 0, max: 4e9 }),
            fc.integer({ min: 1e11, max: 4e12 }),
            fc.double({ min: -1, max: 3e14, noNaN: true }),
          ),
        ),
        changes: fc.array(
          fc.record({
            field: fc.constantFrom('feed', 'comments', 'live_comments', 'mentions', 'ratings'),
            value: maybe(
              fc.record(
                {
                  item: fc.constantFrom('comment', 'post', 'status', 'reaction', 'photo'),
                  verb: fc.constantFrom('add', 'edited', 'remove', 'hide'),
                  post_id: maybe(someId),
                  comment_id: maybe(someId),
                  id: maybe(someId),
                  parent_id: maybe(someId),
                  message: maybe(someText),
                  text: maybe(someText),
                  from: maybe(fc.record({ id: maybe(someId), name: maybe(fc.string()), username: maybe(fc.string()) })),
                  media: maybe(fc.record({ id: maybe(someId) })),
                  created_time: maybe(
                    fc.oneof(fc.integer({ min: 0, max: 4e9 }), fc.double({ min: -10, max: 1e16, noNaN: true })),
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
          }),
          { maxLength: 3 },
        ),
        messaging: fc.array(
          fc.record(
            {
              sender: maybe(fc.record({ id: maybe(fc.constantFrom(PSID, PAGE, IG)) })),
              recipient: maybe(fc.record({ id: maybe(fc.constantFrom(PSID, PAGE, IG)) })),
              timestamp: maybe(fc.nat()),
              message: maybe(
                fc.record(
                  {
                    mid: maybe(someId),
                    text: maybe(someText),
                    is_echo: maybe(fc.boolean()),
                    is_deleted: maybe(fc.boolean()),
                    attachments: maybe(fc.array(fc.jsonValue(), { maxLength: 2 })),
                  },
                  { requiredKeys: [] },
                ),
              ),
              message_edit: maybe(fc.record({ mid: maybe(someId), text: maybe(someText) }, { requiredKeys: [] })),
              delivery: fc.jsonValue(),
              read: fc.jsonValue(),
            },
            { requiredKeys: ['sender', 'recipient', 'timestamp'] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['id', 'time'] },
    ),
    { maxLength: 3 },
  ),
});

describe('normaliseMetaWebhook: properties', () => {
  it.each([
    ['fc.anything()', fc.anything()],
    ['fc.jsonValue()', fc.jsonValue()],
    ['Meta-shaped bodies', metaLike],
  ])('on %s returns valid events or throws VALIDATION_FAILED, nothing else', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (payload) => {
        expectEventsOrValidationError(payload);
      }),
      runs,
    );
  });

  it('on fixtures with a key removed or a value replaced returns valid events or throws VALIDATION_FAILED', () => {
    const mutation = fc
      .record({
        index: fc.nat({ max: fixtures.length - 1 }),
        pick: fc.nat(),
        replacement: fc.oneof(fc.constant(DELETE), fc.jsonValue(), fc.anything()),
      })
      .map(({ index, pick, replacement }) => {
        const { payload } = fixtures[index] as { payload: unknown };
        const paths = pathsOf(payload);
        return mutate(payload, paths[pick % paths.length] as Path, replacement);
      });
    fc.assert(
      fc.property(mutation, (payload) => {
        expectEventsOrValidationError(payload);
      }),
      runs,
    );
  });

  const text = fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 5000 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1000 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 5000 }),
    )
    .filter((value) => value.trim().length > 0);
  const wellFormed = fc.record({
    text,
    channel: fc.constantFrom('facebook', 'instagram', 'messenger'),
    reply: fc.boolean(),
    commentId: fc.stringMatching(/^[0-9]{1,17}_[0-9]{1,17}$/),
    author: fc.stringMatching(/^[0-9]{5,20}$/),
    name: fc.string({ minLength: 1, maxLength: 60 }),
    seconds: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
  });
  const payloadFor = (c: GeneratedComment): unknown => {
    if (c.channel === 'facebook') {
      return pageComment({
        ...commentValue,
        comment_id: c.commentId,
        parent_id: c.reply ? C1 : POST,
        from: { id: c.author, name: c.name },
        message: c.text,
        created_time: c.seconds,
      });
    }
    if (c.channel === 'instagram') {
      return {
        object: 'instagram',
        entry: [
          {
            id: IG,
            time: c.seconds,
            changes: [
              {
                field: 'comments',
                value: {
                  id: c.commentId,
                  text: c.text,
                  from: { id: c.author, username: c.name },
                  media: { id: MEDIA, media_product_type: 'FEED' },
                  ...(c.reply ? { parent_id: '17900123456789012' } : {}),
                },
              },
            ],
          },
        ],
      };
    }
    return {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: c.seconds * 1000,
          messaging: [
            {
              sender: { id: c.author },
              recipient: { id: PAGE },
              timestamp: c.seconds * 1000,
              message: { mid: `m_${c.commentId}`, text: c.text },
            },
          ],
        },
      ],
    };
  };

  it('reads every well-formed comment or message with any Unicode text as exactly one mention, text trimmed', () => {
    fc.assert(
      fc.property(wellFormed, (generated) => {
        // Act
        const events = normaliseMetaWebhook(payloadFor(generated), options);
        // Assert
        expect(events).toHaveLength(1);
        const [event] = events;
        expect(event?.kind).toBe('mention');
        if (event?.kind !== 'mention') return;
        expect(event.mention.text).toBe(generated.text.trim());
        expect(event.mention.network).toBe(generated.channel);
        expect(event.mention.createdAt).toBe(new Date(generated.seconds * 1000).toISOString());
        expect(MentionInput.safeParse(event.mention).success).toBe(true);
      }),
      runs,
    );
  });
});

interface GeneratedComment {
  readonly text: string;
  readonly channel: 'facebook' | 'instagram' | 'messenger';
  readonly reply: boolean;
  readonly commentId: string;
  readonly author: string;
  readonly name: string;
  readonly seconds: number;
}
