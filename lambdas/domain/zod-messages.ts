import { z } from 'zod';

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const withArticle = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/**
 * Plainer messages for the errors people meet most: a missing field says "required" rather than
 * "Invalid input: expected string, received undefined". Imported by every schema module.
 */
z.config({
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined;
    if (issue.input === undefined) return 'required';
    return `must be ${withArticle(issue.expected)}, not ${withArticle(kindOf(issue.input)).replace(/^a null$/, 'null')}`;
  },
});
