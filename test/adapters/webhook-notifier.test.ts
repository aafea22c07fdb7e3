import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookNotifier } from '../../lambdas/adapters/webhook-notifier.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { SlaNotification } from '../../lambdas/domain/sla-check.ts';

const secret = 'whsec-test-0123456789';

const breached: SlaNotification = {
  id: 'sla:case-1:first-response:breached',
  caseId: 'case-1',
  queue: 'billing',
  kind: 'first-response:breached',
  priority: 'P2',
  message: 'Case case-1: first response was due Wed 9 Jan 14:00 GMT, 5 min ago, and has not been met.',
  dueAt: '2030-01-09T14:00:00.000Z',
  raisedAt: '2030-01-09T14:05:00.000Z',
};

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a receiver does to check a request came from the bridge: recompute the HMAC of the raw body. */
const signedBySecret = (received: Received): boolean => {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(received.body).digest('hex')}`);
  const given = Buffer.from(String(received.headers['x-bridge-signature-256'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
};

describe('WebhookNotifier (a real HTTP server on this machine)', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** The status the server answers each request with, in turn; 204 once they run out. */
  let answers: number[];
  let delayMs: number;

  beforeEach(async () => {
    received = [];
    answers = [];
    delayMs = 0;
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = answers.shift() ?? 204;
        setTimeout(() => response.writeHead(status).end(status >= 400 ? '{"error":"no"}' : ''), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sla`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const notifier = (options: Partial<ConstructorParameters<typeof WebhookNotifier>[0]> = {}) =>
    new WebhookNotifier({ url, secret: async () => secret, backoffMs: 1, ...options });

  it('POSTs the notification as JSON, signed with the shared secret, its id as the idempotency key', async () => {
    // Act
    await notifier().notify(breached);

    // Assert
    expect(received).toHaveLength(1);
    const [request] = received as [Received];
    expect(JSON.parse(request.body)).toEqual(breached);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('sla:case-1:first-response:breached');
    expect(signedBySecret(request)).toBe(true);
    // A body changed on the way no longer matches its signature.
    expect(signedBySecret({ ...request, body: request.body.replace('P2', 'P4') })).toBe(false);
  });

  it('tries a 5xx again under the same key, and succeeds when the receiver recovers', async () => {
    // Arrange
    answers = [503, 500];

    // Act
    await notifier({ attempts: 3 }).notify(breached);

    // Assert
    expect(received).toHaveLength(3);
    expect(new Set(received.map((request) => request.headers['idempotency-key']))).toEqual(
      new Set(['sla:case-1:first-response:breached']),
    );
    expect(received.every(signedBySecret)).toBe(true);
  });

  it('gives up after its tries with a retryable error, so the monitor sends it again next run', async () => {
    // Arrange
    answers = [502, 502];

    // Act
    const failure = await notifier({ attempts: 2 })
      .notify(breached)
      .then(
        () => undefined,
        (error: unknown) => error as DomainError,
      );

    // Assert
    expect(received).toHaveLength(2);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true, details: { status: 502 } });
    expect(failure?.message).toBe(
      'the SLA webhook did not take notification sla:case-1:first-response:breached: it answered HTTP 502',
    );
  });

  it('does not try a 4xx again', async () => {
    // Arrange
    answers = [401];

    // Act
    const failure = await notifier({ attempts: 3 })
      .notify(breached)
      .then(
        () => undefined,
        (error: unknown) => error as DomainError,
      );

    // Assert
    expect(received).toHaveLength(1);
    expect(failure).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false, details: { status: 401 } });
  });

  it('stops waiting after its time-out and calls that retryable', async () => {
    // Arrange
    delayMs = 500;

    // Act
    const failure = await notifier({ attempts: 1, timeoutMs: 50 })
      .notify(breached)
      .then(
        () => undefined,
        (error: unknown) => error as DomainError,
      );

    // Assert
    expect(failure).toMatchObject({ retryable: true, details: { error: 'timeout' } });
    expect(failure?.message).toContain('no answer within 50 ms');
  });
});
