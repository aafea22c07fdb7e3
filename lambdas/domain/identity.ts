import { z } from 'zod';
import './zod-messages.ts';
import { Network } from './mention.ts';

/** Where a link between a social identity and a customer came from. */
export const LinkSource = z.enum(['crm-import', 'agent', 'verified-self-link']);
export type LinkSource = z.infer<typeof LinkSource>;

/**
 * How far a link is trusted when nothing more is said. A handle from a CRM export may be stale
 * or mistyped; an agent checked it; a self-link was confirmed by whoever controls the account.
 */
export const defaultConfidence: Readonly<Record<LinkSource, number>> = {
  'crm-import': 0.8,
  agent: 0.9,
  'verified-self-link': 1,
};

const handle = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.replace(/^@/, ''));

/** A social account as a network names it: the user id when known, the handle always. */
export const SocialAccount = z.object({
  network: Network,
  userId: z.string().trim().min(1).optional(),
  handle,
});
export type SocialAccount = z.infer<typeof SocialAccount>;

/** One social account linked to one customer, with where the link came from and how sure it is. */
export const IdentityLink = SocialAccount.extend({
  customerId: z.string().trim().min(1),
  source: LinkSource,
  confidence: z.number().min(0).max(1),
  linkedAt: z.string(),
  /** The agent, import file or token that made the link. */
  linkedBy: z.string().optional(),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

/** A customer as the CRM knows them. */
export const Customer = z.object({
  customerId: z.string().trim().min(1),
  name: z.string().trim().min(1).optional(),
  email: z.string().trim().min(1).optional(),
  phone: z.string().trim().min(1).optional(),
  /** Service tier or VIP marker from the CRM, used by routing. */
  tier: z.string().trim().min(1).optional(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

/**
 * The keys an account is found under: its user id (stable) and its handle (what CRM exports
 * carry). Handles are compared without case or a leading @.
 */
export const accountKeys = (account: Pick<SocialAccount, 'network' | 'userId' | 'handle'>): string[] => [
  ...(account.userId === undefined ? [] : [`${account.network}#id#${account.userId}`]),
  `${account.network}#handle#${account.handle.replace(/^@/, '').toLowerCase()}`,
];

/** The link that answers for an account: one made on its user id beats one made on its handle. */
export const bestLink = (
  account: Pick<SocialAccount, 'network' | 'userId' | 'handle'>,
  byKey: ReadonlyMap<string, IdentityLink>,
): IdentityLink | undefined => {
  for (const key of accountKeys(account)) {
    const found = byKey.get(key);
    if (found) return found;
  }
  return undefined;
};
