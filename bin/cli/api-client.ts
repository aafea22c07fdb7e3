/**
 * What the commands that send files to a running bridge share: where the bridge is, how a file
 * is read into items, batches posted with a progress bar, and the per-item results gathered.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SingleBar } from 'cli-progress';
import { parse as parseCsv } from 'csv-parse/sync';
import { UsageError } from './usage-error.ts';

export interface BridgeTarget {
  /** Without a trailing slash. */
  readonly url: string;
  readonly apiKey: string;
}

/** `--url` and `--api-key`, else BRIDGE_URL and BRIDGE_API_KEY, else the local runtime's defaults. */
export const bridgeTarget = (values: { url?: string | undefined; 'api-key'?: string | undefined }): BridgeTarget => ({
  url: (values.url ?? process.env.BRIDGE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
  apiKey: values['api-key'] ?? process.env.BRIDGE_API_KEY ?? 'local-dev-key',
});

export type FileFormat = 'csv' | 'ndjson';

/** `--format`, else the file's extension (.csv and .tsv are CSV, anything else NDJSON). */
export const fileFormat = (file: string, format: string | undefined): FileFormat => {
  const chosen = format ?? (['.csv', '.tsv'].includes(extname(file).toLowerCase()) ? 'csv' : 'ndjson');
  if (chosen !== 'csv' && chosen !== 'ndjson') throw new UsageError(`--format must be ndjson or csv, not "${chosen}"`);
  return chosen;
};

/** `--batch-size`, checked against what one request of the API may carry. */
export const batchSizeOf = (value: string | undefined, max: number): number => {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > max) throw new UsageError(`--batch-size must be 1..${max}`);
  return size;
};

/** One item of a file, ready to send. */
export interface Line {
  /** Where the item stands in the file, for people: "line 12" or "row 12". */
  readonly where: string;
  readonly json: string;
}

export const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
};

/** The non-blank lines of an NDJSON text, each sent as it is (the bridge reports bad JSON per line). */
export const ndjsonLines = (content: string): Line[] =>
  content
    .split(/\r?\n/)
    .map((json, index) => ({ where: `line ${index + 1}`, json }))
    .filter((line) => line.json.trim() !== '');

/** The rows of a CSV text with a header row, as objects keyed by column; row numbers count the header. */
export const csvRows = (content: string): { where: string; row: Record<string, string> }[] =>
  (parseCsv(content, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]).map(
    (row, index) => ({ where: `row ${index + 2}`, row }),
  );

export const progressBar = (label: string, total: number): SingleBar => {
  const progress = new SingleBar({
    format: `${label.padEnd(9)} [{bar}] {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: false,
  });
  progress.start(total, 0);
  return progress;
};

export const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** What a batch route answers for each item; other fields depend on the route. */
export interface ItemResult {
  readonly index: number;
  readonly status: string;
  readonly code?: string;
  readonly message?: string;
}

/**
 * Posts the lines to `path` as NDJSON, `batchSize` at a time, and pairs each line with the
 * result the bridge gave it. A batch the bridge refuses whole (not a per-item answer) stops the
 * command with the bridge's message.
 */
export const sendInBatches = async <R extends ItemResult>(
  lines: readonly Line[],
  options: { readonly target: BridgeTarget; readonly path: string; readonly batchSize: number },
): Promise<{ line: Line; result: R }[]> => {
  const { target, path, batchSize } = options;
  const results: { line: Line; result: R }[] = [];
  const sending = progressBar('sending', lines.length);
  try {
    for (let start = 0; start < lines.length; start += batchSize) {
      const chunk = lines.slice(start, start + batchSize);
      const response = await fetch(`${target.url}${path}`, {
        method: 'POST',
        headers: { 'x-api-key': target.apiKey, 'content-type': 'application/x-ndjson' },
        body: chunk.map((line) => line.json).join('\n'),
      }).catch((error: Error) => {
        throw new UsageError(`cannot reach the bridge at ${target.url} (${error.message}); is \`npm start\` running?`);
      });
      const reply = (await response.json().catch(() => ({}))) as {
        items?: R[];
        details?: { items?: R[] };
        message?: string;
      };
      const items = reply.items ?? reply.details?.items;
      if (!items) throw new UsageError(`the bridge refused the batch: HTTP ${response.status} ${reply.message ?? ''}`);
      for (const item of items) {
        const line = chunk[item.index];
        if (line) results.push({ line, result: item });
      }
      sending.increment(chunk.length);
    }
  } finally {
    sending.stop();
  }
  return results;
};

/** Prints rejected items grouped by code and message, with where the first few stand in the file. */
export const printRejections = (rejected: readonly { line: Line; result: ItemResult }[]): void => {
  for (const [reason, group] of countBy(rejected, ({ result }) => `${result.code}: ${result.message}`)) {
    const where = group
      .slice(0, 5)
      .map(({ line }) => line.where)
      .join(', ');
    console.log(`    ${String(group.length).padStart(4)} × ${reason}  (${where}${group.length > 5 ? ', …' : ''})`);
  }
};
