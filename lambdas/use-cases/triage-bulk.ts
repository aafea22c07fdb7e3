import { BulkTriageAction } from '../domain/triage-action.ts';
import { isDomainError } from '../domain/errors.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { PlacementPolicy } from './place-service-need.ts';
import { actOnTriageItem, type TriageActPorts } from './triage-act.ts';

export type BulkResult =
  | { readonly id: string; readonly status: 'ok' }
  | { readonly id: string; readonly status: 'failed'; readonly code: string; readonly message: string };

/**
 * One action on a selection of items, each carried out and audited alone: one item failing
 * (already settled, changed meanwhile) does not stop the others, and the answer says which.
 */
export const actOnTriageItems = async (
  body: unknown,
  actor: string,
  ports: TriageActPorts,
  policy: PlacementPolicy,
): Promise<{ results: BulkResult[] }> => {
  const { ids, action } = parseOrThrow(BulkTriageAction, body, 'the bulk action');
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      await actOnTriageItem(id, action, actor, ports, policy);
      results.push({ id, status: 'ok' });
    } catch (error) {
      if (!isDomainError(error) || error.retryable) throw error;
      results.push({ id, status: 'failed', code: error.code, message: error.message });
    }
  }
  return { results };
};
