import { createHash } from 'node:crypto';
import path from 'node:path';
import { Reply } from '../domain/reply.ts';
import type { ReplySender } from '../ports/reply-sender.ts';
import { appendNdjson, readNdjsonFile } from './ndjson-file.ts';

/** The outbox's file inside the local runtime's data directory. */
export const outboxFileName = 'outbox.ndjson';

export const outboxPathIn = (dataDir: string): string => path.join(dataDir, outboxFileName);

/** One reply as the outbox took it: what X or Meta would have been asked to post. */
export interface OutboxEntry {
  readonly externalId: string;
  readonly reply: Reply;
}

/** The id a reply gets locally: the same reply always gets the same id, shaped unlike any network's. */
export const localExternalId = (replyId: string): string =>
  `local-${createHash('sha256').update(replyId, 'utf8').digest('hex').slice(0, 16)}`;

/**
 * The local runtime's stand-in for X and Meta: every reply handed to it is appended to an NDJSON
 * file (one `{externalId, reply}` per line) and kept in memory, so a person running the bridge
 * locally can read what would have gone out, and tests can count what was sent. It records every
 * call, repeats included, exactly as a network would post twice if asked twice: the no-double-send
 * guarantee belongs to the use cases, and this is where it shows.
 */
export class LocalOutbox implements ReplySender {
  private readonly entries: OutboxEntry[] = [];

  /** @param file where the outbox is kept across restarts; created with its directory when missing. */
  constructor(private readonly file?: string) {
    if (!file) return;
    this.entries.push(
      ...readNdjsonFile(file, (value) => {
        const { externalId, reply } = (value ?? {}) as { externalId?: unknown; reply?: unknown };
        const parsed = Reply.safeParse(reply);
        return typeof externalId === 'string' && parsed.success
          ? { ok: true, value: { externalId, reply: parsed.data } }
          : { ok: false, expected: 'an outbox entry {externalId, reply}' };
      }),
    );
  }

  async send(reply: Reply): Promise<{ externalId: string }> {
    const entry: OutboxEntry = { externalId: localExternalId(reply.replyId), reply: Reply.parse(reply) };
    if (this.file) await appendNdjson(this.file, [entry]);
    this.entries.push(entry);
    return { externalId: entry.externalId };
  }

  /** What was sent, oldest first. */
  sent(): readonly OutboxEntry[] {
    return [...this.entries];
  }
}
