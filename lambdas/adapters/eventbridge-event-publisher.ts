import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { type BridgeEvent, eventSource } from '../domain/bridge-event.ts';
import { DomainError } from '../domain/errors.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';

/** EventBridge takes at most ten entries per PutEvents. */
const putEventsLimit = 10;

/** One refused entry, as the error's details name it. */
export interface RefusedEvent {
  readonly id: string;
  readonly type: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * The bridge's events on its EventBridge bus. The event's `id` and `at` travel inside `detail`
 * because EventBridge draws its own event id: consumers drop repeats by ours.
 */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publish(events: readonly BridgeEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += putEventsLimit) {
      const chunk = events.slice(start, start + putEventsLimit);
      let result: PutEventsCommandOutput;
      try {
        result = await this.client.send(new PutEventsCommand({ Entries: chunk.map((event) => this.entryOf(event)) }));
      } catch (error) {
        throw new DomainError(
          'DEPENDENCY_UNAVAILABLE',
          `the event bus ${this.eventBusName} could not be reached: ${(error as Error).message}`,
          {
            retryable: true,
            cause: error,
            details: { dependency: 'eventbridge', publishedBefore: start, eventIds: chunk.map((event) => event.id) },
          },
        );
      }
      if ((result.FailedEntryCount ?? 0) > 0) {
        // The result entries line up with the request entries, index for index.
        const refused: RefusedEvent[] = chunk.flatMap((event, index) => {
          const entry = result.Entries?.[index];
          const accepted = entry !== undefined && entry.ErrorCode === undefined;
          if (accepted) return [];
          return [
            {
              id: event.id,
              type: event.type,
              errorCode: entry?.ErrorCode ?? 'Unknown',
              errorMessage: entry?.ErrorMessage ?? 'no result returned for this entry',
            },
          ];
        });
        throw new DomainError(
          'DEPENDENCY_UNAVAILABLE',
          `the event bus ${this.eventBusName} refused ${result.FailedEntryCount} of ${chunk.length} events: ${refused
            .map((event) => `${event.id} (${event.errorCode})`)
            .join(', ')}`,
          { retryable: true, details: { dependency: 'eventbridge', publishedBefore: start, refused } },
        );
      }
    }
  }

  private entryOf(event: BridgeEvent): PutEventsRequestEntry {
    return {
      Source: eventSource,
      DetailType: event.type,
      Detail: JSON.stringify({ id: event.id, at: event.at, ...event.detail }),
      Time: new Date(event.at),
      EventBusName: this.eventBusName,
    };
  }
}
