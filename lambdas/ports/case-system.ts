import type { Case, CaseStatus, Interaction } from '../domain/case.ts';

export interface CasePage {
  readonly items: readonly Case[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * The case system the phone and store channels share. Implementations must be idempotent as
 * stated per method, because the queue delivers at least once.
 */
export interface CaseSystem {
  /**
   * Creates the case unless one with the same `caseId` exists. Returns `created: false` with the
   * stored case when it already existed, which is how a retried delivery avoids a second case.
   * Throws a retryable DomainError when the store is unavailable.
   */
  createCase(newCase: Case): Promise<{ created: boolean; case: Case }>;

  /**
   * Adds an interaction to the case's timeline. Idempotent on `interaction.mentionId`: the same
   * mention is never appended twice (returns `appended: false`). Throws NOT_FOUND when the case
   * does not exist.
   */
  appendInteraction(caseId: string, interaction: Interaction, at: string): Promise<{ appended: boolean }>;

  /**
   * Replaces the summary of the timeline entry that `mentionId` added (an edit on the network,
   * or a redaction when the author deleted the post). Idempotent; `revised: false` when the case
   * holds no entry for that mention.
   */
  reviseInteraction(caseId: string, mentionId: string, summary: string, at: string): Promise<{ revised: boolean }>;

  /** The case, or undefined. */
  getCase(caseId: string): Promise<Case | undefined>;

  /** Cases in one status, newest first. */
  listCases(query: { status: CaseStatus; limit: number; cursor?: string }): Promise<CasePage>;
}
