import { describe, expect, it } from 'vitest';
import { XReplySender } from '../../lambdas/adapters/x-reply-sender.ts';
import type { Reply } from '../../lambdas/domain/reply.ts';
import {
  loadReplyFixture,
  recordedShape,
  recordingFetch,
  replyFixtureNames,
  silentFetch,
} from '../support/recording-fetch.ts';

const token = 'x-test-token-7f3a9c';
const placeholder = '<x-user-access-token>';
const tokens = async () => ({ xUserAccessToken: token, metaPageAccessToken: 'not-for-x' });

const publicReply = loadReplyFixture('x-public-reply.json').reply;
const directReply = loadReplyFixture('x-direct-message.json').reply;

const failureOf = async (promise: Promise<unknown>): Promise<Record<string, unknown>> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return error as Record<string, unknown>;
};

describe('XReplySender', () => {
  const names = replyFixtureNames('x-');

  it('has a recorded request for each kind of X reply', () => {
    // Assert
    expect(names).toEqual(['x-direct-message.json', 'x-public-reply.json']);
  });

  it.each(names)('sends %s exactly as recorded and answers the id X gives', async (name) => {
    // Arrange
    const fixture = loadReplyFixture(name);
    const { fetch, calls } = recordingFetch(fixture.response);
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const sent = await sender.send(fixture.reply);
    // Assert
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call && recordedShape(call, token, placeholder)).toEqual(fixture.request);
    expect(call?.init.headers).toMatchObject({ authorization: `Bearer ${token}` });
    expect(sent).toEqual({ externalId: fixture.externalId });
  });

  it('reads the token on every send, so a refreshed token is used', async () => {
    // Arrange
    const issued = ['first-token', 'second-token'];
    const { fetch, calls } = recordingFetch({ status: 201, body: { data: { id: '1' } } });
    const sender = new XReplySender(async () => ({ xUserAccessToken: issued.shift() }), { fetch });
    // Act
    await sender.send(publicReply);
    await sender.send(publicReply);
    // Assert
    expect(calls.map((call) => (call.init.headers as Record<string, string>).authorization)).toEqual([
      'Bearer first-token',
      'Bearer second-token',
    ]);
  });

  it('encodes the participant id into the path', async () => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 201, body: { data: { dm_event_id: '9' } } });
    const sender = new XReplySender(tokens, { fetch, baseUrl: 'http://localhost:9999/' });
    // Act
    await sender.send({ ...directReply, recipientId: '55/../2' });
    // Assert
    expect(calls[0]?.url).toBe('http://localhost:9999/2/dm_conversations/with/55%2F..%2F2/messages');
  });

  it.each([
    [500, {}],
    [503, { title: 'Service Unavailable', detail: 'Service Unavailable', status: 503 }],
  ])('throws a retryable DEPENDENCY_UNAVAILABLE on HTTP %i', async (status, body) => {
    // Arrange
    const { fetch } = recordingFetch({ status, body });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: true,
      details: { provider: 'x', status },
    });
    expect(error.message).toMatch(new RegExp(`^X is unavailable \\(HTTP ${status}\\)`));
  });

  it('throws a retryable error on 429 with when the limit resets', async () => {
    // Arrange
    const { fetch } = recordingFetch({
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      headers: { 'x-rate-limit-reset': '1893456000' },
    });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: true,
      message: 'X is unavailable (HTTP 429): Too Many Requests',
      details: { provider: 'x', status: 429, rateLimitReset: '1893456000' },
    });
  });

  it("throws a non-retryable error with X's own message when X refuses the reply", async () => {
    // Arrange
    const { fetch } = recordingFetch({
      status: 403,
      body: {
        detail: 'You are not allowed to create a Tweet with duplicate content.',
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
      },
    });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retryable: false,
      message: 'X refused the reply (HTTP 403): You are not allowed to create a Tweet with duplicate content.',
      details: { provider: 'x', status: 403, providerCode: 'about:blank' },
    });
  });

  it('prefers the error naming the field over the generic problem detail', async () => {
    // Arrange
    const { fetch } = recordingFetch({
      status: 400,
      body: {
        errors: [
          {
            parameters: { participant_id: ['x'] },
            message: 'The `participant_id` query parameter value [x] is not valid',
          },
        ],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      },
    });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(directReply));
    // Assert
    expect(error).toMatchObject({
      retryable: false,
      message: 'X refused the reply (HTTP 400): The `participant_id` query parameter value [x] is not valid',
      details: { providerCode: 'https://api.twitter.com/2/problems/invalid-request' },
    });
  });

  it('says a time-out may have posted the reply, and lets it be retried', async () => {
    // Arrange
    const sender = new XReplySender(tokens, { fetch: silentFetch(), timeoutMs: 20 });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true, details: { error: 'timeout' } });
    expect(error.message).toMatch(/did not answer within 0\.02 s; the reply may have been posted/);
  });

  it('throws a retryable error when X cannot be reached', async () => {
    // Arrange
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({ retryable: true, message: 'X could not be reached: fetch failed' });
  });

  it.each([
    ['no token', {}],
    ['an empty token, as the stack creates the secret', { xUserAccessToken: '' }],
  ])('refuses, without calling X, when the secret holds %s', async (_what, secret) => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 201, body: { data: { id: '1' } } });
    const sender = new XReplySender(async () => secret, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false });
    expect(error.message).toContain('xUserAccessToken');
    expect(calls).toHaveLength(0);
  });

  it.each<[string, Reply]>([
    ['a Facebook reply', { ...publicReply, network: 'facebook' }],
    ['a direct reply without a recipient', { ...directReply, recipientId: undefined }],
  ])('refuses %s without calling X', async (_what, reply) => {
    // Arrange
    const { fetch, calls } = recordingFetch({ status: 201, body: { data: { id: '1' } } });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(reply));
    // Assert
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false });
    expect(calls).toHaveLength(0);
  });

  it('treats an answer without an id as a failure that says to look before sending again', async () => {
    // Arrange
    const { fetch } = recordingFetch({ status: 201, body: { data: {} } });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    expect(error).toMatchObject({ retryable: false, details: { error: 'no-id' } });
  });

  it('never puts the token or the reply text in an error', async () => {
    // Arrange
    const { fetch } = recordingFetch({
      status: 401,
      body: { title: 'Unauthorized', detail: 'Unauthorized', status: 401 },
    });
    const sender = new XReplySender(tokens, { fetch });
    // Act
    const error = await failureOf(sender.send(publicReply));
    // Assert
    const everything = JSON.stringify({ message: error.message, details: error.details });
    expect(everything).toContain('Unauthorized');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(publicReply.text);
  });
});
