import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { shippedModel } from '../../lambdas/adapters/engine-classifier.ts';
import { classifyWithEngine } from '../../lambdas/domain/classification-engine.ts';
import { loadModel } from '../../lambdas/domain/model/linear-model.ts';
import { UsageError } from './usage-error.ts';

const readInput = (file: string | undefined): string => readFileSync(file ?? 0, 'utf8');

/** One record to classify: the text, and what the engine can use besides (post time, language tag, author). */
const recordsOf = (content: string, format: string, textColumn: string): Record<string, unknown>[] => {
  if (format === 'csv') {
    const rows: Record<string, string>[] = parseCsv(content, { columns: true, skip_empty_lines: true, bom: true });
    if (rows.length > 0 && !(textColumn in (rows[0] ?? {})))
      throw new UsageError(`the CSV has no "${textColumn}" column; name it with --text-column`);
    return rows;
  }
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UsageError(`line ${index + 1} is not JSON`);
      }
    });
};

const stringOr = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value !== '' ? value : fallback;

/**
 * `bridge classify [FILE] [--format ndjson|csv] [--text-column text] [--model FILE]`: reads mentions
 * (NDJSON, e.g. the generic format, or CSV) from a file or stdin and writes NDJSON: each input with
 * every field of its classification.
 */
export const classifyCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'text-column': { type: 'string', default: 'text' },
      model: { type: 'string' },
    },
  });
  const [file] = positionals;
  const format = values.format ?? (file?.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be ndjson or csv, not "${format}"`);
  const model = values.model ? loadModel(JSON.parse(readFileSync(values.model, 'utf8'))) : shippedModel();
  const now = new Date().toISOString();
  const textColumn = values['text-column'];
  for (const record of recordsOf(readInput(file), format, textColumn)) {
    const author = (record.author ?? {}) as Record<string, unknown>;
    const classification = classifyWithEngine(
      {
        text: stringOr(record[textColumn], ''),
        direct: record.direct === true || record.direct === 'true',
        createdAt: stringOr(record.createdAt, now),
        author: {
          id: stringOr(author.id, 'unknown'),
          handle: stringOr(author.handle, 'unknown'),
          verified: author.verified === true,
          ...(typeof author.followers === 'number' ? { followers: author.followers } : {}),
        },
        ...(typeof record.language === 'string' ? { language: record.language } : {}),
      },
      model,
    );
    process.stdout.write(`${JSON.stringify({ ...record, classification })}\n`);
  }
  return 0;
};
