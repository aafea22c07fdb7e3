import { describe, expect, it } from 'vitest';
import {
  approve,
  checkReplyText,
  derivedReplyId,
  markFailed,
  markSent,
  moveToDirectText,
  type RepliedMention,
  Reply,
  ReplyId,
  type ReplyKind,
  type ReplyNetwork,
  replyTarget,
  requestSend,
} from '../../lambdas/domain/reply.ts';
import { loadReplyFixture, replyFixtureNames } from '../support/recording-fetch.ts';

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

const thrown = (run: () => unknown): Record<string, unknown> => {
  try {
    run();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected an error');
};

const mention = (overrides: Partial<RepliedMention> = {}): RepliedMention => ({
  mentionId: 'x:1001',
  network: 'x',
  postId: '1001',
  conversationId: '1000',
  direct: false,
  author: { id: '55002', handle: 'ana_s', verified: false },
  ...overrides,
});

describe('Reply', () => {
  it.each(replyFixtureNames(''))('reads the reply of the recorded request %s', (name) => {
    // Arrange
    const { reply } = loadReplyFixture(name);
    // Act
    const parsed = Reply.safeParse(reply);
    // Assert
    expect(parsed.success).toBe(true);
  });

  it.each(['x:1001', 'reply-0a1b2c3d4e5f6a7b', 'a.b_c-d'])('takes %s as a reply id', (id) => {
    // Assert
    expect(ReplyId.safeParse(id).success).toBe(true);
  });

  it.each(['', 'has space', 'a/b', 'a#b', 'x'.repeat(129)])('refuses %j as a reply id (it travels in URLs)', (id) => {
    // Assert
    expect(ReplyId.safeParse(id).success).toBe(false);
  });
});

describe('checkReplyText', () => {
  it.each([
    ['a card number', 'Your card 4111 1111 1111 1111 was blocked', 'card', '4111 1111 1111 1111'],
    ['an IBAN', 'We refunded DE89 3704 0044 0532 0130 00 today', 'iban', 'DE89 3704 0044 0532 0130 00'],
    ['an email address', 'We wrote to ana.silva@example.com about it', 'email', 'ana.silva@example.com'],
    ['a phone number', 'Call us back on +44 20 7946 0101 please', 'phone', '+44 20 7946 0101'],
    ['an order number', 'Your order #A-12345 is on its way', 'order-number', 'A-12345'],
    ['an account number', 'We closed account no. 12345678 as asked', 'account-number', '12345678'],
  ])('refuses %s, naming its kind but never the data', (_what, text, kind, data) => {
    // Act
    const error = thrown(() => checkReplyText(text, 'x'));
    // Assert
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      details: { reason: 'personal-data', found: [kind] },
    });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(data);
    expect(error.message).toMatch(/^the reply contains personal data \(.+\): remove it/);
  });

  it('names every kind of personal data found', () => {
    // Act
    const error = thrown(() => checkReplyText('Mail ana@example.com or call +44 20 7946 0101', 'facebook', 'direct'));
    // Assert
    expect(error.details).toMatchObject({ found: ['email', 'phone'] });
    expect(error.message).toContain('an email address, a phone number');
  });

  it('passes a reply without personal data', () => {
    // Act / Assert
    expect(() => checkReplyText('Thanks, Ana! We have passed this on to the team.', 'x')).not.toThrow();
  });

  it('refuses an empty reply', () => {
    // Assert
    expect(thrown(() => checkReplyText('  \n ', 'x'))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.each<[ReplyNetwork, ReplyKind, number]>([
    ['x', 'public', 280],
    ['x', 'direct', 10_000],
    ['facebook', 'public', 8000],
    ['facebook', 'direct', 2000],
    ['messenger', 'direct', 2000],
    ['instagram', 'public', 2200],
  ])('takes up to the limit of %s %s replies (%i characters) and refuses one more', (network, kind, limit) => {
    // Arrange
    const longest = 'a'.repeat(limit);
    // Act
    const error = thrown(() => checkReplyText(`${longest}a`, network, kind));
    // Assert
    expect(() => checkReplyText(longest, network, kind)).not.toThrow();
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'too-long', length: limit + 1, limit, unit: 'characters' },
    });
  });

  it('counts code points, not UTF-16 units (X itself weighs an emoji double and refuses what it counts longer)', () => {
    // Arrange: 280 emoji are 560 UTF-16 units
    const text = '😀'.repeat(280);
    // Act / Assert
    expect(() => checkReplyText(text, 'x')).not.toThrow();
    expect(() => checkReplyText(`${text}😀`, 'x')).toThrow(/281 characters long; an X post takes at most 280/);
  });

  it('counts Instagram messages in UTF-8 bytes', () => {
    // Arrange: "€" is three bytes; 334 of them are 1002 bytes in 334 characters
    const text = '€'.repeat(334);
    // Act
    const error = thrown(() => checkReplyText(text, 'instagram', 'direct'));
    // Assert
    expect(error).toMatchObject({ details: { reason: 'too-long', length: 1002, limit: 1000, unit: 'bytes' } });
    expect(() => checkReplyText('€'.repeat(333), 'instagram', 'direct')).not.toThrow();
  });

  it('refuses a public Messenger reply: Messenger has none', () => {
    // Assert
    expect(thrown(() => checkReplyText('Hello', 'messenger', 'public'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'messenger has no public replies: answer with a direct message',
    });
  });
});

