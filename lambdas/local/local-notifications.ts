import path from 'node:path';
import { SlaNotification } from '../domain/sla-check.ts';
import type { Notifier } from '../ports/notifier.ts';
import { appendNdjson, readNdjsonFile } from './ndjson-file.ts';

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
    this.entries.push(
      ...readNdjsonFile(file, (value) => {
        const notification = SlaNotification.safeParse(value);
        return notification.success
          ? { ok: true, value: notification.data }
          : { ok: false, expected: 'an SLA notification' };
      }),
    );
  }

  async notify(notification: SlaNotification): Promise<void> {
    // Validate before writing, so the file only ever holds lines that load again.
    const checked = SlaNotification.parse(notification);
    if (this.file) await appendNdjson(this.file, [checked]);
    this.entries.push(checked);
  }

  /** What was handed over, oldest first. */
  sent(): readonly SlaNotification[] {
    return [...this.entries];
  }
}
