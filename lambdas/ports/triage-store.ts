import type { TrainingLabel, TriageItem, TriageState } from '../domain/triage-item.ts';

/** The social team's triage queue. Failures of the store throw a retryable DomainError. */
export interface TriageStore {
  /** Adds the item unless the mention already has one; returns the stored item either way. */
  add(item: TriageItem): Promise<{ added: boolean; item: TriageItem }>;

  get(itemId: string): Promise<TriageItem | undefined>;

  /** Items in a state, in work order: highest priority, then earliest due. */
  list(state: TriageState, limit: number): Promise<TriageItem[]>;

  /**
   * Replaces the item if it is still at `expectedVersion` (and bumps the version); throws a
   * retryable CONFLICT when someone changed it meanwhile, so two people never overwrite each other.
   */
  save(item: TriageItem, expectedVersion: number): Promise<TriageItem>;

  /** The training labels the team produced, oldest first. */
  labels(limit: number): Promise<TrainingLabel[]>;
}
