import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { parse as parseCsv } from 'csv-parse/sync';
import { maxIngestItems } from '../../lib/definitions.ts';
import { type ColumnMapping, defaultColumns, mentionFromRow } from '../../lambdas/domain/tabular-mention.ts';
import { UsageError } from './usage-error.ts';

interface ItemResult {
  readonly index: number;
  readonly status: 'accepted' | 'rejected';
  readonly mentionId?: string;
  readonly code?: string;
  readonly message?: string;
}

interface Line {
  /** Where the item stands in the file, for people: "line 12" or "row 12". */
  readonly where: string;
  readonly json: string;
}

/** `--map text=Message,handle=Author` → a column mapping; unknown field names are a usage error. */
const columnMapping = (map: string | undefined, textColumn: string | undefined): ColumnMapping => {
  const pairs = (map ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [field = '', column = ''] = pair.split('=').map((part) => part.trim());
      if (!(field in defaultColumns) || column === '') {
        throw new UsageError(
          `--map takes field=column pairs, with fields among ${Object.keys(defaultColumns).join(', ')}; "${pair}" is not one`,
        );
      }
      return [field, column] as const;
    });
  return { ...defaultColumns, ...Object.fromEntries(pairs), ...(textColumn ? { text: textColumn } : {}) };
};

const readLines = (file: string, format: string, columns: ColumnMapping, network: string): Line[] => {
  const content = readFileSync(file, 'utf8');
  if (format === 'ndjson') {
    return content
      .split(/\r?\n/)
      .map((json, index) => ({ where: `line ${index + 1}`, json }))
      .filter((line) => line.json.trim() !== '');
  }
  const rows: Record<string, string>[] = parseCsv(content, { columns: true, skip_empty_lines: true, bom: true });
  if (rows.length > 0 && !(columns.text in (rows[0] ?? {}))) {
    throw new UsageError(
      `${file} has no "${columns.text}" column; name the text column with --text-column or --map text=COLUMN`,
    );
  }
  const importedAt = new Date().toISOString();
  return rows.map((row, index) => ({
    where: `row ${index + 2}`,
    json: JSON.stringify(
      mentionFromRow(row, columns, {
        network,
        createdAt: importedAt,
        postIdFor: (values) => createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22),
      }),
    ),
  }));
};

const bar = (label: string, total: number): SingleBar => {
  const progress = new SingleBar({
    format: `${label.padEnd(9)} [{bar}] {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: false,
  });
  progress.start(total, 0);
  return progress;
};

const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/** `bridge ingest FILE`: sends the file in batches, then waits for and summarises the dispositions. */
export const ingestCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      format: { type: 'string' },
      'text-column': { type: 'string' },
      map: { type: 'string' },
      network: { type: 'string', default: 'import' },
      'batch-size': { type: 'string', default: '100' },
      wait: { type: 'string', default: '60' },
    },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('name the file to send: bridge ingest FILE');
  const url = (values.url ?? process.env.BRIDGE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const apiKey = values['api-key'] ?? process.env.BRIDGE_API_KEY ?? 'local-dev-key';
  const format = values.format ?? (['.csv', '.tsv'].includes(extname(file).toLowerCase()) ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be ndjson or csv, not "${format}"`);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxIngestItems) {
    throw new UsageError(`--batch-size must be 1..${maxIngestItems}`);
  }
  const waitSeconds = Number(values.wait);

  const lines = readLines(file, format, columnMapping(values.map, values['text-column']), values.network);
  const headers = { 'x-api-key': apiKey, 'content-type': 'application/x-ndjson' };
  const results: { line: Line; result: ItemResult }[] = [];
  const sending = bar('sending', lines.length);
  for (let start = 0; start < lines.length; start += batchSize) {
    const chunk = lines.slice(start, start + batchSize);
    const response = await fetch(`${url}/mentions`, {
      method: 'POST',
      headers,
      body: chunk.map((line) => line.json).join('\n'),
    }).catch((error: Error) => {
      sending.stop();
      throw new UsageError(`cannot reach the bridge at ${url} (${error.message}); is \`npm start\` running?`);
    });
    const reply = (await response.json()) as {
      items?: ItemResult[];
      details?: { items?: ItemResult[] };
      message?: string;
    };
    const items = reply.items ?? reply.details?.items;
    if (!items) {
      sending.stop();
      throw new UsageError(`the bridge refused the batch: HTTP ${response.status} ${reply.message ?? ''}`);
    }
    for (const item of items) {
      const line = chunk[item.index];
      if (line) results.push({ line, result: item });
    }
    sending.increment(chunk.length);
  }
  sending.stop();

  const accepted = results.filter(({ result }) => result.status === 'accepted');
  const rejected = results.filter(({ result }) => result.status === 'rejected');
  const ids = [...new Set(accepted.flatMap(({ result }) => (result.mentionId ? [result.mentionId] : [])))];
  const dispositions = new Map<string, string>();
  if (waitSeconds > 0 && ids.length > 0) {
    const deciding = bar('deciding', ids.length);
    const deadline = Date.now() + waitSeconds * 1000;
    let pending = ids;
    while (pending.length > 0 && Date.now() < deadline) {
      const still: string[] = [];
      for (let start = 0; start < pending.length; start += 16) {
        await Promise.all(
          pending.slice(start, start + 16).map(async (id) => {
            const response = await fetch(`${url}/mentions/${encodeURIComponent(id)}`, { headers });
            if (response.status !== 200) {
              await response.body?.cancel();
              still.push(id);
              return;
            }
            const record = (await response.json()) as { disposition: { kind: string } };
            dispositions.set(id, record.disposition.kind);
            deciding.increment();
          }),
        );
      }
      pending = still;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    deciding.stop();
  }

  console.log(`\n${file} → ${url}`);
  console.log(`  accepted  ${accepted.length}`);
  console.log(`  rejected  ${rejected.length}`);
  for (const [reason, group] of countBy(rejected, ({ result }) => `${result.code}: ${result.message}`)) {
    const where = group
      .slice(0, 5)
      .map(({ line }) => line.where)
      .join(', ');
    console.log(`    ${String(group.length).padStart(4)} × ${reason}  (${where}${group.length > 5 ? ', …' : ''})`);
  }
  if (waitSeconds > 0) {
    console.log('  dispositions');
    const kinds = countBy([...dispositions.values()], (kind) => kind);
    for (const [kind, group] of [...kinds].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`    ${kind.padEnd(14)} ${group.length}`);
    }
    const undecided = ids.length - dispositions.size;
    if (undecided > 0) console.log(`    ${'not yet'.padEnd(14)} ${undecided} (undecided after ${waitSeconds} s)`);
  }
  return 0;
};
