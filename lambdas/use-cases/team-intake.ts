import { bridgeActor, type Case, isOpenCase } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { TeamQueueMessage } from '../domain/team-queue-message.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';

export type TeamIntakeOutcome =
  | { readonly queued: true; readonly case: Case; readonly changed: boolean }
  | { readonly queued: false; readonly reason: string };

/**
 * Puts a routed case into its team's work order: from now on agents of its queue can claim it.
 * Idempotent (a case queued once stays queued where it was). A case that is no longer open
 * needs no place in a queue and is left alone. Throws NOT_FOUND when the case does not exist.
 */
export const takeIntoTeamQueue = async (
  message: TeamQueueMessage,
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
): Promise<TeamIntakeOutcome> => {
  const found = await ports.cases.getCase(message.caseId);
  if (!found) throw new DomainError('NOT_FOUND', `no case ${message.caseId}`, { details: { ...message } });
  if (!isOpenCase(found)) {
    const why = found.mergedInto === undefined ? `is ${found.status}` : `was merged into ${found.mergedInto}`;
    return { queued: false, reason: `case ${found.caseId} ${why}` };
  }
  const outcome = await ports.cases.changeCase(
    message.caseId,
    { kind: 'enqueue' },
    ports.clock.now().toISOString(),
    bridgeActor,
  );
  return { queued: true, case: outcome.case, changed: outcome.changed };
};
