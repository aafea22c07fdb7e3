import type { Mention } from '../domain/mention.ts';

export interface EnqueueFailure {
  readonly mentionId: string;
  readonly reason: string;
}

/** The queue between ingest and escalation. */
export interface MentionQueue {
  /**
   * Enqueues every mention, in as few calls as the queue allows. Returns the ones the queue
   * refused, so the caller can tell its client; throws a retryable DomainError when the queue
   * cannot be reached at all.
   */
  enqueue(mentions: readonly Mention[]): Promise<{ failed: readonly EnqueueFailure[] }>;
}
