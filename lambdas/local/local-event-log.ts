import { appendFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { BridgeEvent, type BridgeEventType } from '../domain/bridge-event.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';

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
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) this.log.push(...readLog(file));
  }

  async publish(events: readonly BridgeEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Validate before writing, so the file only ever holds events that load again.
    const checked = events.map((event) => BridgeEvent.parse(event));
    // One append per call: a crash loses a whole call or none of it, never half a line.
    if (this.file) await appendFile(this.file, checked.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
    this.log.push(...checked);
  }

  /** What was published, oldest first; only events of `type` when one is given. */
  events(type?: BridgeEventType): readonly BridgeEvent[] {
    return type === undefined ? [...this.log] : this.log.filter((event) => event.type === type);
  }
}

/**
 * The events of an existing log. A last line without its newline is a write cut short by a crash:
 * it is cut off the file so the next append starts on a line of its own. Any other line that is
 * not an event is an error naming the file and line, rather than a log silently missing events.
 */
const readLog = (file: string): BridgeEvent[] => {
  const text = readFileSync(file, 'utf8');
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) truncateSync(file, Buffer.byteLength(complete, 'utf8'));
  return complete
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file} line ${number} is not JSON (${(error as Error).message}): fix or remove the line`);
      }
      const event = BridgeEvent.safeParse(parsed);
      if (!event.success) {
        throw new Error(
          `${file} line ${number} is not a bridge event (${event.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}): fix or remove the line`,
        );
      }
      return event.data;
    });
};
