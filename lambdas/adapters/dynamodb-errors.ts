import { DomainError } from '../domain/errors.ts';

const isNamed = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

export const isConditionalCheckFailed = (error: unknown): boolean => isNamed(error, 'ConditionalCheckFailedException');

/**
 * Wraps a DynamoDB failure as a retryable DomainError: throttling, time-outs and outages pass,
 * and a delivery that failed on them should be tried again rather than parked.
 */
export const storeUnavailable = (what: string, error: unknown): DomainError =>
  new DomainError('DEPENDENCY_UNAVAILABLE', `${what} failed: ${(error as Error).message ?? String(error)}`, {
    retryable: true,
    cause: error,
    details: { dependency: 'dynamodb', error: (error as Error).name ?? 'unknown' },
  });
