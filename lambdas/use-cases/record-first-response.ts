import type { Case } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';

/** Merges followed this deep to the case that took a merged one's story. */
const maxMergeHops = 5;

export interface FirstResponse {
  readonly caseId: string;
  /** How the customer heard back: a reply sent to them, or an agent's note on their case. */
  readonly via: 'reply' | 'note';
  /** Who responded (the agent, or whoever sent the reply). */
  readonly by: string;
  /** When; now when not given (pass a sent reply's `sentAt`). */
  readonly at?: string;
}

export interface FirstResponseOutcome {
  /** False when the case had its first response already: nothing was written. */
  readonly recorded: boolean;
  /** The case it was recorded on: a merged case's first response belongs to the case it was merged into. */
  readonly case: Case;
}

/**
 * Records that the customer first heard back, the hook for a reply sent on the case's mention and
 * for an agent's note: `firstRespondedAt` is set once and never moved, which stops the
 * first-response SLA (a response after the due time is still a breach). Safe to call on every
 * reply and every note. A case merged into another records it on that case. Throws NOT_FOUND.
 */
export const recordFirstResponse = async (
  response: FirstResponse,
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
): Promise<FirstResponseOutcome> => {
  const at = response.at ?? ports.clock.now().toISOString();
  let caseId = response.caseId;
  for (let hop = 0; hop <= maxMergeHops; hop += 1) {
    const found = await ports.cases.getCase(caseId);
    if (found === undefined) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
    if (found.mergedInto !== undefined) {
      caseId = found.mergedInto;
      continue;
    }
    if (found.firstRespondedAt !== undefined) return { recorded: false, case: found };
    const outcome = await ports.cases.changeCase(
      caseId,
      { kind: 'first-response', at, via: response.via },
      ports.clock.now().toISOString(),
      response.by,
    );
    return { recorded: outcome.changed, case: outcome.case };
  }
  throw new DomainError('CONFLICT', `case ${response.caseId} is merged more than ${maxMergeHops} deep`, {
    details: { caseId: response.caseId },
  });
};
