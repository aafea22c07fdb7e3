/**
 * How what Amazon Comprehend found is merged into the local classification. Pure: no SDK calls,
 * no clock; the cascade classifier gathers the findings and calls {@link mergeFindings}.
 */
import type { PiiEntity, SentimentScore, SentimentType } from '@aws-sdk/client-comprehend';
import {
  type Classification,
  type DetectedLanguage,
  Intent,
  type PiiFound,
  type PiiType,
  type Priority,
  type Sentiment,
  serviceIntents,
} from '../../domain/classification.ts';
import type { Mention } from '../../domain/mention.ts';
import type { FallbackReason } from './failures.ts';

/** The Comprehend steps of the cascade, in the order they run. */
export type ComprehendStage = 'language' | 'sentiment' | 'pii' | 'custom-classifier';

/** What Comprehend returned for one mention. */
export interface ComprehendFindings {
  /** The dominant language, with Comprehend's score. */
  readonly language: { readonly code: string; readonly score: number };
  readonly sentiment?: { readonly label: SentimentType; readonly scores: SentimentScore };
  /** PII entities, their offsets in code points of the mention's text. */
  readonly pii?: readonly PiiEntity[];
  /** The top class (or label) of the custom classifier. */
  readonly custom?: { readonly name: string; readonly score: number };
  /** Steps that were due for the mention but gave nothing, and why. */
  readonly missed: readonly { readonly stage: ComprehendStage; readonly reason: FallbackReason }[];
}

export interface MergeOptions {
  /** Languages the local classifier is built for (`DetectedLanguage.supported`). */
  readonly supportedLanguages: ReadonlySet<string>;
  /** Lowest custom-classifier score that may override the local intent. */
  readonly customMinScore: number;
  /** Lowest score of a PII entity that is taken. */
  readonly piiMinScore: number;
}

export const comprehendModelSuffix = '+comprehend';

/** How much a sentiment that agrees with (or contradicts) the intent moves the confidence. */
const sentimentWeight = 0.15;
/** How much a confident local intent argues against a custom-classifier override. */
const overrideDoubt = 0.35;

const round2 = (value: number): number => Math.round(value * 100) / 100;
const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
const formatScore = (value: number): string => value.toFixed(2);

/** Comprehend's PII entity types that have a counterpart in {@link PiiType}; others are not taken. */
export const piiTypeOf: Readonly<Record<string, PiiType>> = {
  CREDIT_DEBIT_NUMBER: 'card',
  CREDIT_DEBIT_CVV: 'card',
  CREDIT_DEBIT_EXPIRY: 'card',
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: 'iban',
  PHONE: 'phone',
  EMAIL: 'email',
  BANK_ACCOUNT_NUMBER: 'account-number',
};

const sentimentScoreOf = (label: SentimentType, scores: SentimentScore): number => {
  switch (label) {
    case 'POSITIVE':
      return scores.Positive ?? 0;
    case 'NEGATIVE':
      return scores.Negative ?? 0;
    case 'MIXED':
      return scores.Mixed ?? 0;
    default:
      return scores.Neutral ?? 0;
  }
};

/**
 * Comprehend's sentiment on the bridge's scale: POSITIVE, NEGATIVE and NEUTRAL keep their label,
 * MIXED becomes `neutral` (the scale has no "mixed"; the reason keeps the word); the score is
 * `Positive − Negative`, from −1 to 1.
 */
export function toSentiment(label: SentimentType, scores: SentimentScore): Sentiment {
  const mapped: Sentiment['label'] = label === 'POSITIVE' ? 'positive' : label === 'NEGATIVE' ? 'negative' : 'neutral';
  const score = clamp(round2((scores.Positive ?? 0) - (scores.Negative ?? 0)), -1, 1);
  return { label: mapped, score: Object.is(score, -0) ? 0 : score };
}

const baseLanguage = (code: string): string => code.split('-')[0]?.toLowerCase() ?? code;

const toLanguage = (
  found: ComprehendFindings['language'],
  local: DetectedLanguage | undefined,
  supportedLanguages: ReadonlySet<string>,
): DetectedLanguage => ({
  code: found.code,
  confidence: round2(clamp(found.score, 0, 1)),
  // The local classifier knows best what it is built for when it saw the same language.
  supported:
    local !== undefined && local.code.toLowerCase() === found.code.toLowerCase()
      ? local.supported
      : supportedLanguages.has(found.code) || supportedLanguages.has(baseLanguage(found.code)),
});

