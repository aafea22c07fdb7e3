import type { Topic } from '../domain/classification.ts';
import type { SurgeWindowState } from '../domain/surge.ts';

/** A lane's window as read, with the version a write must match. */
export interface VersionedWindow {
  readonly state: SurgeWindowState;
  /** 0 when no window is stored. */
  readonly version: number;
}

/**
 * The recent window of each surge lane (see lambdas/domain/surge.ts): the groups of alike
 * mentions, their counts and their incidents. Consumers read, decide with the pure domain and
 * write back under a compare-and-set, so when several count mentions at once exactly one of them
 * takes the group over the threshold and all agree on its incident.
 */
export interface SurgeWindow {
  /** The lane's window, read consistently; an empty window at version 0 when none is stored. */
  read(lane: Topic): Promise<VersionedWindow>;

  /**
   * Stores `state` for its lane if the stored window is still at `version` (compare-and-set) and
   * returns true; false when another writer got there first (read again, decide again). The window
   * may be dropped after `expiresAt`; readers never rely on that, the domain prunes by the clock.
   * Throws a retryable DomainError when the store is unavailable.
   */
  write(state: SurgeWindowState, version: number, expiresAt: Date): Promise<boolean>;
}
