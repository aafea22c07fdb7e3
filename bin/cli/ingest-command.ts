import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { maxIngestItems } from '../../lib/definitions.ts';
import { type ColumnMapping, defaultColumns, mentionFromRow } from '../../lambdas/domain/tabular-mention.ts';
import {
  batchSizeOf,
  bridgeTarget,
  countBy,
  csvRows,
  fileFormat,
  type ItemResult,
  type Line,
  ndjsonLines,
  printRejections,
  progressBar,
  readText,
  sendInBatches,
} from './api-client.ts';
import { UsageError } from './usage-error.ts';

interface MentionResult extends ItemResult {
  readonly mentionId?: string;
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
  const content = readText(file);
  if (format === 'ndjson') return ndjsonLines(content);
  const rows = csvRows(content);
  if (rows.length > 0 && !(columns.text in (rows[0]?.row ?? {}))) {
    throw new UsageError(
      `${file} has no "${columns.text}" column; name the text column with --text-column or --map text=COLUMN`,
    );
  }
  const importedAt = new Date().toISOString();
  return rows.map(({ where, row }) => ({
    where,
    json: JSON.stringify(
      mentionFromRow(row, columns, {
        network,
        createdAt: importedAt,
        postIdFor: (values) => createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22),
      }),
    ),
  }));
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
  const target = bridgeTarget(values);
  const { url } = target;
  const format = fileFormat(file, values.format);
  const batchSize = batchSizeOf(values['batch-size'], maxIngestItems);
  const waitSeconds = Number(values.wait);

  const lines = readLines(file, format, columnMapping(values.map, values['text-column']), values.network);
  const headers = { 'x-api-key': target.apiKey };
  const results = await sendInBatches<MentionResult>(lines, { target, path: '/mentions', batchSize });

  const accepted = results.filter(({ result }) => result.status === 'accepted');
  const rejected = results.filter(({ result }) => result.status === 'rejected');
  const ids = [...new Set(accepted.flatMap(({ result }) => (result.mentionId ? [result.mentionId] : [])))];
  const dispositions = new Map<string, string>();
  if (waitSeconds > 0 && ids.length > 0) {
    const deciding = progressBar('deciding', ids.length);
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
  printRejections(rejected);
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