const priorityRank: Readonly<Record<Priority, number>> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/**
 * Priority once the custom classifier changed the intent, by the rules the local model uses
 * (lambdas/domain/rule-classifier.ts): P4 for what is not a service need; P1 for safety and legal
 * signals, P2 for outage, churn and vulnerability or a direct or high-reach complaint, else P3
 * for a complaint and P4 for a request; never less urgent than the local priority of a service
 * need.
 */
function priorityAfterOverride(intent: Intent, local: Classification, mention: Mention): [Priority, string] {
  if (!serviceIntents.has(intent)) return ['P4', `${intent}, not a service need`];
  const signals = new Set(local.urgencySignals ?? []);
  let priority: Priority;
  let why: string;
  if (signals.has('safety') || signals.has('legal')) {
    [priority, why] = ['P1', signals.has('safety') ? 'safety signal' : 'legal signal'];
  } else if (signals.has('outage') || signals.has('churn') || signals.has('vulnerable')) {
    [priority, why] = ['P2', 'outage, churn or vulnerability signal'];
  } else if (intent === 'complaint' && (mention.direct || signals.has('direct') || signals.has('reach'))) {
    [priority, why] = [
      'P2',
      mention.direct || signals.has('direct') ? 'direct message complaint' : 'high-reach complaint',
    ];
  } else {
    [priority, why] = intent === 'complaint' ? ['P3', 'complaint'] : ['P4', 'request'];
  }
  if (serviceIntents.has(local.intent) && priorityRank[local.priority] < priorityRank[priority]) {
    return [local.priority, `kept from the local result`];
  }
  return [priority, why];
}

interface Span {
  readonly begin: number;
  readonly end: number;
  readonly type: PiiType;
}

/** Replaces each span (code point offsets) by `[type]`; overlapping spans are joined. */
function redactSpans(codePoints: readonly string[], spans: readonly Span[]): string {
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    if (span.end <= at) continue;
    const begin = Math.max(span.begin, at);
    out += codePoints.slice(at, begin).join('');
    out += `[${span.type}]`;
    at = span.end;
  }
  return out + codePoints.slice(at).join('');
}

/**
 * The local PII finding with what Comprehend found added: its types join `types` (local ones
 * first), and its spans are redacted too. Where the local classifier already redacted the text,
 * that redaction is kept and each further span is replaced where its words still appear in it;
 * otherwise the mention's text is redacted at Comprehend's offsets (code points, as Comprehend
 * counts them). Comprehend's findings never become case fields: a bank account number is not an
 * identifier worth keeping on a case.
 */
export function mergePii(
  local: PiiFound | undefined,
  text: string,
  entities: readonly PiiEntity[],
  minScore: number,
): { pii: PiiFound | undefined; found: readonly PiiType[] } {
  const codePoints = Array.from(text);
  const spans: Span[] = [];
  for (const entity of entities) {
    const type = entity.Type === undefined ? undefined : piiTypeOf[entity.Type];
    const { BeginOffset: begin, EndOffset: end, Score: score } = entity;
    if (type === undefined || begin === undefined || end === undefined) continue;
    if ((score ?? 0) < minScore || begin < 0 || end > codePoints.length || begin >= end) continue;
    spans.push({ begin, end, type });
  }
  if (spans.length === 0) return { pii: local, found: [] };

  const found = [...new Set(spans.map((span) => span.type))];
  const types = [...new Set([...(local?.types ?? []), ...found])];
  let redactedText: string;
  if (local === undefined) {
    redactedText = redactSpans(codePoints, spans);
  } else {
    redactedText = local.redactedText;
    const literals = spans
      .map((span) => ({ words: codePoints.slice(span.begin, span.end).join(''), type: span.type }))
      .filter(({ words }) => words.trim().length > 0)
      .sort((a, b) => b.words.length - a.words.length);
    for (const { words, type } of literals) {
      redactedText = redactedText.split(words).join(`[${type}]`);
    }
  }
  return {
    pii: {
      types,
      redactedText,
      caseFields: local?.caseFields ?? { orderNumbers: [], accountNumbers: [] },
    },
    found,
  };
}

