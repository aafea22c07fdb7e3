import type { Case, CaseInput, CaseParty, CaseStatus, Interaction } from '../domain/case.ts';
import type { CaseChange, ChangeOutcome } from '../domain/case-change.ts';

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
  createCase(newCase: CaseInput): Promise<{ created: boolean; case: Case }>;

  /**
   * Adds an interaction to the case's timeline and an `interaction-added` entry to its audit
   * (actor: `interaction.by`, else the bridge). Idempotent on `interaction.mentionId`, else on
   * `interaction.interactionId`: the same one is never added twice (`appended: false`). A case
   * merged into another passes the interaction on to that case; `caseId` says where it went.
   * Throws NOT_FOUND when the case does not exist.
   */
  appendInteraction(
    caseId: string,
    interaction: Interaction,
    at: string,
  ): Promise<{ appended: boolean; caseId: string }>;

  /**
   * Applies one change (status along the lifecycle, assignment, priority, topic, party, merge
   * offer) and audits it as made by `actor`. Changing a case to what it already is writes
   * nothing (`changed: false`). Throws NOT_FOUND, or CONFLICT for a change the lifecycle forbids.
   */
  changeCase(caseId: string, change: CaseChange, at: string, actor: string): Promise<ChangeOutcome>;

  /**
   * Folds case `sourceId` into `targetId` (see the domain's `mergeCases`): the target keeps both
   * timelines and audits; the source is closed and points at the target. Idempotent: merging
   * again returns `merged: false` with the cases as they are. Throws NOT_FOUND or CONFLICT.
   */
  mergeCases(
    targetId: string,
    sourceId: string,
    at: string,
    actor: string,
  ): Promise<{ merged: boolean; target: Case; source: Case }>;

  /** Every case of one party (a customer, or a social identity not linked yet), newest first. */
  casesOfParty(party: CaseParty, limit: number): Promise<Case[]>;

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
