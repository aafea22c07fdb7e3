import { z } from 'zod';
import { bridgeActor, type Case } from '../domain/case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { refreshServiceHold, type ServiceHoldPorts } from './refresh-service-hold.ts';

/** The body of POST /cases/{id}/merge: the case to fold into the one in the path. */
export const MergeRequest = z.strictObject({ sourceCaseId: z.string().trim().min(1) });

/**
 * Merges one case into another (an agent's decision, e.g. after the bridge offered it): the
 * target keeps both timelines and audits, the source is closed. The holds of the customers
 * involved are brought in line. Repeating the merge changes nothing.
 */
export const mergeCases = async (
  request: { readonly targetCaseId: string; readonly body: unknown; readonly actor?: string },
  ports: ServiceHoldPorts,
): Promise<{ merged: boolean; target: Case; source: Case }> => {
  const { sourceCaseId } = parseOrThrow(MergeRequest, request.body, 'the merge');
  const at = ports.clock.now().toISOString();
  const result = await ports.cases.mergeCases(request.targetCaseId, sourceCaseId, at, request.actor ?? bridgeActor);
  const customers = new Set(
    [result.target.party, result.source.party].flatMap((party) =>
      party.kind === 'customer' ? [party.customerId] : [],
    ),
  );
  for (const customerId of customers) await refreshServiceHold(customerId, ports);
  return result;
};
