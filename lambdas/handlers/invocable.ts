import type { Context } from 'aws-lambda';

/** A handler as Lambda calls it: event and context in, a promise out. */
export type Invocable<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Middy types a handler by the event its middlewares produce (the parser narrows it), which
 * makes it unassignable to the plain Lambda shape it really has. This names that shape once.
 */
export const invocable = <E, R>(handler: (event: never, context: Context) => unknown): Invocable<E, R> =>
  handler as unknown as Invocable<E, R>;
