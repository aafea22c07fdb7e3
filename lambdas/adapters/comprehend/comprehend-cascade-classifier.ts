/**
 * An optional Amazon Comprehend cascade behind the Classifier port: the local model decides
 * first, and only the mentions it is unsure about are sent to Comprehend, under a daily call
 * budget. Comprehend never decides alone and never stops a mention from being decided: whatever
 * goes wrong (budget spent, throttling, an outage, a refused document), the local result stands.
 *
 * For the mentions whose local confidence is inside the ambiguous band:
 * 1. BatchDetectDominantLanguage, 25 documents a request;
 * 2. BatchDetectSentiment, grouped by language, for the languages it supports;
 * 3. DetectPiiEntities, one request a document, for English and Spanish;
 * 4. ClassifyDocument against a custom classifier endpoint, one request a document, when one is
 *    configured, for the languages custom classification supports;
 * then each mention's findings are merged into its local classification (see ./merge.ts).
 *
 * Every text is cut to the operation's byte limit on a character boundary (see ./limits.ts and
 * ./utf8.ts). Only DetectPiiEntities sees the mention's raw text; the other operations get the
 * local classifier's PII-redacted text when it has one.
 */
import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageCommandOutput,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandOutput,
  ClassifyDocumentCommand,
  ComprehendClient,
  type ComprehendClientConfig,
  DetectPiiEntitiesCommand,
  type DocumentClass,
  type DominantLanguage,
  type LanguageCode,
  type PiiEntity,
  type SentimentScore,
  type SentimentType,
} from '@aws-sdk/client-comprehend';
import type { Classification } from '../../domain/classification.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Mention } from '../../domain/mention.ts';
import { type CallBudget, utcDay } from '../../ports/call-budget.ts';
import type { Classifier } from '../../ports/classifier.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../system-clock.ts';
import { batchItemFailureKind, type FallbackReason, failureKind } from './failures.ts';
import {
  charactersPerUnit,
  customClassificationLanguages,
  maxClassifyDocumentBytes,
  maxDocumentsPerBatch,
  maxDominantLanguageBytes,
  maxPiiBytes,
  maxSentimentBytes,
  minimumUnitsPerRequest,
  piiLanguages,
  sentimentLanguages,
  usdPerUnit,
} from './limits.ts';
import { type ComprehendStage, comprehendModelSuffix, type MergeOptions, mergeFindings } from './merge.ts';
import { truncateUtf8, wellFormed } from './utf8.ts';

export type { FallbackReason } from './failures.ts';
export type { ComprehendStage } from './merge.ts';

/** Local confidences from `low` to `high` (both included) are ambiguous and go to Comprehend. */
export interface ConfidenceBand {
  readonly low: number;
  readonly high: number;
}

/** Where the cascade reports failed requests; Powertools' Logger fits. */
export interface CascadeLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface ComprehendCascadeOptions {
  /** The local classifier: always asked first, and its result stands whenever Comprehend cannot help. */
  readonly local: Classifier;
  readonly client: ComprehendClient;
  /**
   * The daily cap. One call is one document sent to one operation, as Comprehend bills them (a
   * batch of 25 documents is 25 calls). Calls are taken before a request is sent and never given
   * back, so a failed request still counts.
   */
  readonly budget: CallBudget;
  /** Tells the budget's UTC day. */
  readonly clock: Clock;
  readonly band: ConfidenceBand;
  /** A custom classifier endpoint whose classes are named after intents (`complaint`, `request`, …). */
  readonly customClassifierEndpointArn?: string;
  /** Languages the custom classifier was trained for; default the six custom classification supports. */
  readonly customClassifierLanguages?: readonly string[];
  /** Lowest custom-classifier score that overrides the local intent; default 0.7. */
  readonly customMinScore?: number;
  /** Languages the local classifier is built for, for `language.supported`; default `['en']`. */
  readonly supportedLanguages?: readonly string[];
  /** Lowest Comprehend score of a PII entity that is taken; default 0.5. */
  readonly piiMinScore?: number;
  /** Single-document requests (DetectPiiEntities, ClassifyDocument) in flight at once; default 4. */
  readonly concurrency?: number;
  /**
   * Called once for each mention that was due for Comprehend but kept (part of) its local result,
   * with the first reason; for a metric.
   */
  readonly onFallback?: (reason: FallbackReason, mentionId: string) => void;
  readonly logger?: CascadeLogger;
}

