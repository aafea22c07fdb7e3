import { z } from 'zod';
import type { Case } from '../domain/case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { AfterResolution } from './after-resolution.ts';
import { refreshServiceHold, type ServiceHoldPorts } from './refresh-service-hold.ts';

/** The body of POST /agent/cases/{id}/resolve. */
export const ResolveRequest = z.strictObject({
  note: z
    .string()
    .trim()
    .min(1, 'must not be empty when given')
    .max(2000, 'must be at most 2000 characters')
    .optional(),
});

/**
 * Resolves a case for an agent, with their note on the change, and ends the customer's
 * marketing hold when it was their last open case. Resolving a resolved case changes nothing;
 * a closed or merged case answers CONFLICT, a missing one NOT_FOUND.
 */
export const resolveCase = async (
  request: { readonly caseId: string; readonly body: unknown; readonly user: string },
  ports: ServiceHoldPorts & { readonly afterResolution: AfterResolution },
): Promise<{ changed: boolean; case: Case }> => {
  const { note } = parseOrThrow(ResolveRequest, request.body, 'the resolution');
  const outcome = await ports.cases.changeCase(
    request.caseId,
    { kind: 'status', to: 'resolved', ...(note === undefined ? {} : { note }) },
    ports.clock.now().toISOString(),
    request.user,
  );
  const { party } = outcome.case;
  // Also when unchanged: a retry after a failed hold refresh must still refresh it.
  if (party.kind === 'customer') await refreshServiceHold(party.customerId, ports);
  await ports.afterResolution(request.caseId);
  return outcome;
};
