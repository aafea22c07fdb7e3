import { z } from 'zod';
import { CaseStatus } from '../domain/case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CasePage, CaseSystem } from '../ports/case-system.ts';

export const ListCasesQuery = z.strictObject({
  status: CaseStatus.default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).optional(),
});

/** One page of cases in a status; the query comes straight from the caller and is validated here. */
export const listCases = async (query: unknown, ports: { readonly cases: CaseSystem }): Promise<CasePage> => {
  const { status, limit, cursor } = parseOrThrow(ListCasesQuery, query ?? {}, 'the query');
  return ports.cases.listCases({ status, limit, ...(cursor === undefined ? {} : { cursor }) });
};
