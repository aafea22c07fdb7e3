import type { MentionRecord } from '../domain/disposition.ts';

/** Where each mention and its one disposition are kept. */
export interface MentionStore {
  /** The record of a mention that has been disposed of, or undefined. */
  getRecord(mentionId: string): Promise<MentionRecord | undefined>;

  /**
   * Records the mention with its disposition, once. When a record already exists it is left as
   * it was and returned with `recorded: false`: a mention never gets a second disposition.
   */
  recordDisposition(record: MentionRecord): Promise<{ recorded: boolean; record: MentionRecord }>;

  /**
   * Replaces a recorded mention as a whole, for edits and redactions; the disposition's kind and
   * case never change. Writes only when the stored record is still `expected` (compared by its
   * text and deletion mark), so two revisions cannot overwrite each other; returns whether it wrote.
   */
  reviseRecord(expected: MentionRecord, revised: MentionRecord): Promise<{ revised: boolean }>;
}
