import { z } from 'zod';
import './zod-messages.ts';
import { type Case, Interaction } from './case.ts';

/** One contact in a customer's story, with the case it sits on. */
export const TimelineEntry = Interaction.extend({ caseId: z.string(), caseStatus: z.string() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * Every interaction across the customer's cases, phone, store, email and social alike, in time
 * order. A case merged into another is skipped: its entries live on in the case that took them.
 */
export const customerTimeline = (cases: readonly Case[]): TimelineEntry[] =>
  cases
    .filter((value) => value.mergedInto === undefined)
    .flatMap((value) => value.timeline.map((entry) => ({ ...entry, caseId: value.caseId, caseStatus: value.status })))
    .sort((a, b) => a.at.localeCompare(b.at) || a.caseId.localeCompare(b.caseId));
