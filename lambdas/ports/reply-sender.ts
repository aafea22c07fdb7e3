import type { Reply } from '../domain/reply.ts';

/** Puts a reply on the network it answers: X, Meta (Facebook, Instagram, Messenger), or the local outbox. */
export interface ReplySender {
  /**
   * Posts or messages `reply` (state `sending`) once, as its `network`, `kind`, `inReplyTo`,
   * `recipientId` and `privateReply` say, and answers the provider's id of what it created.
   *
   * Throws `DomainError('DEPENDENCY_UNAVAILABLE')`:
   * - `retryable: true` when trying again may work: HTTP 5xx, 429 (throttled), a network failure, a
   *   provider error the provider marks transient, or no answer in time. A time-out is ambiguous — the
   *   provider may have posted the reply — and says so in its message.
   * - `retryable: false` when the provider refused the reply (any other 4xx: expired token, missing
   *   permission, deleted post, closed messaging window, duplicate text), with the provider's own
   *   message, and when the sender is not configured for the reply's network.
   *
   * `details` hold `provider`, and `status` and the provider's error code when there was an answer.
   * Neither the message nor the details ever contain the access token or the reply's text.
   */
  send(reply: Reply): Promise<{ externalId: string }>;
}
