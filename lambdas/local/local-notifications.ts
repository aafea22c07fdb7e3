import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { SlaNotification } from '../domain/sla-check.ts';
import type { Notifier } from '../ports/notifier.ts';

/** The notifications' file inside the local runtime's data directory. */
export const notificationsFileName = 'notifications.ndjson';

export const notificationsPathIn = (dataDir: string): string => path.join(dataDir, notificationsFileName);

/**
 * The local runtime's stand-in for the SNS topic or webhook: every SLA notification handed to it
 * is appended to an NDJSON file (one notification per line) and kept in memory, so a person
 * running the bridge locally can read who would have been told what, and tests can count it. Like
 * the topic, it records what it is given, repeats included: dropping repeats by `id` is the
 * receiver's part, and not notifying twice is the SLA monitor's.
 */
export class LocalNotifications implements Notifier {
  private readonly entries: SlaNotification[] = [];

  /** @param file where notifications are kept across restarts; created with its directory when missing. */
  constructor(private readonly file?: string) {
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) this.entries.push(...readNotifications(file));
  }

  async notify(notification: SlaNotification): Promise<void> {
    // Validate before writing, so the file only ever holds lines that load again.
    const checked = SlaNotification.parse(notification);
    if (this.file) await appendFile(this.file, `${JSON.stringify(checked)}\n`, 'utf8');
    this.entries.push(checked);
  }

  /** What was handed over, oldest first. */
  sent(): readonly SlaNotification[] {
    return [...this.entries];
  }
}

/**
 * The notifications of an existing file. A last line without its newline is a write cut short by
 * a crash: it is cut off so the next append starts on a line of its own. Any other unreadable
 * line is an error naming the file and line.
 */
const readNotifications = (file: string): SlaNotification[] => {
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
      const notification = SlaNotification.safeParse(parsed);
      if (!notification.success) {
        throw new Error(`${file} line ${number} is not an SLA notification: fix or remove the line`);
      }
      return notification.data;
    });
};
