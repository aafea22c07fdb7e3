import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';

/** What a line holds, or what it should have been (for the error: "not <expected>"). */
export type LineReading<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly expected: string };

/**
 * The values of the local runtime's NDJSON file, creating its directory when missing. A last line
 * without its newline is a write cut short by a crash: it is cut off so the next append starts on
 * a line of its own. Any other unreadable line is an error naming the file and line, rather than
 * a log silently missing entries.
 */
export const readNdjsonFile = <T>(file: string, read: (value: unknown) => LineReading<T>): T[] => {
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) return [];
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
      const reading = read(parsed);
      if (!reading.ok) throw new Error(`${file} line ${number} is not ${reading.expected}: fix or remove the line`);
      return reading.value;
    });
};

/** Appends values as lines in one write: a crash loses a whole call or none of it, never half a line. */
export const appendNdjson = (file: string, values: readonly unknown[]): Promise<void> =>
  appendFile(file, values.map((value) => `${JSON.stringify(value)}\n`).join(''), 'utf8');
