import type { MentionRecord } from './disposition.ts';
import { redactedText } from './queue-message.ts';

const summaryLength = 280;

/** The case-timeline summary of a mention's text, as interactionFor writes it. */
export const summaryOf = (text: string): string =>
  text.length > summaryLength ? `${text.slice(0, summaryLength - 1)}…` : text;

/**
 * The record once its author deleted the post: the text and everything that quoted it (the
 * classifier's reasons, the disposition's reason) are redacted; kind, case and times remain.
 */
export const redactRecord = (record: MentionRecord, deletedAt: string): MentionRecord => ({
  mention: { ...record.mention, text: redactedText, deletedAt },
  ...(record.classification
    ? { classification: { ...record.classification, reasons: ['redacted: the post was deleted by its author'] } }
    : {}),
  disposition: {
    ...record.disposition,
    reason: `${record.disposition.kind}; the reason quoted the post and was redacted when its author deleted it`,
  },
});

/** The record after its author edited the post; what was decided stands. */
export const reviseRecordText = (record: MentionRecord, text: string): MentionRecord => ({
  ...record,
  mention: { ...record.mention, text, edited: true },
});
