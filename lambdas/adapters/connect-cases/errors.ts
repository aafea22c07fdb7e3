import { DomainError } from '../../domain/errors.ts';

const nameOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : 'unknown';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * An Amazon Connect Cases failure as a DomainError. Throttling, outages and quotas are retryable;
 * a missing resource is NOT_FOUND; a conflict is worth another try; a rejected request or a denied
 * one will fail the same way until an operator fixes the field map or the function's IAM policy,
 * so it is non-retryable and says which.
 */
export const connectCasesError = (what: string, error: unknown): DomainError => {
  const name = nameOf(error);
  const message = messageOf(error);
  if (error instanceof DomainError) return error;
  const details = { dependency: 'connect-cases', error: name };
  switch (name) {
    case 'ResourceNotFoundException':
      return new DomainError(
        'NOT_FOUND',
        `${what}: Amazon Connect Cases found no such resource (${message}); should it name the domain or the template, check CONNECT_CASES_DOMAIN_ID and CONNECT_CASES_TEMPLATE_ID`,
        { cause: error, details },
      );
    case 'ConflictException':
      return new DomainError('CONFLICT', `${what}: Amazon Connect Cases reported a conflict (${message}); try again`, {
        retryable: true,
        cause: error,
        details,
      });
    case 'ValidationException':
      return new DomainError(
        'INTERNAL',
        `${what}: Amazon Connect Cases rejected the request (${message}). A field id or option value it names is most likely wrong in CONNECT_CASES_FIELD_MAP, or missing from the case template in CONNECT_CASES_TEMPLATE_ID`,
        { cause: error, details },
      );
    case 'AccessDeniedException':
      return new DomainError(
        'INTERNAL',
        `${what}: Amazon Connect Cases denied access (${message}). Grant the function the cases actions listed in docs/connect-cases.md on the domain in CONNECT_CASES_DOMAIN_ID and everything under it`,
        { cause: error, details },
      );
    default:
      // ThrottlingException, InternalServerException and ServiceQuotaExceededException pass, and so,
      // most likely, do time-outs and dropped connections: the same work may succeed later.
      return new DomainError(
        'DEPENDENCY_UNAVAILABLE',
        `${what} failed: Amazon Connect Cases is unavailable (${name}: ${message})`,
        { retryable: true, cause: error, details },
      );
  }
};
