import path from 'node:path';
import { BridgeEvent, type BridgeEventType } from '../domain/bridge-event.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import { appendNdjson, readNdjsonFile } from './ndjson-file.ts';

/** The event log's file inside the local runtime's data directory. */
export const eventLogFileName = 'events.ndjson';

export const eventLogPathIn = (dataDir: string): string => path.join(dataDir, eventLogFileName);

/**
 * The local runtime's stand-in for the EventBridge bus: every published event, one JSON object per
 * line (NDJSON, the same `{id, type, at, detail}` the bus carries), appended to a file and kept in
 * memory for the console and the tests. With no file it lives in memory only.
 *
 * Like the bus, it records what it is given, repeats included: consumers drop repeats by `id`.
 */
export class LocalEventLog implements EventPublisher {
  private readonly log: BridgeEvent[] = [];

  /** @param file where the log is kept across restarts; created with its directory when missing. */
  constructor(private readonly file?: string) {
    if (!file) return;
    this.log.push(
      ...readNdjsonFile(file, (value) => {
        const event = BridgeEvent.safeParse(value);
        return event.success
          ? { ok: true, value: event.data }
          : {
              ok: false,
              expected: `a bridge event (${event.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`,
            };
      }),
    );
  }

  async publish(events: readonly BridgeEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Validate before writing, so the file only ever holds events that load again.
    const checked = events.map((event) => BridgeEvent.parse(event));
    if (this.file) await appendNdjson(this.file, checked);
    this.log.push(...checked);
  }

  /** What was published, oldest first; only events of `type` when one is given. */
  events(type?: BridgeEventType): readonly BridgeEvent[] {
    return type === undefined ? [...this.log] : this.log.filter((event) => event.type === type);
  }
}
