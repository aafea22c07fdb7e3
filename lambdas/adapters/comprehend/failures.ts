/**
 * Why the cascade used the local result for (part of) a mention instead of Comprehend's:
 * - `budget`: the day's call budget is spent;
 * - `throttled`: Comprehend refused for rate (ThrottlingException, TooManyRequestsException, 429);
 * - `unavailable`: Comprehend or the custom endpoint is down or unreachable (5xx,
 *   ServiceUnavailableException, InternalServerException, ResourceUnavailableException, network
 *   errors and time-outs);
 * - `error`: anything else (an invalid request, a document refused in a batch, the budget store
 *   unreachable).
 */
export type FallbackReason = 'budget' | 'throttled' | 'unavailable' | 'error';

/** What a failed request means for the cascade: fall back for `reason`, or skip the API for the doc. */
export type FailureKind = FallbackReason | 'unsupported-language';

const throttledNames = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const unavailableNames = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerException',
  'InternalFailure',
  'InternalServerError',
  'ResourceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $retryable?: { readonly throttling?: unknown };
}

/** What a rejected Comprehend request means, from the SDK error's name, status and code. */
export function failureKind(error: unknown): FailureKind {
  if (typeof error !== 'object' || error === null) return 'error';
  const { name, code, $metadata, $retryable } = error as ErrorShape;
  const status = typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : undefined;
  if (name === 'UnsupportedLanguageException') return 'unsupported-language';
  if ((typeof name === 'string' && throttledNames.has(name)) || status === 429 || $retryable?.throttling === true) {
    return 'throttled';
  }
  if (typeof name === 'string' && unavailableNames.has(name)) return 'unavailable';
  if (typeof code === 'string' && networkCodes.has(code)) return 'unavailable';
  if (status !== undefined && status >= 500) return 'unavailable';
  return 'error';
}

/** What an `ErrorList` entry of a batch response means, from its `ErrorCode`. */
export function batchItemFailureKind(errorCode: string | undefined): FailureKind {
  const code = (errorCode ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  if (code.includes('UNSUPPORTEDLANGUAGE')) return 'unsupported-language';
  if (code.includes('THROTTL') || code.includes('TOOMANYREQUESTS')) return 'throttled';
  if (code.includes('INTERNAL') || code.includes('UNAVAILABLE')) return 'unavailable';
  return 'error';
}