describe('moveToDirectText', () => {
  it('greets the author by handle and asks for a direct message', () => {
    // Act
    const text = moveToDirectText('@ana_s');
    // Assert
    expect(text).toBe(
      'Hi @ana_s, sorry to hear this — please send us a direct message so we can look at your account privately.',
    );
  });

  it('greets a display name as it is', () => {
    // Assert
    expect(moveToDirectText('Ana Silva')).toMatch(/^Hi Ana Silva, sorry to hear this/);
  });

  it.each([
    ['no handle', undefined],
    ['a blank handle', '  '],
    ['an id standing in for a name', '100045678901234'],
    ['a handle the analyser reads as an email', 'ana@example.com'],
    ['a handle the analyser reads as a phone number', 'call me +44 20 7946 0101'],
    ['an overlong name', 'A'.repeat(51)],
  ])('greets nobody by name for %s', (_what, handle) => {
    // Assert
    expect(moveToDirectText(handle)).toBe(
      'Hi, sorry to hear this — please send us a direct message so we can look at your account privately.',
    );
  });

  it.each<ReplyNetwork>(['x', 'facebook', 'instagram'])(
    'fits a public %s reply and carries no personal data',
    (network) => {
      // Act / Assert
      expect(() => checkReplyText(moveToDirectText('ana_s'), network, 'public')).not.toThrow();
    },
  );
});

