import { type Case, isOpenCase } from '../domain/case.ts';
import { isDomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { WorkQueue } from '../ports/work-queue.ts';
import { type CaseView, getCase } from './get-case.ts';

/** Cases read per attempt: enough that agents claiming at once mostly find one free. */
const candidates = [5, 20] as const;

/** Whether the case, now claimed, is one that waited in `queue`. */
const isWaitingIn = (value: Case, queue: string): boolean =>
  isOpenCase(value) && value.queue === queue && value.queuedAt !== undefined;

/**
 * Gives `user` the next case of `queue`: the highest priority, then the earliest first response
 * due. Candidates are tried in that order; one someone else claimed a moment earlier (CONFLICT)
 * or one the index still lists after it left the queue is skipped. Returns the case with its
 * customer's cross-channel story, or undefined when none waits.
 */
export const claimNextCase = async (
  queue: string,
  user: string,
  ports: { readonly cases: CaseSystem; readonly work: WorkQueue; readonly clock: Clock },
): Promise<CaseView | undefined> => {
  const tried = new Set<string>();
  for (const limit of candidates) {
    const waiting = await ports.work.waitingIn(queue, limit);
    for (const candidate of waiting) {
      if (tried.has(candidate.caseId)) continue;
      tried.add(candidate.caseId);
      try {
        const outcome = await ports.cases.changeCase(
          candidate.caseId,
          { kind: 'claim', assignee: user },
          ports.clock.now().toISOString(),
          user,
        );
        // Unchanged: the user already holds it, and the index has not caught up; look further.
        if (!outcome.changed) continue;
        if (isWaitingIn(outcome.case, queue)) return await getCase(candidate.caseId, ports);
        // The index listed a case that had left the queue (resolved, sent elsewhere) just before:
        // give it back as it was and look further.
        await ports.cases.changeCase(candidate.caseId, { kind: 'release' }, ports.clock.now().toISOString(), user);
      } catch (error) {
        if (isDomainError(error) && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) continue;
        throw error;
      }
    }
    // Fewer than asked for: nothing more waits.
    if (waiting.length < limit) return undefined;
  }
  return undefined;
};
