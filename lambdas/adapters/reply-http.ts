import { DomainError } from '../domain/errors.ts';

/** What a provider said about a refusal: its message, its own error code, and whether it calls it transient. */
export interface ProviderExplanation {
  readonly message?: string;
  readonly code?: string | number;
  readonly transient?: boolean;
}

/** One POST to a provider's API, as the reply senders make it. */
export interface ProviderCall {
  /** Named in error messages: `X`, `Meta`. */
  readonly provider: string;
  readonly fetch: typeof fetch;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Reads the provider's error body. */
  readonly explain: (body: unknown) => ProviderExplanation;
}

/** Provider messages are kept short: they end up on the reply and in the console. */
const maxMessageLength = 300;

const clip = (text: string): string =>
  text.length > maxMessageLength ? `${text.slice(0, maxMessageLength - 1)}…` : text;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const unavailable = (call: ProviderCall, message: string, retryable: boolean, details: Record<string, unknown>) =>
  new DomainError('DEPENDENCY_UNAVAILABLE', message, {
    retryable,
    details: { provider: call.provider.toLowerCase(), ...details },
  });

/**
 * POSTs `call.body` and answers the parsed JSON of a 2xx answer. Everything else becomes the
 * DEPENDENCY_UNAVAILABLE the ReplySender port describes: retryable for 5xx, 429, a transient provider
 * error, a network failure or a time-out (which says the reply may have gone out); not retryable for
 * any other refusal, carrying the provider's message. The request itself (URL, headers, body) is never
 * put in an error: it holds the access token and the reply's text.
 */
export async function postToProvider(call: ProviderCall): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await call.fetch(call.url, {
      method: 'POST',
      headers: { ...call.headers },
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw unavailable(
        call,
        `${call.provider} did not answer within ${call.timeoutMs / 1000} s; the reply may have been posted — look at the conversation before sending it again`,
        true,
        { error: 'timeout' },
      );
    }
    throw unavailable(
      call,
      `${call.provider} could not be reached: ${clip((error as Error).message ?? String(error))}`,
      true,
      {
        error: name ?? 'network',
      },
    );
  }
  const body = parseJson(text);
  if (response.ok) return body;

  const explanation = call.explain(body);
  const said = clip(explanation.message?.trim() || response.statusText || 'no reason given');
  // Meta and most HTTP APIs say when to come back in Retry-After; X in x-rate-limit-reset (epoch seconds).
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  const rateLimitReset = response.headers.get('x-rate-limit-reset') ?? undefined;
  const details = {
    status: response.status,
    ...(explanation.code === undefined ? {} : { providerCode: explanation.code }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(rateLimitReset === undefined ? {} : { rateLimitReset }),
  };
  const retryable = response.status >= 500 || response.status === 429 || explanation.transient === true;
  const verb = retryable ? 'is unavailable' : 'refused the reply';
  throw unavailable(call, `${call.provider} ${verb} (HTTP ${response.status}): ${said}`, retryable, details);
}
