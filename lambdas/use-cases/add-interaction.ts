import { bridgeActor } from '../domain/case.ts';
import { contactInteraction, NewInteraction } from '../domain/contact-case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';

export interface AddInteractionRequest {
  readonly caseId: string;
  readonly body: unknown;
  /** The caller's `idempotency-key`, used when the body names no `interactionId`. */
  readonly idempotencyKey?: string;
  readonly actor?: string;
}

/**
 * Adds a call note, store visit or e-mail to a case. Idempotent on the interaction id (from the
 * body or the idempotency key); without either, each request adds an entry. Throws NOT_FOUND.
 */
export const addInteraction = async (
  request: AddInteractionRequest,
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
): Promise<{ appended: boolean; caseId: string }> => {
  const input = parseOrThrow(NewInteraction, request.body, 'the interaction');
  const at = ports.clock.now().toISOString();
  const interactionId = input.interactionId ?? request.idempotencyKey;
  const interaction = contactInteraction(
    { ...input, ...(interactionId === undefined ? {} : { interactionId }) },
    at,
    request.actor ?? bridgeActor,
  );
  return ports.cases.appendInteraction(request.caseId, interaction, at);
};
