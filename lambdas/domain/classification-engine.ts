import type { Classification, Intent, Priority, Topic } from './classification.ts';
import type { Mention } from './mention.ts';
import { type LinearModel, type ModelPrediction, sentimentScore } from './model/linear-model.ts';
import { classifyByRules, ruleModelVersion } from './rule-classifier.ts';
import { detectLanguage } from './text/detect-language.ts';
import { extractDeadline } from './text/extract-deadline.ts';
import { findPii } from './text/find-pii.ts';

export type EngineInput = Pick<Mention, 'text' | 'direct' | 'author' | 'createdAt'> & { readonly language?: string };

const intents: readonly Intent[] = ['complaint', 'request', 'idea', 'praise', 'chatter', 'spam'];

/**
 * How much the rules count against the model. Fixed a priori, not fitted: the rules are precise
 * where their words occur, the model covers the phrasing no lexicon lists.
 */
const ruleWeightWithSignals = 0.55;
const ruleWeightWithout = 0.15;
/** How far a clearly negative or positive tone moves complaint or praise. */
const toneWeight = 0.3;

const percent = (p: number): string => `${Math.round(p * 100)}%`;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The rules' verdict as a distribution: their confidence on their intent, the rest spread evenly. */
const ruleDistribution = (rules: Classification): Record<Intent, number> =>
  Object.fromEntries(
    intents.map((intent) => [
      intent,
      intent === rules.intent ? rules.confidence : (1 - rules.confidence) / (intents.length - 1),
    ]),
  ) as Record<Intent, number>;

/** True when the rules found words to go on, not just the absence of any. */
const rulesHadSignals = (rules: Classification): boolean =>
  rules.reasons.some((reason) => /^(complaint|request|idea|praise|spam) words:|^several links/.test(reason));

const fuse = (
  rules: Classification,
  model: ModelPrediction,
): { intent: Intent; scores: Record<Intent, number>; negativeTone: boolean } => {
  const ruleWeight = rulesHadSignals(rules) ? ruleWeightWithSignals : ruleWeightWithout;
  const fromRules = ruleDistribution(rules);
  const tone = model.sentiment.probabilities;
  const scores = Object.fromEntries(
    intents.map((intent) => [
      intent,
      ruleWeight * fromRules[intent] + (1 - ruleWeight) * model.intent.probabilities[intent],
    ]),
  ) as Record<Intent, number>;
  // A mention addressed to a brand in a clearly negative tone is, most of the time, a complaint.
  scores.complaint += toneWeight * Math.max(0, tone.negative - 0.5);
  scores.praise += toneWeight * Math.max(0, tone.positive - 0.5);
  const total = intents.reduce((sum, intent) => sum + scores[intent], 0);
  for (const intent of intents) scores[intent] /= total;
  const best = intents.reduce((top, next) => (scores[next] > scores[top] ? next : top), intents[0] as Intent);
  // Said to a brand, in a mostly negative tone, and not praise, an idea or spam: that is a complaint,
  // even when no complaint word gives it away ("3 hours on the tarmac, thanks a lot").
  if (best === 'chatter' && tone.negative >= 0.5) return { intent: 'complaint', scores, negativeTone: true };
  return { intent: best, scores, negativeTone: false };
};

const priorityOrder: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
const higher = (a: Priority, b: Priority): Priority => (priorityOrder.indexOf(a) <= priorityOrder.indexOf(b) ? a : b);

/**
 * The classification engine: the transparent rules, the trained linear model (when one is
 * given), and the analyzers for language, stated deadline, PII and tone, fused into one
 * explained Classification. Pure: the same input and model give the same output.
 */
export const classifyWithEngine = (input: EngineInput, model: LinearModel | undefined): Classification => {
  const language = detectLanguage(input.text, input.language);
  const pii = findPii(input.text);
  const rules = classifyByRules(input);
  const reasons = [...rules.reasons];
  let intent: Intent = rules.intent;
  let confidence = rules.confidence;
  let topic: Topic = rules.topic;
  let sentiment: Classification['sentiment'];

  if (model) {
    // The model reads the redacted text: card digits and e-mail addresses say nothing about intent.
    const prediction = model.predict(pii.redactedText);
    const fused = fuse(rules, prediction);
    intent = fused.intent;
    // For a service need the decision that matters is "a need or not", whether complaint or
    // request: its confidence is the two together.
    const needScore = fused.scores.complaint + fused.scores.request;
    confidence = round2(
      fused.negativeTone
        ? Math.max(needScore, prediction.sentiment.probabilities.negative)
        : intent === 'complaint' || intent === 'request'
          ? needScore
          : fused.scores[intent],
    );
    reasons.push(
      `model: ${prediction.intent.label} ${percent(prediction.intent.confidence)}${prediction.topFeatures.length ? ` (${prediction.topFeatures.map((f) => `"${f}"`).join(', ')})` : ''}`,
    );
    if (fused.negativeTone) reasons.push(`complaint by tone: ${percent(confidence)} negative, addressed to the brand`);
    else if (intent !== rules.intent)
      reasons.push(`combined: ${intent} ${percent(confidence)} (rules said ${rules.intent})`);
    if (topic === 'other' && intent !== 'spam' && prediction.topic.confidence >= 0.5) {
      topic = prediction.topic.label;
      reasons.push(`topic ${topic} by the model (${percent(prediction.topic.confidence)})`);
    }
    sentiment = { label: prediction.sentiment.label, score: round2(sentimentScore(prediction.sentiment)) };
    reasons.push(`tone ${sentiment.label} (${sentiment.score})`);
  }

  const serviceNeed = intent === 'complaint' || intent === 'request';
  let priority: Priority = serviceNeed
    ? intent === rules.intent
      ? rules.priority
      : higher(rules.priority, intent === 'complaint' ? 'P3' : 'P4')
    : 'P4';
  const deadline = extractDeadline(input.text, new Date(input.createdAt), language.code);
  if (deadline) {
    reasons.push(`stated deadline ${deadline.at} ("${deadline.phrase}")`);
    const hoursLeft = (Date.parse(deadline.at) - Date.parse(input.createdAt)) / 3_600_000;
    if (serviceNeed && hoursLeft <= 48) {
      priority = higher(priority, 'P2');
      reasons.push('priority P2 at least: the stated deadline is within 48 hours');
    }
  }
  if (!language.supported) reasons.push(`language ${language.code}: not one the classifier is built for`);
  if (pii.types.length > 0) reasons.push(`personal data found and redacted: ${pii.types.join(', ')}`);

  return {
    intent,
    serviceNeed,
    topic,
    priority,
    confidence,
    reasons,
    modelVersion: model ? `${ruleModelVersion}+${model.version}` : ruleModelVersion,
    urgencySignals: rules.urgencySignals ?? [],
    ...(sentiment ? { sentiment } : {}),
    language,
    ...(deadline ? { deadline } : {}),
    pii,
  };
};
