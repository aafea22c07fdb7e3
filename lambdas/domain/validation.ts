import type { z } from 'zod';
import { DomainError, type FieldIssue } from './errors.ts';

/** Turns zod issues into field issues whose paths read like `author.handle` or `items[3].text`. */
export const toFieldIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
      '',
    ),
    message: issue.message,
  }));

/** Parses with a schema or throws a non-retryable VALIDATION_FAILED that names every bad field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const first = issues[0];
  const message = first ? `${what} is invalid: ${first.path || '(root)'}: ${first.message}` : `${what} is invalid`;
  throw new DomainError('VALIDATION_FAILED', message, { details: { issues } });
};
