import { z } from 'zod';
import './zod-messages.ts';

export const Intent = z.enum(['complaint', 'request', 'idea', 'praise', 'chatter', 'spam']);
export type Intent = z.infer<typeof Intent>;

export const Topic = z.enum([
  'billing',
  'orders-delivery',
  'outage-technical',
  'account-access',
  'product-quality',
  'store-staff',
  'travel-disruption',
  'lost-damaged-property',
  'other',
]);
export type Topic = z.infer<typeof Topic>;

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof Priority>;

export const Classification = z.object({
  intent: Intent,
  serviceNeed: z.boolean(),
  topic: Topic,
  priority: Priority,
  confidence: z.number().min(0).max(1),
  /** Human-readable: which words or signals decided it. */
  reasons: z.array(z.string()).min(1),
  modelVersion: z.string().min(1),
});
export type Classification = z.infer<typeof Classification>;

export const serviceIntents: ReadonlySet<Intent> = new Set(['complaint', 'request']);
