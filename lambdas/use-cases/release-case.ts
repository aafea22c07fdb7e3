import type { Case } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';

export interface ReleaseRequest {
  readonly caseId: string;
  /** Who gives the case back. */
  readonly user: string;
  /** Whether the user may release a case someone else holds (a team lead may). */
  readonly mayReleaseOthers: boolean;
}

/**
 * Gives a claimed case back to its queue, in its place: the work order ranks by priority and
 * due date, not by when a case was claimed, so it waits where it waited before. Only its holder
 * may release it, or a lead (FORBIDDEN otherwise). Releasing a case nobody holds changes nothing.
 */
export const releaseCase = async (
  request: ReleaseRequest,
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
): Promise<{ changed: boolean; case: Case }> => {
  const found = await ports.cases.getCase(request.caseId);
  if (!found) throw new DomainError('NOT_FOUND', `no case ${request.caseId}`, { details: { caseId: request.caseId } });
  if (found.assignee !== undefined && found.assignee !== request.user && !request.mayReleaseOthers) {
    throw new DomainError(
      'FORBIDDEN',
      `case ${found.caseId} is held by ${found.assignee}; only they or a lead can give it back`,
      { details: { caseId: found.caseId, assignee: found.assignee } },
    );
  }
  return ports.cases.changeCase(request.caseId, { kind: 'release' }, ports.clock.now().toISOString(), request.user);
};
