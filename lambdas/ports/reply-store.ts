import type { Reply, ReplyState } from '../domain/reply.ts';

/** Where drafted replies and their sending state are kept. */
export interface ReplyStore {
  /**
   * Stores a new reply, idempotent on `replyId`: when one with that id exists it is returned
   * unchanged with `created: false`. Throws CONFLICT when the existing reply is a different draft
   * (another mention, kind, text or drafter) under the same id.
   */
  put(reply: Reply): Promise<{ reply: Reply; created: boolean }>;

  /** The reply, read consistently; undefined when there is none. */
  get(replyId: string): Promise<Reply | undefined>;

  /**
   * Replaces the stored reply with `next` if, and only if, it is still in state `expected`
   * (compare-and-set): of concurrent transitions from one state exactly one succeeds. Throws
   * CONFLICT (details: `state`, the stored state) when it is not, NOT_FOUND when there is no reply.
   */
  transition(next: Reply, expected: ReplyState): Promise<void>;

  /**
   * Replies in `state`, oldest first, at most `limit`. Read from an index, so a reply that changed
   * state a moment ago may still be listed under its old state.
   */
  listByState(state: ReplyState, limit: number): Promise<Reply[]>;

  /** The replies drafted on one triage item, newest first. */
  listByItem(itemId: string, limit: number): Promise<Reply[]>;
}
