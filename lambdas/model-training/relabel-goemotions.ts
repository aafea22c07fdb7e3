import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Intent } from '../domain/classification.ts';
import type { SentimentLabel, TrainingExample } from '../domain/model/heads.ts';
import { serviceCue } from './cues.ts';

/**
 * GoEmotions (Demszky et al. 2020, CC BY 4.0): Reddit comments labelled with 27 emotions or
 * neutral. It gives informal register and tone, not service need.
 *
 * Sentiment (the grouping of the GoEmotions paper): positive = admiration, amusement, approval,
 * caring, desire, excitement, gratitude, joy, love, optimism, pride, relief; negative = anger,
 * annoyance, disappointment, disapproval, disgust, embarrassment, fear, grief, nervousness,
 * remorse, sadness; neutral = neutral alone. Ambiguous emotions (confusion, curiosity,
 * realization, surprise) add nothing; a comment with both positive and negative emotions gets no
 * sentiment.
 * Intent:
 * - gratitude, admiration, joy, love or approval, with no negative emotion → praise;
 * - anger, annoyance, disappointment or disgust **with a service word** (`serviceCue`: staff,
 *   order, refund, airline, …) → complaint; without one → no intent (sentiment only);
 * - neutral alone → chatter;
 * - anything else → no intent.
 * Topic: none (a comment may be about anything; the topic head learns from service data).
 */

export const goEmotionLabels = [
  'admiration',
  'amusement',
  'anger',
  'annoyance',
  'approval',
  'caring',
  'confusion',
  'curiosity',
  'desire',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'excitement',
  'fear',
  'gratitude',
  'grief',
  'joy',
  'love',
  'nervousness',
  'optimism',
  'pride',
  'realization',
  'relief',
  'remorse',
  'sadness',
  'surprise',
  'neutral',
] as const;

const positive = new Set([
  'admiration',
  'amusement',
  'approval',
  'caring',
  'desire',
  'excitement',
  'gratitude',
  'joy',
  'love',
  'optimism',
  'pride',
  'relief',
]);
const negative = new Set([
  'anger',
  'annoyance',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'fear',
  'grief',
  'nervousness',
  'remorse',
  'sadness',
]);
const praise = new Set(['gratitude', 'admiration', 'joy', 'love', 'approval']);
const complaint = new Set(['anger', 'annoyance', 'disappointment', 'disgust']);

export const goEmotionsSentiment = (emotions: readonly string[]): SentimentLabel | undefined => {
  const pos = emotions.some((e) => positive.has(e));
  const neg = emotions.some((e) => negative.has(e));
  if (pos && neg) return undefined;
  if (pos) return 'positive';
  if (neg) return 'negative';
  return emotions.length === 1 && emotions[0] === 'neutral' ? 'neutral' : undefined;
};

export const goEmotionsIntent = (emotions: readonly string[], text: string): Intent | undefined => {
  const neg = emotions.some((e) => negative.has(e));
  if (!neg && emotions.some((e) => praise.has(e))) return 'praise';
  if (emotions.some((e) => complaint.has(e))) return serviceCue.test(text) ? 'complaint' : undefined;
  return emotions.length === 1 && emotions[0] === 'neutral' ? 'chatter' : undefined;
};

export interface GoEmotionsRow {
  readonly text: string;
  readonly emotions: readonly string[];
}

export const relabelGoEmotions = (row: GoEmotionsRow): TrainingExample | undefined => {
  const intent = goEmotionsIntent(row.emotions, row.text);
  const sentiment = goEmotionsSentiment(row.emotions);
  if (intent === undefined && sentiment === undefined) return undefined;
  return {
    text: row.text,
    ...(intent ? { intent } : {}),
    ...(sentiment ? { sentiment } : {}),
    source: 'goemotions',
  };
};

/** Reads train, dev and test (`text<TAB>ids<TAB>comment id`). */
export const readGoEmotions = (dir: string): GoEmotionsRow[] =>
  ['train.tsv', 'dev.tsv', 'test.tsv'].flatMap((file) =>
    readFileSync(resolve(dir, 'goemotions', file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [text = '', ids = ''] = line.split('\t');
        return {
          text: text.trim(),
          emotions: ids
            .split(',')
            .map((id) => goEmotionLabels[Number(id)])
            .filter((e): e is (typeof goEmotionLabels)[number] => e !== undefined),
        };
      }),
  );
