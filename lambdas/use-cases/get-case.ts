import type { Case } from '../domain/case.ts';
import { customerTimeline, type TimelineEntry } from '../domain/customer-timeline.ts';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import { customerCaseLimit } from './refresh-service-hold.ts';

/** A case as an agent reads it: with the customer's whole story across channels and cases. */
export type CaseView = Case & { readonly customerTimeline?: readonly TimelineEntry[] };

/** The case with its customer's cross-channel timeline, or NOT_FOUND. */
export const getCase = async (caseId: string, ports: { readonly cases: CaseSystem }): Promise<CaseView> => {
  const found = await ports.cases.getCase(caseId);
  if (!found) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
  if (found.party.kind !== 'customer') return found;
  const cases = await ports.cases.casesOfParty(found.party, customerCaseLimit);
  // The index may lag a moment behind the case just read: the story always includes it.
  const others = cases.filter((value) => value.caseId !== found.caseId);
  return { ...found, customerTimeline: customerTimeline([found, ...others]) };
};
