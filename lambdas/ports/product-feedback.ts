import type { ProductIdea } from '../domain/closing-the-loop.ts';

/** Where customers' ideas and suggestions go for the product team, so that none is lost. */
export interface ProductFeedback {
  /**
   * Passes `idea` on, at least once. Idempotent by `idea.mentionId`: submitting the same mention
   * again must never count as a second idea. A queue that may deliver twice (the SQS standard
   * queue) carries the mention id as the `mentionId` message attribute, and its consumer keeps one
   * message per id; the local stand-in keeps the first. Throws a retryable DomainError
   * (DEPENDENCY_UNAVAILABLE) when the destination cannot be reached.
   */
  submit(idea: ProductIdea): Promise<void>;
}
