import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../domain/errors.ts';
import type { SlaNotification } from '../domain/sla-check.ts';
import type { Notifier } from '../ports/notifier.ts';

/** The header carrying the notification id: the receiver drops a request whose key it has seen. */
export const idempotencyKeyHeader = 'idempotency-key';
/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` under the shared secret. */
export const signatureHeader = 'x-bridge-signature-256';

export interface WebhookNotifierOptions {
  readonly url: string;
  /** The shared secret, read when needed (Secrets Manager, cached), so a rotation is picked up. */
  readonly secret: () => Promise<string>;
  /** How long one request may take; 5 s when not given. */
  readonly timeoutMs?: number;
  /** Tries per notification for a failure worth retrying (5xx, 429, network, time-out); 3 when not given. */
  readonly attempts?: number;
  /** Wait before the second try, doubled before each next; 200 ms when not given. */
  readonly backoffMs?: number;
  readonly fetch?: typeof fetch;
}

/** `sha256=` and the hex HMAC-SHA256 of `body` under `secret`, as the signature header carries it. */
export const signatureOf = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

class Failure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * SLA notifications POSTed as JSON to a webhook (a chat tool's incoming hook behind a relay, an
 * on-call service, the team's own endpoint). Each request carries the notification id as its
 * `idempotency-key` and the body's HMAC-SHA256 under a shared secret in `x-bridge-signature-256`
 * (GitHub's scheme), so the receiver can check it came from the bridge and drop repeats. A 5xx,
 * a 429, a network failure or a time-out is tried again a few times with backoff under the same
 * key (a time-out may have been delivered: the key makes that harmless); a 4xx is not.
 */
export class WebhookNotifier implements Notifier {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 200;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async notify(notification: SlaNotification): Promise<void> {
    const body = JSON.stringify(notification);
    const headers = {
      'content-type': 'application/json',
      [idempotencyKeyHeader]: notification.id,
      [signatureHeader]: signatureOf(await this.options.secret(), body),
      'user-agent': 'social-service-bridge-sla-monitor',
    };
    let last: Failure | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      if (attempt > 1) await sleep(this.backoffMs * 2 ** (attempt - 2));
      last = await this.post(headers, body);
      if (last === undefined) return;
      if (!last.retryable) break;
    }
    const failure = last as Failure;
    throw new DomainError(
      'DEPENDENCY_UNAVAILABLE',
      `the SLA webhook did not take notification ${notification.id}: ${failure.message}`,
      {
        retryable: failure.retryable,
        details: { dependency: 'webhook', notificationId: notification.id, ...failure.details },
      },
    );
  }

  /** One POST: undefined when the receiver took it (2xx), else why not. The URL is never put in an error. */
  private async post(headers: Record<string, string>, body: string): Promise<Failure | undefined> {
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Read (and drop) the body so the connection is released.
      await response.arrayBuffer();
    } catch (error) {
      const name = (error as Error).name;
      return name === 'TimeoutError' || name === 'AbortError'
        ? new Failure(`no answer within ${this.timeoutMs} ms`, true, { error: 'timeout' })
        : new Failure(`it could not be reached (${(error as Error).message})`, true, { error: name || 'network' });
    }
    if (response.ok) return undefined;
    const retryable = response.status >= 500 || response.status === 429;
    return new Failure(`it answered HTTP ${response.status}`, retryable, { status: response.status });
  }
}