/** Recomputed confidence: see {@link mergeFindings}. */
function recomputeConfidence(
  local: Classification,
  intent: Intent,
  custom: { name: string; score: number } | undefined,
  sentiment: ComprehendFindings['sentiment'],
): number {
  let confidence = local.confidence;
  if (custom !== undefined) {
    confidence =
      custom.name === local.intent
        ? 1 - (1 - confidence) * (1 - custom.score)
        : custom.score * (1 - overrideDoubt * confidence);
  }
  if (sentiment !== undefined) {
    const strength = sentimentScoreOf(sentiment.label, sentiment.scores);
    const agrees =
      (intent === 'complaint' && sentiment.label === 'NEGATIVE') ||
      (intent === 'praise' && sentiment.label === 'POSITIVE');
    const contradicts =
      (intent === 'complaint' && sentiment.label === 'POSITIVE') ||
      (intent === 'praise' && sentiment.label === 'NEGATIVE');
    if (agrees) confidence += sentimentWeight * strength * (1 - confidence);
    if (contradicts) confidence -= sentimentWeight * strength * confidence;
  }
  return round2(clamp(confidence, 0, 1));
}

/**
 * The local classification with Comprehend's findings merged in:
 * - `language` is Comprehend's dominant language (its score as confidence); `supported` is the
 *   local judgement when the local classifier saw the same language, else whether the language is
 *   one of `supportedLanguages`;
 * - `sentiment` is Comprehend's (see {@link toSentiment});
 * - a custom-classifier class named after an intent with a score of at least `customMinScore`
 *   overrides `intent`, and with it `serviceNeed`, `priority` (by the local rules, see
 *   {@link priorityAfterOverride}) and, for spam, `topic` (`other`); the topic is otherwise kept;
 * - `confidence` is recomputed: a custom class that agrees with the local intent raises it
 *   (`1 − (1 − local)(1 − custom)`), one that overrides it gives `custom × (1 − 0.35 × local)`
 *   (a confident local result argues against the override); then a sentiment that agrees with a
 *   complaint (NEGATIVE) or praise (POSITIVE) moves it up by `0.15 × score` of the remaining
 *   distance to 1, and one that contradicts them moves it down by `0.15 × score` of itself;
 * - PII types Comprehend found join `pii` (see {@link mergePii});
 * - `reasons` gain one line per finding (`Comprehend sentiment NEGATIVE 0.97`), per change and
 *   per step that was due but gave nothing; `modelVersion` becomes `${local}+comprehend`.
 */
export function mergeFindings(
  mention: Mention,
  local: Classification,
  findings: ComprehendFindings,
  options: MergeOptions,
): Classification {
  const reasons = [...local.reasons];
  const merged: Classification = { ...local, reasons, modelVersion: `${local.modelVersion}${comprehendModelSuffix}` };

  merged.language = toLanguage(findings.language, local.language, options.supportedLanguages);
  reasons.push(`Comprehend language ${findings.language.code} ${formatScore(findings.language.score)}`);

  const { sentiment } = findings;
  if (sentiment !== undefined) {
    merged.sentiment = toSentiment(sentiment.label, sentiment.scores);
    reasons.push(
      `Comprehend sentiment ${sentiment.label} ${formatScore(sentimentScoreOf(sentiment.label, sentiment.scores))}`,
    );
  }

  let customUsed: { name: Intent; score: number } | undefined;
  if (findings.custom !== undefined) {
    const { name, score } = findings.custom;
    const intent = Intent.safeParse(name.trim().toLowerCase());
    const described = `Comprehend custom class ${name} ${formatScore(score)}`;
    if (!intent.success) {
      reasons.push(`${described}: not an intent, not used`);
    } else if (score < options.customMinScore) {
      reasons.push(`${described}: below ${formatScore(options.customMinScore)}, not used`);
    } else if (intent.data === local.intent) {
      customUsed = { name: intent.data, score };
      reasons.push(`${described}: agrees`);
    } else {
      customUsed = { name: intent.data, score };
      reasons.push(`${described}: overrides ${local.intent}`);
      merged.intent = intent.data;
      merged.serviceNeed = serviceIntents.has(intent.data);
      if (intent.data === 'spam') merged.topic = 'other';
      const [priority, why] = priorityAfterOverride(intent.data, local, mention);
      merged.priority = priority;
      reasons.push(`priority ${priority}: ${why}`);
    }
  }

  if (findings.pii !== undefined) {
    const { pii, found } = mergePii(local.pii, mention.text, findings.pii, options.piiMinScore);
    if (pii !== undefined) merged.pii = pii;
    if (found.length > 0) reasons.push(`Comprehend PII: ${found.join(', ')}`);
  }

  merged.confidence = recomputeConfidence(local, merged.intent, customUsed, sentiment);
  if (merged.confidence !== local.confidence) {
    reasons.push(`confidence ${formatScore(local.confidence)} → ${formatScore(merged.confidence)} with Comprehend`);
  }

  for (const { stage, reason } of findings.missed) {
    reasons.push(`Comprehend ${stage} not used (${reason}): local result kept`);
  }
  return merged;
}
