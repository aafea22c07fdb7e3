import { DomainError } from './errors.ts';

/** One item of a request body: its parsed value, or why its text is not JSON. */
export type BatchValue =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

export interface JsonBatch {
  /** `single` for one JSON object; `batch` for NDJSON or a JSON array. */
  readonly mode: 'single' | 'batch';
  readonly values: readonly BatchValue[];
}

export interface JsonBatchLimits {
  /** What one item is, for messages: "mention", "customer record". */
  readonly noun: string;
  readonly maxBytes: number;
  readonly maxItems: number;
}

const ndjsonTypes = new Set([
  'application/x-ndjson',
  'application/jsonl',
  'application/json-seq',
  'application/ndjson',
]);

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';

const parseLine = (line: string): BatchValue => {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
};

const nonEmptyLines = (body: string): string[] => body.split(/\r?\n/).filter((line) => line.trim() !== '');

/**
 * Reads a request body that carries one item (a JSON object), or many (a JSON array, or NDJSON:
 * one JSON value per line). A line of NDJSON that is not JSON is reported as that item's
 * problem, not the whole request's. Throws PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
 * INVALID_JSON or VALIDATION_FAILED (empty body) for a body that cannot be read at all.
 */
export const parseJsonBatch = (body: string, contentType: string | undefined, limits: JsonBatchLimits): JsonBatch => {
  const size = new TextEncoder().encode(body).byteLength;
  if (size > limits.maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `the body is ${size} bytes; the limit is ${limits.maxBytes}`, {
      details: { size, limit: limits.maxBytes },
    });
  }
  if (body.trim() === '') {
    throw new DomainError('VALIDATION_FAILED', `the request body is empty: send a ${limits.noun} as JSON`, {
      details: { issues: [{ path: '(root)', message: 'empty body' }] },
    });
  }
  const batch = parseBody(body, contentType, limits.noun);
  if (batch.values.length > limits.maxItems) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `the batch holds ${batch.values.length} ${limits.noun}s; the limit is ${limits.maxItems} per request`,
      { details: { count: batch.values.length, limit: limits.maxItems } },
    );
  }
  return batch;
};

const parseBody = (body: string, contentType: string | undefined, noun: string): JsonBatch => {
  const type = mediaType(contentType);
  if (ndjsonTypes.has(type)) return { mode: 'batch', values: nonEmptyLines(body).map(parseLine) };
  if (type !== 'application/json') {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `content-type ${type} is not accepted: send application/json (one ${noun} or an array) or application/x-ndjson (one ${noun} per line)`,
      { details: { contentType: type } },
    );
  }
  const whole = parseLine(body);
  if (whole.ok) {
    return Array.isArray(whole.value)
      ? { mode: 'batch', values: whole.value.map((value) => ({ ok: true, value })) }
      : { mode: 'single', values: [whole] };
  }
  // Tools often post NDJSON labelled as JSON; several lines of which the first parses are a batch.
  const lines = nonEmptyLines(body);
  if (lines.length > 1 && parseLine(lines[0] ?? '').ok) return { mode: 'batch', values: lines.map(parseLine) };
  throw new DomainError('INVALID_JSON', `the request body is ${whole.message}`, { details: {} });
};
