import { z } from 'zod';
import './zod-messages.ts';

/** The source every event of the bridge carries (EventBridge `source`). */
export const eventSource = 'social-service-bridge';

export const BridgeEventType = z.enum([
  'customer.service-hold',
  'case.customer-contacted',
  'case.merge-offered',
  /** A surge became an incident: one parent case, one holding statement drafted for the social team. */
  'incident.opened',
  /** An incident was resolved: each person in it has a closure reply drafted. */
  'incident.resolved',
]);
export type BridgeEventType = z.infer<typeof BridgeEventType>;

/**
 * A fact the bridge tells other systems. `id` is derived from the fact, not drawn at random, so
 * a retried publication carries the same id and consumers can drop the repeat.
 */
export const BridgeEvent = z.object({
  id: z.string().min(1),
  type: BridgeEventType,
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type BridgeEvent = z.infer<typeof BridgeEvent>;
