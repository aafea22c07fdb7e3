/** Remembers which posts their authors deleted, including ones the bridge has not seen yet. */
export interface DeletionRegister {
  /** Marks the post deleted; idempotent (the first time is kept). */
  markDeleted(mentionId: string, deletedAt: string): Promise<void>;
  /** When the post was deleted, or undefined. */
  deletedAt(mentionId: string): Promise<string | undefined>;
}
