import { DomainError } from '../domain/errors.ts';
import type { Network } from '../domain/mention.ts';
import type { SelfLinkGrants } from '../ports/self-link-grants.ts';
import { selfLinkDigest, selfLinkTokenPattern } from './issue-self-link.ts';
import { type LinkIdentityPorts, linkIdentity } from './link-identity.ts';

export interface ConfirmSelfLinkPorts extends LinkIdentityPorts {
  readonly grants: SelfLinkGrants;
}

/** What the person confirming hears back: their own account, nothing about the customer. */
export interface SelfLinkConfirmed {
  readonly status: 'linked';
  readonly network: Network;
  readonly handle: string;
}

/** Who a verified self-link names as its maker, on the link and in the cases' audit. */
export const selfLinkActor = 'self-link';

const unknownLink = (): DomainError =>
  new DomainError('NOT_FOUND', 'this link is not valid: check that it was copied whole, or ask us for a new one', {
    details: {},
  });

/**
 * Redeems a self-link token, once: links the account to the customer as verified (confidence 1),
 * with everything linking does (open cases moved, merges offered, the hold refreshed). Throws
 * NOT_FOUND for a token never issued, CONFLICT for one already used or expired. A token is spent
 * by the attempt that redeems it even when linking then fails; the agent issues a new one.
 */
export const confirmSelfLink = async (token: string, ports: ConfirmSelfLinkPorts): Promise<SelfLinkConfirmed> => {
  if (!selfLinkTokenPattern.test(token)) throw unknownLink();
  const now = ports.clock.now();
  const grant = await ports.grants.redeem(selfLinkDigest(token), now.toISOString());
  if (grant === undefined) throw unknownLink();
  if (grant === 'used') {
    throw new DomainError('CONFLICT', 'this link was already used; each link works once, ask us for a new one', {
      details: { reason: 'used' },
    });
  }
  if (Date.parse(grant.expiresAt) <= now.getTime()) {
    throw new DomainError('CONFLICT', `this link expired at ${grant.expiresAt}; ask us for a new one`, {
      details: { reason: 'expired', expiresAt: grant.expiresAt },
    });
  }
  await linkIdentity(
    {
      customerId: grant.customerId,
      account: grant.account,
      source: 'verified-self-link',
      confidence: 1,
      actor: selfLinkActor,
    },
    ports,
  );
  return { status: 'linked', network: grant.account.network, handle: grant.account.handle };
};
