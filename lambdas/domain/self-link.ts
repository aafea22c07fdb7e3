import { z } from 'zod';
import './zod-messages.ts';
import { SocialAccount } from './identity.ts';

/** A pending invitation for the owner of a social account to confirm it is theirs. */
export const SelfLinkGrant = z.object({
  /** Digest of the token; the token itself is only ever in the message sent to the customer. */
  tokenDigest: z.string().min(1),
  customerId: z.string().min(1),
  account: SocialAccount,
  issuedAt: z.string(),
  expiresAt: z.string(),
  issuedBy: z.string().min(1),
});
export type SelfLinkGrant = z.infer<typeof SelfLinkGrant>;

export const defaultSelfLinkMinutes = 24 * 60;

/** When a grant issued at `issuedAt` stops working. */
export const selfLinkExpiry = (issuedAt: Date, minutes: number): string =>
  new Date(issuedAt.getTime() + minutes * 60_000).toISOString();

/**
 * The direct message that carries the link. It names no customer, e-mail, phone or case: the
 * message may be read by anyone with access to the account, and only the link proves anything.
 */
export const selfLinkMessage = (url: string, expiresAt: string): string =>
  `To connect this account to your customer profile, so we can see your earlier conversations with us, open ${url} . The link works once and expires at ${expiresAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}. If you did not ask for this, ignore this message.`;
