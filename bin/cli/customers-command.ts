import { parseArgs } from 'node:util';
import { maxCustomersPerRequest } from '../../lambdas/use-cases/import-customers.ts';
import {
  batchSizeOf,
  bridgeTarget,
  csvRows,
  fileFormat,
  type ItemResult,
  type Line,
  ndjsonLines,
  printRejections,
  readText,
  sendInBatches,
} from './api-client.ts';
import { UsageError } from './usage-error.ts';

export const customersUsage = `bridge customers import FILE [--url URL] [--api-key KEY] [--format csv|ndjson] [--batch-size 100]
      Import a CRM export (CSV or NDJSON: customer id, name, email, phone, tier, and handles as
      columns x, twitter, facebook, instagram, messenger or a "handles" field like "x:@ana; instagram:ana.s")
      into a running bridge, linking each handle to its customer.`;

interface ImportedItem extends ItemResult {
  readonly customerId?: string;
  readonly linked?: number;
  readonly kept?: number;
}

/** The rows of the file as the API takes them: CSV rows become objects keyed by their columns. */
export const customerLines = (content: string, format: 'csv' | 'ndjson'): Line[] =>
  format === 'ndjson'
    ? ndjsonLines(content)
    : csvRows(content).map(({ where, row }) => ({ where, json: JSON.stringify(row) }));

/** What the import did, for people: customers, links, links kept, and each rejection with where it is. */
export const printImportSummary = (
  source: string,
  url: string,
  results: readonly { line: Line; result: ImportedItem }[],
): void => {
  const imported = results.filter(({ result }) => result.status === 'imported');
  const rejected = results.filter(({ result }) => result.status !== 'imported');
  const linked = imported.reduce((sum, { result }) => sum + (result.linked ?? 0), 0);
  const kept = imported.reduce((sum, { result }) => sum + (result.kept ?? 0), 0);
  console.log(`\n${source} → ${url}`);
  console.log(`  imported  ${imported.length} customer${imported.length === 1 ? '' : 's'}`);
  console.log(
    `  linked    ${linked} account${linked === 1 ? '' : 's'}${kept > 0 ? ` (${kept} left as an agent or the customer had linked them)` : ''}`,
  );
  console.log(`  rejected  ${rejected.length}`);
  printRejections(rejected);
};

const importCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      format: { type: 'string' },
      'batch-size': { type: 'string', default: '100' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('name the CRM export to import: bridge customers import FILE');
  if (extra.length > 0) throw new UsageError(`import takes one file, not also ${extra.join(' ')}`);
  const target = bridgeTarget(values);
  const batchSize = batchSizeOf(values['batch-size'], maxCustomersPerRequest);
  const format = fileFormat(file, values.format);
  const lines = customerLines(readText(file), format);
  const results = await sendInBatches<ImportedItem>(lines, { target, path: '/customers', batchSize });
  printImportSummary(file, target.url, results);
  return 0;
};

const subcommands: Record<string, (args: string[]) => Promise<number>> = { import: importCommand };

/** `bridge customers import FILE`: sends a CRM export to `POST /customers` in batches and summarises it. */
export const customersCommand = async (args: string[]): Promise<number> => {
  const [name, ...rest] = args;
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (!subcommand) {
    throw new UsageError(
      name === undefined
        ? `say what to do:\n  ${customersUsage}`
        : `unknown subcommand "${name}":\n  ${customersUsage}`,
    );
  }
  return subcommand(rest);
};
