import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { tables } from '../../lib/definitions.ts';
import '../domain/zod-messages.ts';
import type { ReplyPolicy } from '../domain/reply.ts';
import { ConfigError } from './load-config.ts';

/** The environment variables through which functions that send replies learn how. */
export const replyEnv = {
  /** `true`: every reply waits for a second person's approval before it goes out; `false`: it goes out on send. */
  approvalRequired: 'REPLY_APPROVAL_REQUIRED',
  /** ARN of the Secrets Manager secret holding the reply tokens (JSON, see {@link ReplyTokens}). */
  tokensSecretArn: 'REPLY_TOKENS_SECRET_ARN',
} as const;

/** What a function that sends replies reads; parsed with `loadConfig`, which names what to set. */
export const ReplySettings = z.object({
  [replyEnv.approvalRequired]: z
    .enum(['true', 'false'], { error: 'to "true" (replies need a second person’s approval) or "false"' })
    .transform((value) => value === 'true'),
  [replyEnv.tokensSecretArn]: z
    .string({ error: 'to the ARN of the Secrets Manager secret holding the reply tokens' })
    .trim()
    .min(1, 'to the ARN of the Secrets Manager secret holding the reply tokens (it is empty)'),
});
export type ReplySettings = z.output<typeof ReplySettings>;

export const replyPolicyOf = (settings: ReplySettings): ReplyPolicy => ({
  approvalRequired: settings[replyEnv.approvalRequired],
});

const token = (what: string) =>
  z
    .string({ error: `${what}, as a string` })
    .trim()
    .optional();

/**
 * The tokens the reply senders post with. Either may be missing or empty — the stack creates the
 * secret with both empty, and a brand on X only (or Meta only) leaves the other so: a reply on a
 * network without a token fails, non-retryably, naming the key, and nothing else stops working.
 */
export const ReplyTokens = z.object({
  /** OAuth 2.0 user-context access token of the brand's X account (tweet.write, dm.write and their read scopes). */
  xUserAccessToken: token('the X user access token of the brand account'),
  /** Access token of the brand's Facebook Page (the Instagram account is reached through it). */
  metaPageAccessToken: token('the Meta Page access token'),
});
export type ReplyTokens = z.infer<typeof ReplyTokens>;

/** Validates reply tokens from wherever they came, naming each malformed key and where it belongs. */
export const parseReplyTokens = (value: unknown, where: string): ReplyTokens => {
  const result = ReplyTokens.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `"${issue.path.join('.') || '(the whole secret)'}" (${issue.message})`,
  );
  throw new ConfigError(`Replies cannot be sent: set ${problems.join(', ')} in ${where}.`);
};

/** Five minutes: a rotated token is picked up within that, and Secrets Manager is called rarely. */
const cacheSeconds = 300;

/**
 * Reads the reply tokens (one JSON secret: `{xUserAccessToken, metaPageAccessToken}`) through
 * Powertools parameters, cached. The senders call it on every send; call it once at start-up too,
 * so a malformed secret stops the function there, naming the key.
 */
export const replyTokensFromSecret = (secretArn: string) => async (): Promise<ReplyTokens> =>
  parseReplyTokens(
    await getSecret(secretArn, { maxAge: cacheSeconds, transform: 'json' }),
    `the Secrets Manager secret ${secretArn}`,
  );

/** The replies table, for functions that draft or send replies. */
export const RepliesTableSettings = z.object({
  [tables.replies.envVar]: z
    .string({ error: 'to the name of the replies table' })
    .trim()
    .min(1, 'to the name of the replies table (it is empty)'),
});

/** What a function that closes the loop on resolution needs: the replies and how they go out. */
export const ClosingSettings = ReplySettings.extend(RepliesTableSettings.shape);
