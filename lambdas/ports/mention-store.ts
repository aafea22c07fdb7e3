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
}
