import { z } from 'zod';
import './zod-messages.ts';
import { Classification } from './classification.ts';
import { Mention } from './mention.ts';

export const DispositionKind = z.enum([
  'case-created',
  'case-appended',
  'triage',
  'chatter',
  'spam',
  'duplicate',
  'rejected',
]);
export type DispositionKind = z.infer<typeof DispositionKind>;

/** What became of one mention. Exactly one is ever recorded per mention. */
export const Disposition = z.object({
  kind: DispositionKind,
  reason: z.string().min(1),
  caseId: z.string().optional(),
  /** For duplicates: the mention this one repeats. */
  duplicateOf: z.string().optional(),
  decidedAt: z.string(),
});
export type Disposition = z.infer<typeof Disposition>;

/** A mention, what the classifier made of it and the one disposition it ended in. */
export const MentionRecord = z.object({
  mention: Mention,
  classification: Classification.optional(),
  disposition: Disposition,
});
export type MentionRecord = z.infer<typeof MentionRecord>;
