import { DomainError } from '../domain/errors.ts';

/** Encodes a DynamoDB LastEvaluatedKey as an opaque, URL-safe cursor. */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this API handed out', {
    details: { issues: [{ path: 'cursor', message: 'unknown cursor' }] },
  });
};
