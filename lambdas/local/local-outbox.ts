import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { Reply } from '../domain/reply.ts';
import type { ReplySender } from '../ports/reply-sender.ts';

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
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) this.entries.push(...readOutbox(file));
  }

  async send(reply: Reply): Promise<{ externalId: string }> {
    const entry: OutboxEntry = { externalId: localExternalId(reply.replyId), reply: Reply.parse(reply) };
    if (this.file) await appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
    this.entries.push(entry);
    return { externalId: entry.externalId };
  }

  /** What was sent, oldest first. */
  sent(): readonly OutboxEntry[] {
    return [...this.entries];
  }
}

/**
 * The entries of an existing outbox. A last line without its newline is a write cut short by a
 * crash: it is cut off so the next append starts on a line of its own. Any other unreadable line is
 * an error naming the file and line.
 */
const readOutbox = (file: string): OutboxEntry[] => {
  const text = readFileSync(file, 'utf8');
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) truncateSync(file, Buffer.byteLength(complete, 'utf8'));
  return complete
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      let parsed: { externalId?: unknown; reply?: unknown };
      try {
        parsed = JSON.parse(line) as { externalId?: unknown; reply?: unknown };
      } catch (error) {
        throw new Error(`${file} line ${number} is not JSON (${(error as Error).message}): fix or remove the line`);
      }
      const reply = Reply.safeParse(parsed.reply);
      if (typeof parsed.externalId !== 'string' || !reply.success) {
        throw new Error(`${file} line ${number} is not an outbox entry {externalId, reply}: fix or remove the line`);
      }
      return { externalId: parsed.externalId, reply: reply.data };
    });
};
