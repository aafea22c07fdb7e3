import type { Case } from '../domain/case.ts';

/**
 * The cases waiting in a team's queue for an agent, in work order: highest priority first, then
 * earliest first-response due. The built-in case store keeps this order in an index; with Amazon
 * Connect Cases, Connect's own routing does this job and the bridge offers no work queue.
 */
export interface WorkQueue {
  /** Up to `limit` waiting cases of `queue`, next to claim first. May lag a write by a moment. */
  waitingIn(queue: string, limit: number): Promise<Case[]>;
}
