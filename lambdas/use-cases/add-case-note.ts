import { z } from 'zod';
import { recordFirstResponse } from './record-first-response.ts';
import type { Interaction } from '../domain/case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';

/** The body of POST /agent/cases/{id}/notes. */
export const CaseNoteRequest = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
});

export interface AddCaseNoteRequest {
  readonly caseId: string;
  readonly body: unknown;
  /** The agent writing the note. */
  readonly user: string;
  /** The caller's idempotency key: the same key adds the note once. */
  readonly idempotencyKey?: string;
}

/**
 * Adds an agent's note to the case's timeline, where everyone who reads the customer's story
 * sees it. Idempotent with an idempotency key; without one, each request adds a note. Throws
 * NOT_FOUND, or VALIDATION_FAILED for an empty or oversized note.
 */
export const addCaseNote = async (
  request: AddCaseNoteRequest,
  ports: { readonly cases: CaseSystem; readonly clock: Clock },
): Promise<{ appended: boolean; caseId: string }> => {
  const { text } = parseOrThrow(CaseNoteRequest, request.body, 'the note');
  const at = ports.clock.now().toISOString();
  const note: Interaction = {
    at,
    channel: 'web',
    kind: 'note',
    summary: text,
    by: request.user,
    ...(request.idempotencyKey === undefined ? {} : { interactionId: `note:${request.idempotencyKey}` }),
  };
  const appended = await ports.cases.appendInteraction(request.caseId, note, at);
  // An agent's note on the case is the customer hearing back from us: the first response, once.
  await recordFirstResponse({ caseId: appended.caseId, via: 'note', by: request.user, at }, ports);
  return appended;
};
