import { z } from 'zod';
import { CaseStatus } from '../domain/case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CasePage, CaseSystem } from '../ports/case-system.ts';

export const ListCasesQuery = z.strictObject({
  status: CaseStatus.optional(),
  /** Search by customer: their cases from every channel, in any status unless one is named. */
  customerId: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).optional(),
});

/**
 * One page of cases: in a status (open when nothing is named), or a customer's cases from every
 * channel. The query comes straight from the caller and is validated here.
 */
export const listCases = async (query: unknown, ports: { readonly cases: CaseSystem }): Promise<CasePage> => {
  const { status, customerId, limit, cursor } = parseOrThrow(ListCasesQuery, query ?? {}, 'the query');
  if (customerId !== undefined) {
    const cases = await ports.cases.casesOfParty({ kind: 'customer', customerId }, limit);
    return { items: status === undefined ? cases : cases.filter((value) => value.status === status) };
  }
  return ports.cases.listCases({ status: status ?? 'open', limit, ...(cursor === undefined ? {} : { cursor }) });
};
