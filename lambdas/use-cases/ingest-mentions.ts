import { maxIngestBodyBytes, maxIngestItems } from '../../lib/definitions.ts';
import { DomainError, type FieldIssue } from '../domain/errors.ts';
import { parseJsonBatch } from '../domain/json-batch.ts';
import { type Mention, MentionInput, normaliseMention } from '../domain/mention.ts';
import { toFieldIssues } from '../domain/validation.ts';
import type { Clock } from '../ports/clock.ts';
import type { MentionQueue } from '../ports/mention-queue.ts';

export interface IngestPorts {
  readonly queue: MentionQueue;
  readonly clock: Clock;
}

export interface IngestRequest {
  readonly body: string;
  readonly contentType: string | undefined;
}

export type IngestItemResult =
  | { readonly index: number; readonly status: 'accepted'; readonly mentionId: string }
  | {
      readonly index: number;
      readonly status: 'rejected';
      readonly code: 'VALIDATION_FAILED' | 'INVALID_JSON' | 'DEPENDENCY_UNAVAILABLE';
      readonly message: string;
      readonly details: { readonly issues: readonly FieldIssue[] };
    };

export interface IngestResult {
  /** `single` for one JSON object; `batch` for NDJSON or a JSON array. */
  readonly mode: 'single' | 'batch';
  readonly accepted: number;
  readonly rejected: number;
  readonly items: readonly IngestItemResult[];
}

/**
 * Validates, normalises and enqueues one mention or a batch. A single invalid mention throws
 * VALIDATION_FAILED; in a batch each item is judged alone and the result says which were taken.
 * Nothing is enqueued for an item that was rejected, and every accepted item was enqueued.
 */
export const ingestMentions = async (request: IngestRequest, ports: IngestPorts): Promise<IngestResult> => {
  const parsed = parseJsonBatch(request.body, request.contentType, {
    noun: 'mention',
    maxBytes: maxIngestBodyBytes,
    maxItems: maxIngestItems,
  });

  const receivedAt = ports.clock.now().toISOString();
  const results: IngestItemResult[] = [];
  const valid: { index: number; mention: Mention }[] = [];
  parsed.values.forEach((value, index) => {
    if (!value.ok) {
      results[index] = {
        index,
        status: 'rejected',
        code: 'INVALID_JSON',
        message: `item ${index} is ${value.message}`,
        details: { issues: [{ path: '(root)', message: value.message }] },
      };
      return;
    }
    const checked = MentionInput.safeParse(value.value);
    if (checked.success) {
      valid.push({ index, mention: normaliseMention(checked.data, receivedAt) });
      return;
    }
    const issues = toFieldIssues(checked.error);
    const first = issues[0];
    results[index] = {
      index,
      status: 'rejected',
      code: 'VALIDATION_FAILED',
      message: first ? `${first.path || '(root)'}: ${first.message}` : 'invalid mention',
      details: { issues },
    };
  });

  if (parsed.mode === 'single' && results[0]?.status === 'rejected') {
    const rejected = results[0];
    throw new DomainError('VALIDATION_FAILED', `the mention is invalid: ${rejected.message}`, {
      details: rejected.details,
    });
  }

  const { failed } = valid.length > 0 ? await ports.queue.enqueue(valid.map((item) => item.mention)) : { failed: [] };
  const failedReasons = new Map(failed.map((failure) => [failure.mentionId, failure.reason]));
  if (parsed.mode === 'single' && failedReasons.size > 0) {
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'the mention could not be queued; send it again', {
      retryable: true,
      details: { reason: [...failedReasons.values()][0] },
    });
  }
  for (const { index, mention } of valid) {
    const reason = failedReasons.get(mention.mentionId);
    results[index] =
      reason === undefined
        ? { index, status: 'accepted', mentionId: mention.mentionId }
        : {
            index,
            status: 'rejected',
            code: 'DEPENDENCY_UNAVAILABLE',
            message: `could not be queued (${reason}); send it again`,
            details: { issues: [] },
          };
  }

  const accepted = results.filter((item) => item.status === 'accepted').length;
  return { mode: parsed.mode, accepted, rejected: results.length - accepted, items: results };
};
