import type { QueueMessage } from '../domain/queue-message.ts';

export interface EnqueueFailure {
  readonly mentionId: string;
  readonly reason: string;
}

/** The queue between ingest and escalation. */
export interface MentionQueue {
  /**
   * Enqueues every message (mentions, deletions), in as few calls as the queue allows. Returns
   * the ones the queue refused, so the caller can tell its client; throws a retryable
   * DomainError when the queue cannot be reached at all.
   */
  enqueue(messages: readonly QueueMessage[]): Promise<{ failed: readonly EnqueueFailure[] }>;
}