describe('replyTarget', () => {
  it('answers a public post publicly on its thread', () => {
    // Assert
    expect(replyTarget(mention(), 'public')).toEqual({ network: 'x', inReplyTo: '1001' });
  });

  it('answers an X post directly with a DM to its author', () => {
    // Assert
    expect(replyTarget(mention(), 'direct')).toEqual({ network: 'x', inReplyTo: '1001', recipientId: '55002' });
  });

  it.each<[string, Partial<RepliedMention>]>([
    ['an X DM', { direct: true }],
    ['a Messenger message', { network: 'messenger', postId: 'm_1', direct: true }],
    ['an Instagram DM', { network: 'instagram', postId: 'aWdf1', direct: true }],
  ])('answers %s directly, to its author', (_what, overrides) => {
    // Act
    const target = replyTarget(mention(overrides), 'direct');
    // Assert
    expect(target).toEqual({
      network: overrides.network ?? 'x',
      inReplyTo: overrides.postId ?? '1001',
      recipientId: '55002',
    });
  });

  it.each<[string, Partial<RepliedMention>]>([
    ['an X DM', { direct: true }],
    ['a Messenger message', { network: 'messenger', direct: true }],
  ])('refuses to answer %s publicly', (_what, overrides) => {
    // Assert
    expect(thrown(() => replyTarget(mention(overrides), 'public'))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers a Facebook comment directly with a private reply to the comment', () => {
    // Arrange
    const comment = mention({ network: 'facebook', postId: '100_200', conversationId: '100_1' });
    // Assert
    expect(replyTarget(comment, 'direct')).toEqual({
      network: 'facebook',
      inReplyTo: '100_200',
      privateReply: 'comment',
    });
  });

  it('answers a visitor post on the Page directly with a private reply to the post', () => {
    // Arrange
    const post = mention({ network: 'facebook', postId: '100_1', conversationId: '100_1' });
    // Assert
    expect(replyTarget(post, 'direct')).toEqual({ network: 'facebook', inReplyTo: '100_1', privateReply: 'post' });
  });

  it('answers an Instagram comment directly with a private reply to the comment', () => {
    // Arrange
    const comment = mention({ network: 'instagram', postId: '1787', conversationId: '1789' });
    // Assert
    expect(replyTarget(comment, 'direct')).toEqual({
      network: 'instagram',
      inReplyTo: '1787',
      privateReply: 'comment',
    });
  });

  it.each(['review', 'community', 'import'] as const)('refuses to answer a %s mention', (network) => {
    // Assert
    expect(thrown(() => replyTarget(mention({ network }), 'public'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { network },
    });
  });
});

describe('derivedReplyId', () => {
  const input = { mentionId: 'x:1001', kind: 'public' as const, text: 'Thanks!', createdBy: 'sam' };

  it('is the same for the same draft, and a valid reply id', () => {
    // Act
    const id = derivedReplyId(input);
    // Assert
    expect(derivedReplyId({ ...input })).toBe(id);
    expect(id).toMatch(/^reply-[0-9a-f]{16}$/);
    expect(ReplyId.safeParse(id).success).toBe(true);
  });

  it.each([
    ['mention', { mentionId: 'x:1002' }],
    ['kind', { kind: 'direct' as const }],
    ['text', { text: 'Thanks!!' }],
    ['drafter', { createdBy: 'lee' }],
  ])('differs when the %s differs', (_what, change) => {
    // Assert
    expect(derivedReplyId({ ...input, ...change })).not.toBe(derivedReplyId(input));
  });
});

describe('requestSend', () => {
  it('sends a draft at once when no approval is required', () => {
    // Act
    const step = requestSend(draft, { approvalRequired: false });
    // Assert
    expect(step).toEqual({ action: 'send', from: 'draft', reply: { ...draft, state: 'sending' } });
  });

  it('puts a draft up for approval when approval is required', () => {
    // Act
    const step = requestSend(draft, { approvalRequired: true });
    // Assert
    expect(step).toEqual({ action: 'await-approval', from: 'draft', reply: { ...draft, state: 'awaiting-approval' } });
  });

  it('sends a failed, approved reply again without asking for approval again', () => {
    // Arrange
    const failed: Reply = {
      ...draft,
      state: 'failed',
      approvedBy: 'lee',
      error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'X is unavailable (HTTP 503): down', retryable: true },
    };
    // Act
    const step = requestSend(failed, { approvalRequired: true });
    // Assert
    expect(step).toEqual({ action: 'send', from: 'failed', reply: { ...draft, approvedBy: 'lee', state: 'sending' } });
  });

  it.each(['awaiting-approval', 'sending', 'sent'] as const)('does nothing for a reply that is %s', (state) => {
    // Arrange
    const reply: Reply = { ...draft, state };
    // Act
    const step = requestSend(reply, { approvalRequired: false });
    // Assert
    expect(step).toEqual({ action: 'none', reply });
  });

  it('checks the text again before anything is sent', () => {
    // Arrange
    const stored: Reply = { ...draft, text: 'Mail us at help@example.com' };
    // Assert
    expect(thrown(() => requestSend(stored, { approvalRequired: false }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('approve', () => {
  it('refuses the drafter approving their own reply', () => {
    // Assert
    expect(thrown(() => approve({ ...draft, state: 'awaiting-approval' }, 'sam'))).toMatchObject({
      code: 'FORBIDDEN',
      retryable: false,
    });
  });

  it.each(['draft', 'awaiting-approval'] as const)('sends a reply that is %s, recording the approver', (state) => {
    // Act
    const step = approve({ ...draft, state }, 'lee');
    // Assert
    expect(step).toEqual({ action: 'send', from: state, reply: { ...draft, state: 'sending', approvedBy: 'lee' } });
  });

  it('sends a failed reply again, keeping its first approver on record', () => {
    // Arrange
    const failed: Reply = {
      ...draft,
      state: 'failed',
      approvedBy: 'lee',
      error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'down', retryable: true },
    };
    // Act
    const step = approve(failed, 'kim');
    // Assert
    expect(step).toEqual({ action: 'send', from: 'failed', reply: { ...draft, state: 'sending', approvedBy: 'lee' } });
  });

  it.each(['sending', 'sent'] as const)('does nothing for a reply that is %s', (state) => {
    // Arrange
    const reply: Reply = { ...draft, state, approvedBy: 'lee' };
    // Assert
    expect(approve(reply, 'kim')).toEqual({ action: 'none', reply });
  });
});

describe('markSent and markFailed', () => {
  const sending: Reply = { ...draft, state: 'sending' };

  it('records what the provider created', () => {
    // Assert
    expect(markSent(sending, '1861', '2030-01-02T10:05:00.000Z')).toEqual({
      ...draft,
      state: 'sent',
      externalId: '1861',
      sentAt: '2030-01-02T10:05:00.000Z',
    });
  });

  it('records why the provider refused', () => {
    // Arrange
    const error = { code: 'DEPENDENCY_UNAVAILABLE', message: 'X refused the reply (HTTP 403): no', retryable: false };
    // Assert
    expect(markFailed(sending, error)).toEqual({ ...draft, state: 'failed', error });
  });

  it.each(['draft', 'awaiting-approval', 'sent', 'failed'] as const)(
    'moves only a reply being sent, not one %s',
    (state) => {
      // Arrange
      const reply: Reply = { ...draft, state };
      // Assert
      expect(thrown(() => markSent(reply, '1', '2030-01-02T10:05:00.000Z'))).toMatchObject({ code: 'CONFLICT' });
      expect(thrown(() => markFailed(reply, { code: 'X', message: 'x', retryable: true }))).toMatchObject({
        code: 'CONFLICT',
      });
    },
  );
});
