import { maxIngestBodyBytes, maxIngestItems } from '../../lib/definitions.ts';
import { type CrmRecord, crmRecordFrom } from '../domain/crm-record.ts';
import { DomainError, type FieldIssue, isDomainError } from '../domain/errors.ts';
import { defaultConfidence, type IdentityLink } from '../domain/identity.ts';
import { parseJsonBatch } from '../domain/json-batch.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';

export interface ImportCustomersPorts {
  readonly directory: IdentityDirectory;
  readonly clock: Clock;
}

/** Most CRM records one request may carry; the CLI sends larger files in batches of at most this. */
export const maxCustomersPerRequest = maxIngestItems;

/** Who a link made by an import names as its maker. */
export const importActor = 'import';

/** Records imported at once: enough to keep a batch of 500 well inside the function's time-out. */
const concurrency = 8;

export interface ImportRequest {
  readonly body: string;
  readonly contentType: string | undefined;
}

export type ImportItemResult =
  | {
      readonly index: number;
      readonly status: 'imported';
      readonly customerId: string;
      /** Accounts linked to the customer by this record. */
      readonly linked: number;
      /** Accounts left as an agent or the customer had linked them, which an import does not override. */
      readonly kept: number;
    }
  | {
      readonly index: number;
      readonly status: 'rejected';
      readonly code: 'VALIDATION_FAILED' | 'INVALID_JSON' | 'DEPENDENCY_UNAVAILABLE';
      readonly message: string;
      readonly details: { readonly issues: readonly FieldIssue[] };
    };

export interface ImportResult {
  /** `single` for one JSON object; `batch` for NDJSON or a JSON array. */
  readonly mode: 'single' | 'batch';
  readonly imported: number;
  readonly rejected: number;
  readonly linked: number;
  readonly kept: number;
  readonly items: readonly ImportItemResult[];
}

/** Runs `work` on every item, at most `limit` at a time, keeping the results in item order. */
const inPool = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/**
 * Stores the customer, then links each account unless an agent or a self-link already linked it
 * (the CRM's word is the weakest: a nightly re-import must not undo a correction).
 */
const importRecord = async (
  record: CrmRecord,
  ports: ImportCustomersPorts,
  linkedAt: string,
): Promise<{ linked: number; kept: number }> => {
  await ports.directory.putCustomer(record.customer);
  let linked = 0;
  let kept = 0;
  for (const account of record.accounts) {
    const existing = await ports.directory.findLink(account);
    if (existing && existing.source !== 'crm-import') {
      kept += 1;
      continue;
    }
    const link: IdentityLink = {
      ...account,
      customerId: record.customer.customerId,
      source: 'crm-import',
      confidence: defaultConfidence['crm-import'],
      linkedAt,
      linkedBy: importActor,
    };
    await ports.directory.link(link);
    linked += 1;
  }
  return { linked, kept };
};

/**
 * Imports CRM records: one (a JSON object) or a batch (a JSON array or NDJSON). Each record
 * creates or replaces its customer and links the accounts it names (source `crm-import`). A
 * single bad record throws VALIDATION_FAILED; in a batch each record is judged alone and the
 * result says which were imported. Cases are not touched: an import only says who is who, and
 * the next contact of a linked account joins the customer's case (an agent or self-link moves
 * open cases at once; see link-identity).
 */
export const importCustomers = async (request: ImportRequest, ports: ImportCustomersPorts): Promise<ImportResult> => {
  const batch = parseJsonBatch(request.body, request.contentType, {
    noun: 'customer record',
    maxBytes: maxIngestBodyBytes,
    maxItems: maxCustomersPerRequest,
  });
  const at = ports.clock.now().toISOString();

  const items = await inPool(
    batch.values.map((value, index) => ({ value, index })),
    concurrency,
    async ({ value, index }): Promise<ImportItemResult> => {
      if (!value.ok) {
        return {
          index,
          status: 'rejected',
          code: 'INVALID_JSON',
          message: `item ${index} is ${value.message}`,
          details: { issues: [{ path: '(root)', message: value.message }] },
        };
      }
      const read = crmRecordFrom(value.value, at);
      if (!read.ok) {
        const [first] = read.issues;
        return {
          index,
          status: 'rejected',
          code: 'VALIDATION_FAILED',
          message: first ? `${first.path}: ${first.message}` : 'invalid customer record',
          details: { issues: read.issues },
        };
      }
      try {
        const outcome = await importRecord(read.record, ports, at);
        return { index, status: 'imported', customerId: read.record.customer.customerId, ...outcome };
      } catch (error) {
        if (batch.mode === 'single' || !isDomainError(error) || !error.retryable) throw error;
        return {
          index,
          status: 'rejected',
          code: 'DEPENDENCY_UNAVAILABLE',
          message: `could not be stored (${error.message}); send it again`,
          details: { issues: [] },
        };
      }
    },
  );

  const [only] = items;
  if (batch.mode === 'single' && only?.status === 'rejected') {
    throw new DomainError('VALIDATION_FAILED', `the customer record is invalid: ${only.message}`, {
      details: only.details,
    });
  }
  const imported = items.flatMap((item) => (item.status === 'imported' ? [item] : []));
  return {
    mode: batch.mode,
    imported: imported.length,
    rejected: items.length - imported.length,
    linked: imported.reduce((sum, item) => sum + item.linked, 0),
    kept: imported.reduce((sum, item) => sum + item.kept, 0),
    items,
  };
};
