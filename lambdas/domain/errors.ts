/** Codes of the errors the domain and its use cases raise; handlers map them to HTTP or retries. */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INTERNAL';

export interface DomainErrorOptions {
  readonly retryable?: boolean;
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/**
 * A failure the bridge understands. `retryable` says whether trying the same work again may
 * succeed (a throttled table) or never will (a malformed record).
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** One problem with one field, as reported to whoever sent the input. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}
