import type { BridgeEvent } from '../domain/bridge-event.ts';

/**
 * Tells other systems what happened (marketing holds, contacts on a case). At least once:
 * consumers drop repeats by the event's id. Throws a retryable DomainError when the bus is
 * unavailable or refuses any entry.
 */
export interface EventPublisher {
  publish(events: readonly BridgeEvent[]): Promise<void>;
}
