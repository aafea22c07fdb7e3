import { z } from 'zod';
import { Priority, Topic } from '../domain/classification.ts';
import { Network } from '../domain/mention.ts';
import { TriageKind, type TriageItem, TriageState } from '../domain/triage-item.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { TriageStore } from '../ports/triage-store.ts';

export const TriageQuery = z.strictObject({
  state: TriageState.default('open'),
  kind: TriageKind.optional(),
  priority: Priority.optional(),
  topic: Topic.optional(),
  network: Network.optional(),
  language: z.string().trim().min(2).max(8).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  unknownCustomer: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** How many items are read to filter from: far more than a team has open. */
const scanLimit = 2000;

/**
 * The triage queue in work order (highest priority, then earliest due), filtered as asked. The
 * query comes straight from the caller and is validated here.
 */
export const listTriage = async (
  query: unknown,
  ports: { readonly triage: TriageStore },
): Promise<{ items: TriageItem[] }> => {
  const q = parseOrThrow(TriageQuery, query ?? {}, 'the query');
  const dueBefore = q.dueBefore === undefined ? undefined : new Date(q.dueBefore).toISOString();
  const items = (await ports.triage.list(q.state, scanLimit)).filter(
    (item) =>
      (q.kind === undefined || item.kind === q.kind) &&
      (q.priority === undefined || item.priority === q.priority) &&
      (q.topic === undefined || item.topic === q.topic) &&
      (q.network === undefined || item.network === q.network) &&
      (q.language === undefined || item.language === q.language) &&
      (dueBefore === undefined || item.dueAt < dueBefore) &&
      (q.unknownCustomer === undefined || item.unknownCustomer === (q.unknownCustomer === 'true')),
  );
  return { items: items.slice(0, q.limit) };
};
