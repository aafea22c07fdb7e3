import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Intent, Topic } from '../domain/classification.ts';
import { SentimentLabel, type TrainingExample } from '../domain/model/heads.ts';

/**
 * A brand's own labelled history (for example triage decisions exported from the console) as
 * training examples: CSV with a header, or NDJSON (one JSON object a line), with a `text` column
 * and an `intent` column, optionally `topic` and `sentiment`. Labels are matched case-insensitively;
 * an empty cell means "no label for that head"; any other value outside the taxonomy is an error
 * that names the row.
 */

export class LabelledFileError extends Error {}

type Row = Record<string, unknown>;

const readRows = (file: string): { rows: Row[]; where: (i: number) => string } => {
  if (!existsSync(file)) throw new LabelledFileError(`${file} does not exist`);
  const content = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') {
    const lines = content.split(/\r?\n/);
    const rows: Row[] = [];
    const lineOf: number[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        rows.push(JSON.parse(line) as Row);
        lineOf.push(i + 1);
      } catch {
        throw new LabelledFileError(`${file} line ${i + 1} is not JSON`);
      }
    });
    return { rows, where: (i) => `line ${lineOf[i] ?? '?'}` };
  }
  if (ext !== '.csv') throw new LabelledFileError(`${file}: use a .csv, .ndjson or .jsonl file`);
  const rows = parseCsv(content, { columns: true, skip_empty_lines: true, bom: true }) as Row[];
  return { rows, where: (i) => `row ${i + 2}` };
};

const label = <T extends string>(
  value: unknown,
  allowed: readonly T[],
  column: string,
  where: string,
  file: string,
): T | undefined => {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value == null ? '' : String(value);
  if (text === '') return undefined;
  const found = allowed.find((option) => option === text);
  if (!found) {
    throw new LabelledFileError(`${file} ${where}: ${column} "${String(value)}" is not one of ${allowed.join(', ')}`);
  }
  return found;
};

export const readLabelledFile = (file: string): TrainingExample[] => {
  const { rows, where } = readRows(file);
  if (rows.length === 0) throw new LabelledFileError(`${file} has no rows`);
  const first = rows[0] ?? {};
  if (!('text' in first) || !('intent' in first)) {
    throw new LabelledFileError(`${file} needs a "text" and an "intent" column (optional: "topic", "sentiment")`);
  }
  const source = `data:${basename(file)}`;
  return rows.flatMap((row, i): TrainingExample[] => {
    const text = typeof row.text === 'string' ? row.text : '';
    if (text.trim() === '') return [];
    const at = where(i);
    const intent = label(row.intent, Intent.options, 'intent', at, file);
    const topic = label(row.topic, Topic.options, 'topic', at, file);
    const sentiment = label(row.sentiment, SentimentLabel.options, 'sentiment', at, file);
    if (!intent && !topic && !sentiment) return [];
    return [
      { text, ...(intent ? { intent } : {}), ...(topic ? { topic } : {}), ...(sentiment ? { sentiment } : {}), source },
    ];
  });
};