/** The ambiguous band used when none is given. */
export const defaultAmbiguousBand: ConfidenceBand = { low: 0.45, high: 0.75 };

interface Doc {
  readonly slot: number;
  readonly mention: Mention;
  readonly local: Classification;
  /** What the operations other than DetectPiiEntities are sent (before the byte cut). */
  readonly text: string;
  language?: { code: string; score: number };
  sentiment?: { label: SentimentType; scores: SentimentScore };
  pii?: PiiEntity[];
  custom?: { name: string; score: number };
  /** The language step failed: the local result stands as it is. */
  abandoned?: FallbackReason;
  readonly missed: { stage: ComprehendStage; reason: FallbackReason }[];
}

/** The state of one `classify` call. */
interface Run {
  readonly day: string;
  /** Set once the budget is spent (or cannot be read): no more requests at all. */
  stopped?: FallbackReason;
  /** Operations that were throttled or unavailable: not asked again in this run. */
  readonly halted: Map<ComprehendStage, FallbackReason>;
}

const operationOf: Readonly<Record<ComprehendStage, string>> = {
  language: 'BatchDetectDominantLanguage',
  sentiment: 'BatchDetectSentiment',
  pii: 'DetectPiiEntities',
  'custom-classifier': 'ClassifyDocument',
};

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
};

async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Pairs each answer of a batch call (results, then per-document errors) with its document by
 * `Index`, and returns the documents the response said nothing about.
 */
const settleBatch = <R extends { Index?: number }, E extends { Index?: number }>(
  chunk: readonly Doc[],
  results: readonly R[] | undefined,
  errors: readonly E[] | undefined,
  onResult: (doc: Doc, item: R) => void,
  onError: (doc: Doc, item: E) => void,
): Doc[] => {
  const answered = new Set<number>();
  const settle = <T extends { Index?: number }>(
    items: readonly T[] | undefined,
    handle: (doc: Doc, item: T) => void,
  ) => {
    for (const item of items ?? []) {
      const doc = item.Index === undefined ? undefined : chunk[item.Index];
      if (doc === undefined || item.Index === undefined) continue;
      answered.add(item.Index);
      handle(doc, item);
    }
  };
  settle(results, onResult);
  settle(errors, onError);
  return chunk.filter((_doc, index) => !answered.has(index));
};

/**
 * The code to send an operation for a detected language, spelled as the operation lists it: the
 * same code, or its primary subtag (`en-GB` → `en`); never a guess between Chinese scripts.
 */
