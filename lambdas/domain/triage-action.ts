import { z } from 'zod';
import './zod-messages.ts';
import { Priority, Topic } from './classification.ts';
import { DismissAs } from './triage-item.ts';

/** One action on a triage item, as the console sends it. */
export const TriageAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm') }),
  z.strictObject({ action: z.literal('dismiss'), as: DismissAs }),
  z.strictObject({ action: z.literal('priority'), priority: Priority }),
  z.strictObject({ action: z.literal('topic'), topic: Topic }),
  z.strictObject({ action: z.literal('link'), customerId: z.string().trim().min(1) }),
  z.strictObject({ action: z.literal('merge'), caseId: z.string().trim().min(1) }),
  z.strictObject({ action: z.literal('assign'), team: z.string().trim().min(1) }),
  z.strictObject({
    action: z.literal('draft-reply'),
    kind: z.enum(['public', 'direct']),
    text: z.string().trim().min(1).max(2000),
  }),
]);
export type TriageAction = z.infer<typeof TriageAction>;

/** Most items one bulk action may touch. */
export const maxBulkItems = 100;

export const BulkTriageAction = z.strictObject({
  ids: z.array(z.string().min(1)).min(1).max(maxBulkItems),
  action: TriageAction,
});
export type BulkTriageAction = z.infer<typeof BulkTriageAction>;
