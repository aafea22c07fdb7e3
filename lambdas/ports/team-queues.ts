/**
 * The queues between routing and each team's work order: one per team queue of the routing
 * rules. Handing a case over means "this case now waits for that team"; the queue's consumer
 * marks it so (the case's `enqueue` change), which is idempotent, so delivering twice is harmless.
 */
export interface TeamQueues {
  /**
   * Sends `caseId` to the team queue `queue`, at least once. Throws a non-retryable DomainError
   * when no such team queue is configured (the routing rules and the deployment disagree), and a
   * retryable one when the queue cannot be reached.
   */
  enqueue(queue: string, caseId: string): Promise<void>;
}
