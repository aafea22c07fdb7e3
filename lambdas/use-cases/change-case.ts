import { z } from 'zod';
import { bridgeActor, type Case } from '../domain/case.ts';
import { CaseChange } from '../domain/case-change.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { AfterResolution } from './after-resolution.ts';
import { refreshServiceHold, type ServiceHoldPorts } from './refresh-service-hold.ts';

/** The body of POST /cases/{id}/status. */
export const StatusRequest = z.strictObject({
  status: CaseChange.options[0].shape.to,
  note: z.string().max(2000).optional(),
});
/** The body of POST /cases/{id}/assignment. */
export const AssignmentRequest = z
  .strictObject({
    assignee: z.string().trim().min(1).max(200).nullable().optional(),
    queue: z.string().trim().min(1).max(100).optional(),
  })
  .refine(
    (value) => value.assignee !== undefined || value.queue !== undefined,
    'name an assignee (or null) or a queue',
  );

export type ChangeRequest =
  | { readonly kind: 'status'; readonly caseId: string; readonly body: unknown; readonly actor?: string }
  | { readonly kind: 'assign'; readonly caseId: string; readonly body: unknown; readonly actor?: string };

const changeOf = (request: ChangeRequest): CaseChange => {
  if (request.kind === 'status') {
    const { status, note } = parseOrThrow(StatusRequest, request.body, 'the status change');
    return { kind: 'status', to: status, ...(note === undefined ? {} : { note }) };
  }
  const { assignee, queue } = parseOrThrow(AssignmentRequest, request.body, 'the assignment');
  return { kind: 'assign', ...(assignee === undefined ? {} : { assignee }), ...(queue === undefined ? {} : { queue }) };
};

/**
 * Changes a case's status (along the lifecycle) or assignment, audited under the caller's name,
 * and brings the customer's marketing hold in line. Asking for what already is changes nothing.
 */
export const changeCase = async (
  request: ChangeRequest,
  ports: ServiceHoldPorts & { readonly afterResolution: AfterResolution },
): Promise<{ changed: boolean; case: Case }> => {
  const change = changeOf(request);
  const at = ports.clock.now().toISOString();
  const outcome = await ports.cases.changeCase(request.caseId, change, at, request.actor ?? bridgeActor);
  const { party } = outcome.case;
  if (party.kind === 'customer') await refreshServiceHold(party.customerId, ports);
  if (outcome.case.status === 'resolved') await ports.afterResolution(outcome.case.caseId);
  return outcome;
};
