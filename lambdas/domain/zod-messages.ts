import { z } from 'zod';

/**
 * Plainer messages for the errors people meet most: a missing field says "required" rather than
 * "Invalid input: expected string, received undefined". Imported by every schema module.
 */
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
    if (issue.code === 'invalid_type')
      return `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, not ${issue.input === null ? 'null' : typeof issue.input}`;
    return undefined;
  },
});
