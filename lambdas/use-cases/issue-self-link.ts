import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { SocialAccount } from '../domain/identity.ts';
import { selfLinkExpiry, selfLinkMessage } from '../domain/self-link.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { SelfLinkGrants } from '../ports/self-link-grants.ts';

export interface IssueSelfLinkPorts {
  readonly directory: IdentityDirectory;
  readonly grants: SelfLinkGrants;
  readonly clock: Clock;
}

export interface IssueSelfLinkRequest {
  readonly customerId: string;
  readonly account: SocialAccount;
  /** Where the API is reached from outside, e.g. `https://api.example.com`; the link lives under it. */
  readonly baseUrl: string;
  /** Minutes the link stays good. */
  readonly minutes: number;
  /** The agent asking for the invitation. */
  readonly issuedBy: string;
}

export interface SelfLinkInvitation {
  /** The link to send; its last segment is the one-time token. */
  readonly url: string;
  /** The direct message to send the account, ready to paste: it names nobody. */
  readonly message: string;
  readonly expiresAt: string;
}

/** What is stored in place of a token: its SHA-256 digest, base64url. */
export const selfLinkDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** 32 random bytes, base64url: 43 characters, too many to guess. */
export const selfLinkTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Invites the owner of a social account to confirm it is theirs: a one-time link, sent by an
 * agent as a direct message to the account, links the account to the customer when opened and
 * confirmed (see confirm-self-link). Only the token's digest is stored, so the table alone cannot
 * redeem anything. Throws NOT_FOUND for a customer the directory does not know.
 */
export const issueSelfLink = async (
  request: IssueSelfLinkRequest,
  ports: IssueSelfLinkPorts,
): Promise<SelfLinkInvitation> => {
  if (!(await ports.directory.getCustomer(request.customerId))) {
    throw new DomainError('NOT_FOUND', `no customer ${request.customerId}: import it first (POST /customers)`, {
      details: { customerId: request.customerId },
    });
  }
  const token = randomBytes(32).toString('base64url');
  const issuedAt = ports.clock.now();
  const expiresAt = selfLinkExpiry(issuedAt, request.minutes);
  await ports.grants.issue({
    tokenDigest: selfLinkDigest(token),
    customerId: request.customerId,
    account: request.account,
    issuedAt: issuedAt.toISOString(),
    expiresAt,
    issuedBy: request.issuedBy,
  });
  const url = `${request.baseUrl.replace(/\/$/, '')}/self-links/${token}`;
  return { url, message: selfLinkMessage(url, expiresAt), expiresAt };
};
