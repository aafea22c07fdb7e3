import type { SelfLinkGrant } from '../domain/self-link.ts';

/** Pending self-link invitations, each good for one use. */
export interface SelfLinkGrants {
  /** Stores the grant under its token digest until it expires. */
  issue(grant: SelfLinkGrant): Promise<void>;

  /**
   * Takes the grant, once: the first call returns it, every later call returns `'used'`, and a
   * digest never issued (or long expired) returns undefined. Expiry is for the caller to check,
   * with its clock.
   */
  redeem(tokenDigest: string, at: string): Promise<SelfLinkGrant | 'used' | undefined>;
}
