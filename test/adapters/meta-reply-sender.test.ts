import { describe, expect, it } from 'vitest';
import { MetaReplySender } from '../../lambdas/adapters/meta-reply-sender.ts';
import type { Reply } from '../../lambdas/domain/reply.ts';
import {
  loadReplyFixture,
  recordedShape,
  recordingFetch,
  replyFixtureNames,
  silentFetch,
} from '../support/recording-fetch.ts';

const token = 'EAAtest-page-token-51b2';
const placeholder = '<meta-page-access-token>';
const tokens = async () => ({ xUserAccessToken: 'not-for-meta', metaPageAccessToken: token });

const commentReply = loadReplyFixture('facebook-comment-reply.json').reply;
const messengerReply = loadReplyFixture('messenger-direct-message.json').reply;

const failureOf = async (promise: Promise<unknown>): Promise<Record<string, unknown>> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return error as Record<string, unknown>;
};

const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf123', ...extra },
});

describe('MetaReplySender', () => {
  const names = ['facebook-', 'instagram-', 'messenger-'].flatMap(replyFixtureNames);

  it('has a recorded request for each kind of Meta reply', () => {
    // Assert
    expect(names).toEqual([
      'facebook-comment-reply.json',
      'facebook-private-reply-to-post.json',
      'facebook-private-reply.json',
      'instagram-comment-reply.json',
      'instagram-direct-message.json',
      'instagram-private-reply.json',
      'messenger-direct-message.json',
    ]);
  });

  it.each(names)('sends %s exactly as recorded and answers the id Meta gives', async (name) => {
    // Arrange
    const fixture = loadReplyFixture(name);
    const { fetch, calls } = recordingFetch(fixture.response);
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const sent = await sender.send(fixture.reply);
    // Assert
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call && recordedShape(call, token, placeholder)).toEqual(fixture.request);
    expect(new URLSearchParams(String(call?.init.body)).get('access_token')).toBe(token);
    expect(call?.url).not.toContain(token);
    expect(sent).toEqual({ externalId: fixture.externalId });
  });

  it('uses the Graph API version it is given', async () => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 200, body: { id: '1' } });
    const sender = new MetaReplySender(tokens, { fetch, graphVersion: 'v26.0' });
    // Act
    await sender.send(commentReply);
    // Assert
    expect(calls[0]?.url).toBe('https://graph.facebook.com/v26.0/1002003004005006_7008009001/comments');
  });

  it.each([
    [500, graphError(2, 'Service temporarily unavailable')],
    [503, 'Service Unavailable'],
  ])('throws a retryable DEPENDENCY_UNAVAILABLE on HTTP %i', async (status, body) => {
    // Arrange
    const { fetch } = recordingFetch({ status, body });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(commentReply));
    // Assert
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: true,
      details: { provider: 'meta', status },
    });
  });

  it.each([
    ['application request limit', 4],
    ['user request limit', 17],
    ['page request limit', 32],
    ['application limit', 341],
    ['calls within one hour', 613],
    ['Messenger business use case limit', 80006],
  ])('throws a retryable error when Meta throttles (%s, code %i), even on HTTP 400', async (_what, code) => {
    // Arrange
    const { fetch } = recordingFetch({ status: 400, body: graphError(code, 'Too many calls') });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(messengerReply));
    // Assert
    expect(error).toMatchObject({
      retryable: true,
      message: 'Meta is unavailable (HTTP 400): Too many calls',
      details: { status: 400, providerCode: code },
    });
  });

  it('throws a retryable error when Meta marks the error transient', async () => {
    // Arrange
    const { fetch } = recordingFetch({
      status: 400,
      body: graphError(100, 'Temporary failure', { is_transient: true }),
    });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(messengerReply));
    // Assert
    expect(error).toMatchObject({ retryable: true });
  });

  it.each([
    [400, 190, 'Error validating access token: Session has expired on Tuesday, 01-Jan-30 10:00:00 PST.'],
    [400, 10, '(#10) This message is sent outside of allowed window.'],
    [400, 100, '(#100) Tried accessing nonexisting field (comments) on node type (Page)'],
    [403, 200, '(#200) Requires pages_manage_engagement permission to manage the object'],
  ])("throws a non-retryable error with Meta's message on HTTP %i, code %i", async (status, code, message) => {
    // Arrange
    const { fetch } = recordingFetch({ status, body: graphError(code, message) });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(messengerReply));
    // Assert
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: false,
      message: `Meta refused the reply (HTTP ${status}): ${message}`,
      details: { provider: 'meta', status, providerCode: code },
    });
  });

  it('says a time-out may have posted the reply, and lets it be retried', async () => {
    // Arrange
    const sender = new MetaReplySender(tokens, { fetch: silentFetch(), timeoutMs: 20 });
    // Act
    const error = await failureOf(sender.send(commentReply));
    // Assert
    expect(error).toMatchObject({ retryable: true, details: { provider: 'meta', error: 'timeout' } });
    expect(error.message).toContain('the reply may have been posted');
  });

  it.each([
    ['no token', {}],
    ['an empty token, as the stack creates the secret', { metaPageAccessToken: ' ' }],
  ])('refuses, without calling Meta, when the secret holds %s', async (_what, secret) => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 200, body: { id: '1' } });
    const sender = new MetaReplySender(async () => secret, { fetch });
    // Act
    const error = await failureOf(sender.send(commentReply));
    // Assert
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false });
    expect(error.message).toContain('metaPageAccessToken');
    expect(calls).toHaveLength(0);
  });

  it.each<[string, Reply]>([
    ['an X reply', { ...commentReply, network: 'x' }],
    ['a public Messenger reply', { ...messengerReply, kind: 'public' }],
    ['a direct reply with neither recipient nor private-reply target', { ...messengerReply, recipientId: undefined }],
  ])('refuses %s without calling Meta', async (_what, reply) => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 200, body: { id: '1' } });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(reply));
    // Assert
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('treats an answer without an id as a failure that says to look before sending again', async () => {
    // Arrange
    const { fetch } = recordingFetch({ status: 200, body: { recipient_id: '24004370929110153' } });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(messengerReply));
    // Assert
    expect(error).toMatchObject({ retryable: false, details: { error: 'no-id' } });
  });

  it('never puts the token or the reply text in an error', async () => {
    // Arrange
    const { fetch } = recordingFetch({ status: 400, body: graphError(190, 'Invalid OAuth access token.') });
    const sender = new MetaReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(commentReply));
    // Assert
    const everything = JSON.stringify({ message: error.message, details: error.details });
    expect(everything).toContain('Invalid OAuth access token.');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(commentReply.text);
  });
});
