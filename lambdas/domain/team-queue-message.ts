import { z } from 'zod';
import './zod-messages.ts';

/** What a team queue carries: which case now waits for which team. The case itself stays in the case system. */
export const TeamQueueMessage = z.object({
  caseId: z.string().min(1),
  queue: z.string().min(1),
});
export type TeamQueueMessage = z.infer<typeof TeamQueueMessage>;
