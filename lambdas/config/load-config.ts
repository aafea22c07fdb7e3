import type { z } from 'zod';

/** A setting is missing or wrong: start-up stops with a sentence that says what to set. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, at start-up. Schemas carry no defaults: in AWS the stack sets
 * every value, and the local runtime passes its own defaults explicitly.
 */
export const loadConfig = <S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `set ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`The function cannot start: ${problems.join('; ')}.`);
};
