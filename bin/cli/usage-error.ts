/** The command line itself is wrong: the message says how to call it right. */
export class UsageError extends Error {}