export function apiLanguage(code: string, accepted: readonly string[]): string | undefined {
  const lower = code.toLowerCase();
  const exact = accepted.find((candidate) => candidate.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const base = lower.split('-')[0] ?? lower;
  if (base === 'zh') return undefined;
  return accepted.find((candidate) => candidate.toLowerCase() === base);
}

const topLanguage = (
  languages: readonly DominantLanguage[] | undefined,
): { code: string; score: number } | undefined => {
  let top: { code: string; score: number } | undefined;
  for (const { LanguageCode: code, Score: score } of languages ?? []) {
    if (code === undefined || code === '') continue;
    if (top === undefined || (score ?? 0) > top.score) top = { code, score: score ?? 0 };
  }
  return top;
};

const topClass = (classes: readonly DocumentClass[] | undefined): { name: string; score: number } | undefined => {
  let top: { name: string; score: number } | undefined;
  for (const { Name: name, Score: score } of classes ?? []) {
    if (name === undefined || name === '') continue;
    if (top === undefined || (score ?? 0) > top.score) top = { name, score: score ?? 0 };
  }
  return top;
};

const describeError = (error: unknown): Record<string, unknown> => ({
  error: (error as { name?: unknown })?.name ?? 'unknown',
  message: (error as { message?: unknown })?.message ?? String(error),
});

export class ComprehendCascadeClassifier implements Classifier {
  readonly modelVersion: string;
  private readonly local: Classifier;
  private readonly client: ComprehendClient;
  private readonly budget: CallBudget;
  private readonly clock: Clock;
  private readonly band: ConfidenceBand;
  private readonly endpointArn: string | undefined;
  private readonly customLanguages: readonly string[];
  private readonly concurrency: number;
  private readonly merge: MergeOptions;
  private readonly onFallback: ((reason: FallbackReason, mentionId: string) => void) | undefined;
  private readonly logger: CascadeLogger | undefined;

  constructor(options: ComprehendCascadeOptions) {
    const { band } = options;
    if (!(band.low >= 0 && band.low <= band.high && band.high <= 1)) {
      throw new RangeError(`the ambiguous band must have 0 ≤ low ≤ high ≤ 1, got ${band.low}–${band.high}`);
    }
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number from 1, got ${concurrency}`);
    }
    this.local = options.local;
    this.client = options.client;
    this.budget = options.budget;
    this.clock = options.clock;
    this.band = band;
    this.endpointArn = options.customClassifierEndpointArn || undefined;
    this.customLanguages = options.customClassifierLanguages ?? customClassificationLanguages;
    this.concurrency = concurrency;
    this.merge = {
      supportedLanguages: new Set(options.supportedLanguages ?? ['en']),
      customMinScore: options.customMinScore ?? 0.7,
      piiMinScore: options.piiMinScore ?? 0.5,
    };
    this.onFallback = options.onFallback;
    this.logger = options.logger;
    this.modelVersion = `${this.local.modelVersion}${comprehendModelSuffix}`;
  }

  async classify(mentions: readonly Mention[]): Promise<Classification[]> {
    const locals = await this.local.classify(mentions);
    if (locals.length !== mentions.length) {
      throw new DomainError(
        'INTERNAL',
        `the local classifier returned ${locals.length} classifications for ${mentions.length} mentions`,
      );
    }
    const docs: Doc[] = [];
    mentions.forEach((mention, slot) => {
      const local = locals[slot];
      if (local !== undefined && this.isDue(mention, local)) {
        docs.push({ slot, mention, local, text: wellFormed(local.pii?.redactedText ?? mention.text), missed: [] });
      }
    });
    if (docs.length === 0) return locals;

    const run: Run = { day: utcDay(this.clock.now()), halted: new Map() };
    await this.detectLanguages(docs, run);
    const known = docs.filter((doc) => doc.abandoned === undefined && doc.language !== undefined);
    await this.detectSentiment(known, run);
    await this.detectPii(known, run);
    if (this.endpointArn !== undefined) await this.classifyCustom(known, run, this.endpointArn);

    const results = [...locals];
    for (const doc of docs) {
      if (doc.abandoned === undefined && doc.language !== undefined) {
        results[doc.slot] = mergeFindings(
          doc.mention,
          doc.local,
          {
            language: doc.language,
            ...(doc.sentiment ? { sentiment: doc.sentiment } : {}),
            ...(doc.pii ? { pii: doc.pii } : {}),
            ...(doc.custom ? { custom: doc.custom } : {}),
            missed: doc.missed,
          },
          this.merge,
        );
      }
      const reason = doc.abandoned ?? doc.missed[0]?.reason;
      if (reason !== undefined) this.reportFallback(reason, doc.mention.mentionId);
    }
    return results;
  }

  /**
   * Ambiguous and worth a paid look: not a deleted post (its text is gone), nor the brand's own
   * post or a plain repost (never a case, whatever the text says).
   */
  private isDue(mention: Mention, local: Classification): boolean {
    if (mention.deletedAt !== undefined || mention.brandOwned || mention.repost) return false;
    return local.confidence >= this.band.low && local.confidence <= this.band.high;
  }

  private async detectLanguages(docs: readonly Doc[], run: Run): Promise<void> {
    for (const chunk of chunks(docs, maxDocumentsPerBatch)) {
      const refused = await this.reserve(run, 'language', chunk.length);
      if (refused !== undefined) {
        for (const doc of chunk) doc.abandoned = refused;
        continue;
      }
      let response: BatchDetectDominantLanguageCommandOutput;
      try {
        response = await this.sendLanguages(chunk);
      } catch (error) {
        const reason = this.failed(run, 'language', error, chunk.length);
        for (const doc of chunk) doc.abandoned = reason;
        continue;
      }
      const unanswered = settleBatch(
        chunk,
        response.ResultList,
        response.ErrorList,
        (doc, item) => {
          const language = topLanguage(item.Languages);
          if (language !== undefined) doc.language = language;
        },
        (doc, item) => {
          const kind = batchItemFailureKind(item.ErrorCode);
          doc.language = undefined;
          doc.abandoned = kind === 'unsupported-language' ? 'error' : kind;
          this.logItemError('language', item.ErrorCode, item.ErrorMessage, doc);
        },
      );
      for (const doc of unanswered) doc.abandoned = 'error';
    }
  }

  private sendLanguages(chunk: readonly Doc[]): Promise<BatchDetectDominantLanguageCommandOutput> {
    return this.client.send(
      new BatchDetectDominantLanguageCommand({
        TextList: chunk.map((doc) => truncateUtf8(doc.text, maxDominantLanguageBytes)),
      }),
    );
  }

  private async detectSentiment(docs: readonly Doc[], run: Run): Promise<void> {
    const groups = new Map<string, Doc[]>();
    for (const doc of docs) {
      const code = doc.language === undefined ? undefined : apiLanguage(doc.language.code, sentimentLanguages);
      if (code === undefined) continue;
      const group = groups.get(code);
      if (group === undefined) groups.set(code, [doc]);
      else group.push(doc);
    }
    for (const [code, group] of groups) {
      for (const chunk of chunks(group, maxDocumentsPerBatch)) {
        const refused = await this.reserve(run, 'sentiment', chunk.length);
        if (refused !== undefined) {
          for (const doc of chunk) doc.missed.push({ stage: 'sentiment', reason: refused });
          continue;
        }
        let response: BatchDetectSentimentCommandOutput;
        try {
          response = await this.sendSentiment(code, chunk);
        } catch (error) {
          const kind = failureKind(error);
          if (kind === 'unsupported-language') continue;
          const reason = this.failed(run, 'sentiment', error, chunk.length);
          for (const doc of chunk) doc.missed.push({ stage: 'sentiment', reason });
          continue;
        }
        const unanswered = settleBatch(
          chunk,
          response.ResultList,
          response.ErrorList,
          (doc, item) => {
            if (item.Sentiment !== undefined)
              doc.sentiment = { label: item.Sentiment, scores: item.SentimentScore ?? {} };
          },
          (doc, item) => {
            doc.sentiment = undefined;
            const kind = batchItemFailureKind(item.ErrorCode);
            if (kind === 'unsupported-language') return;
            doc.missed.push({ stage: 'sentiment', reason: kind });
            this.logItemError('sentiment', item.ErrorCode, item.ErrorMessage, doc);
          },
        );
        for (const doc of unanswered) doc.missed.push({ stage: 'sentiment', reason: 'error' });
      }
    }
  }

  private sendSentiment(code: string, chunk: readonly Doc[]): Promise<BatchDetectSentimentCommandOutput> {
    return this.client.send(
      new BatchDetectSentimentCommand({
        LanguageCode: code as LanguageCode,
        TextList: chunk.map((doc) => truncateUtf8(doc.text, maxSentimentBytes)),
      }),
    );
  }

  private async detectPii(docs: readonly Doc[], run: Run): Promise<void> {
    const due = docs.flatMap((doc) => {
      const code = doc.language === undefined ? undefined : apiLanguage(doc.language.code, piiLanguages);
      return code === undefined ? [] : [{ doc, code }];
    });
    await this.eachSingle(run, 'pii', due, async ({ doc, code }) => {
      const response = await this.client.send(
        new DetectPiiEntitiesCommand({
          // The raw text: PII is what is looked for. Offsets come back in code points of it.
          Text: truncateUtf8(wellFormed(doc.mention.text), maxPiiBytes),
          LanguageCode: code as LanguageCode,
        }),
      );
      doc.pii = response.Entities ?? [];
    });
  }

  private async classifyCustom(docs: readonly Doc[], run: Run, endpointArn: string): Promise<void> {
    const due = docs.flatMap((doc) =>
      doc.language !== undefined && apiLanguage(doc.language.code, this.customLanguages) !== undefined
        ? [{ doc, code: doc.language.code }]
        : [],
    );
    await this.eachSingle(run, 'custom-classifier', due, async ({ doc }) => {
      const response = await this.client.send(
        new ClassifyDocumentCommand({
          EndpointArn: endpointArn,
          Text: truncateUtf8(doc.text, maxClassifyDocumentBytes),
        }),
      );
      // Multi-class models answer in Classes, multi-label ones in Labels.
      const top = topClass(response.Classes?.length ? response.Classes : response.Labels);
      if (top !== undefined) doc.custom = top;
    });
  }

  /** One request per document, the budget for all of them taken at once. */
  private async eachSingle(
    run: Run,
    stage: ComprehendStage,
    due: readonly { doc: Doc; code: string }[],
    request: (item: { doc: Doc; code: string }) => Promise<void>,
  ): Promise<void> {
    if (due.length === 0) return;
    const refused = await this.reserve(run, stage, due.length);
    if (refused !== undefined) {
      for (const { doc } of due) doc.missed.push({ stage, reason: refused });
      return;
    }
    await forEachLimit(due, this.concurrency, async (item) => {
      const halted = run.halted.get(stage);
      if (halted !== undefined) {
        item.doc.missed.push({ stage, reason: halted });
        return;
      }
      try {
        await request(item);
      } catch (error) {
        if (failureKind(error) === 'unsupported-language') return;
        item.doc.missed.push({ stage, reason: this.failed(run, stage, error, 1) });
      }
    });
  }

  /** Takes `calls` from the day's budget; the reason to skip when it cannot. */
  private async reserve(run: Run, stage: ComprehendStage, calls: number): Promise<FallbackReason | undefined> {
    if (run.stopped !== undefined) return run.stopped;
    const halted = run.halted.get(stage);
    if (halted !== undefined) return halted;
    try {
      if (await this.budget.tryConsume(calls, run.day)) return undefined;
      run.stopped = 'budget';
      this.logger?.warn('Comprehend call budget for the day is spent: local results kept', {
        day: run.day,
        operation: operationOf[stage],
        calls,
      });
    } catch (error) {
      // Spend that cannot be counted is not spent.
      run.stopped = 'error';
      this.logger?.warn('Comprehend call budget could not be read: local results kept', {
        day: run.day,
        ...describeError(error),
      });
    }
    return run.stopped;
  }

  /** The fallback reason for a failed request; throttled and unavailable operations are not asked again. */
  private failed(run: Run, stage: ComprehendStage, error: unknown, documents: number): FallbackReason {
    const kind = failureKind(error);
    const reason: FallbackReason = kind === 'unsupported-language' ? 'error' : kind;
    if (reason === 'throttled' || reason === 'unavailable') run.halted.set(stage, reason);
    this.logger?.warn('Comprehend request failed: local results kept', {
      operation: operationOf[stage],
      reason,
      documents,
      ...describeError(error),
    });
    return reason;
  }

  private logItemError(stage: ComprehendStage, code: string | undefined, message: string | undefined, doc: Doc): void {
    this.logger?.warn('Comprehend refused a document: local result kept', {
      operation: operationOf[stage],
      errorCode: code,
      errorMessage: message,
      mentionId: doc.mention.mentionId,
    });
  }

  private reportFallback(reason: FallbackReason, mentionId: string): void {
    try {
      this.onFallback?.(reason, mentionId);
    } catch (error) {
      this.logger?.warn('onFallback threw', { reason, mentionId, ...describeError(error) });
    }
  }
}

export interface CreateComprehendCascadeOptions extends Omit<ComprehendCascadeOptions, 'client' | 'clock' | 'band'> {
  /** A client to use; otherwise one is made from `clientConfig`. */
  readonly client?: ComprehendClient;
  readonly clientConfig?: ComprehendClientConfig;
  /** Default the system clock. */
  readonly clock?: Clock;
  /** Default {@link defaultAmbiguousBand}. */
  readonly band?: ConfidenceBand;
}

/** A cascade with defaults: a Comprehend client from `clientConfig`, the system clock, the 0.45–0.75 band. */
export const createComprehendCascade = (options: CreateComprehendCascadeOptions): ComprehendCascadeClassifier =>
  new ComprehendCascadeClassifier({
    ...options,
    client: options.client ?? new ComprehendClient(options.clientConfig ?? {}),
    clock: options.clock ?? systemClock,
    band: options.band ?? defaultAmbiguousBand,
  });

/**
 * Estimated cost in USD of `calls` built-in Comprehend calls (documents) of `averageCharacters`
 * each: units of 100 characters at USD 0.0001, at least 3 units a call (see ./limits.ts). Custom
 * classifier endpoints are billed by the hour and are not included.
 */
export function comprehendSpend(calls: number, averageCharacters = 300): number {
  const units = Math.max(minimumUnitsPerRequest, Math.ceil(averageCharacters / charactersPerUnit));
  return Math.round(calls * units * usdPerUnit * 1e6) / 1e6;
}
