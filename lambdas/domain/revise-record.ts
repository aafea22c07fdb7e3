import type { Classification } from './classification.ts';
import type { MentionRecord } from './disposition.ts';
import { redactedText } from './queue-message.ts';

const summaryLength = 280;

/** The case-timeline summary of a mention's text, as interactionFor writes it. */
export const summaryOf = (text: string): string =>
  text.length > summaryLength ? `${text.slice(0, summaryLength - 1)}…` : text;

/** Everything the analysis kept of the words: reasons, the redacted copy, identifiers, the deadline phrase. */
const redactClassification = (classification: Classification): Classification => {
  const { pii, deadline, ...rest } = classification;
  return {
    ...rest,
    reasons: ['redacted: the post was deleted by its author'],
    ...(pii ? { pii: { types: pii.types, redactedText, caseFields: { orderNumbers: [], accountNumbers: [] } } } : {}),
    ...(deadline ? { deadline: { at: deadline.at, phrase: redactedText } } : {}),
  };
};

/**
 * The record once its author deleted the post: the text and everything that quoted it (the
 * classifier's reasons, its redacted copy and the identifiers taken from it, the disposition's
 * reason) are redacted; kind, case and times remain.
 */
export const redactRecord = (record: MentionRecord, deletedAt: string): MentionRecord => ({
  mention: { ...record.mention, text: redactedText, deletedAt },
  ...(record.classification ? { classification: redactClassification(record.classification) } : {}),
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
