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

/** What raised the urgency of a mention above its intent's default. */
export const UrgencySignal = z.enum([
  'safety',
  'legal',
  'churn',
  'vulnerable',
  'outage',
  'repeat-contact',
  'reach',
  'direct',
]);
export type UrgencySignal = z.infer<typeof UrgencySignal>;

export const Sentiment = z.object({
  label: z.enum(['negative', 'neutral', 'positive']),
  /** -1 (very negative) … 1 (very positive). */
  score: z.number().min(-1).max(1),
});
export type Sentiment = z.infer<typeof Sentiment>;

export const DetectedLanguage = z.object({
  /** ISO 639-1 where one exists (`en`, `es`), else ISO 639-3; `und` when undetermined. */
  code: z.string().min(2),
  confidence: z.number().min(0).max(1),
  /** Whether the classifier is built for this language; others go to triage, never dropped. */
  supported: z.boolean(),
});
export type DetectedLanguage = z.infer<typeof DetectedLanguage>;

/** A deadline the customer stated ("by Friday"), resolved against the post's time. */
export const StatedDeadline = z.object({
  at: z.string(),
  /** The words that stated it. */
  phrase: z.string(),
});
export type StatedDeadline = z.infer<typeof StatedDeadline>;

export const PiiType = z.enum(['card', 'iban', 'phone', 'email', 'account-number', 'order-number']);
export type PiiType = z.infer<typeof PiiType>;

export const PiiFound = z.object({
  types: z.array(PiiType),
  /** The text with every PII span replaced by `[type]`, e.g. `[card]`. */
  redactedText: z.string(),
  /** Identifiers worth keeping on the case (order and account numbers), never card numbers. */
  caseFields: z.object({
    orderNumbers: z.array(z.string()),
    accountNumbers: z.array(z.string()),
  }),
});
export type PiiFound = z.infer<typeof PiiFound>;

export const Classification = z.object({
  intent: Intent,
  serviceNeed: z.boolean(),
  topic: Topic,
  priority: Priority,
  confidence: z.number().min(0).max(1),
  /** Human-readable: which words or signals decided it. */
  reasons: z.array(z.string()).min(1),
  modelVersion: z.string().min(1),
  /** Richer analysis from the classification engine; absent on records written before it. */
  urgencySignals: z.array(UrgencySignal).optional(),
  sentiment: Sentiment.optional(),
  language: DetectedLanguage.optional(),
  deadline: StatedDeadline.optional(),
  pii: PiiFound.optional(),
});
export type Classification = z.infer<typeof Classification>;

export const serviceIntents: ReadonlySet<Intent> = new Set(['complaint', 'request']);
