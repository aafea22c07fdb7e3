import { isOpenAt } from '../domain/business-hours.ts';
import type { RoutingRules } from '../domain/routing-rules.ts';
import type { Clock } from '../ports/clock.ts';
import type { WorkQueue } from '../ports/work-queue.ts';

/** Waiting cases counted per queue; a queue with more shows this many and `more: true`. */
export const waitingCountLimit = 100;

export interface AgentQueue {
  readonly queue: string;
  /** Cases waiting to be claimed, counted up to {@link waitingCountLimit}. */
  readonly waiting: number;
  /** Whether more than `waiting` wait. */
  readonly more: boolean;
  /** Whether the queue is within its business hours now. */
  readonly open: boolean;
  readonly timeZone: string;
}

/** Every team queue of the routing rules, in their order, with what waits in it and whether it is open now. */
export const listAgentQueues = async (
  rules: RoutingRules,
  ports: { readonly work: WorkQueue; readonly clock: Clock },
): Promise<{ queues: AgentQueue[] }> => {
  const now = ports.clock.now();
  const queues = await Promise.all(
    rules.queues.map(async (queue): Promise<AgentQueue> => {
      const waiting = await ports.work.waitingIn(queue.name, waitingCountLimit + 1);
      return {
        queue: queue.name,
        waiting: Math.min(waiting.length, waitingCountLimit),
        more: waiting.length > waitingCountLimit,
        open: isOpenAt(queue, now),
        timeZone: queue.timeZone,
      };
    }),
  );
  return { queues };
};
