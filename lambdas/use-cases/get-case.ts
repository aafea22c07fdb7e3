import type { Case } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';

/** The case, or NOT_FOUND. */
export const getCase = async (caseId: string, ports: { readonly cases: CaseSystem }): Promise<Case> => {
  const found = await ports.cases.getCase(caseId);
  if (!found) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
  return found;
};
