import { existsSync, readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Topic } from '../domain/classification.ts';
import type { LinearModel } from '../domain/model/linear-model.ts';
import { type Evaluation, evaluate, scorePairs } from '../domain/model/metrics.ts';
import { seededRandom, shuffleInPlace } from '../domain/model/random.ts';
import { type ServiceNeedRule, serviceNeedOf } from '../domain/model/service-need.ts';
import { airlineTweetsFile, DataMissingError } from './paths.ts';

/**
 * The airline-tweets evaluation preset: Twitter US Airline Sentiment (CrowdFlower, CC BY-NC-SA
 * 4.0), read from `../shared/data/airline-tweets/Tweets.csv` for evaluation only — never for
 * training, never copied into the repository.
 *
 * The mapping of that folder's README:
 * - service need: `negative` with a reason other than "Can't Tell", confidence ≥ 0.6;
 * - not a service need: `positive` with confidence ≥ 0.6;
 * - everything else is left out of the binary score; neutral tweets are reported apart (how many
 *   were escalated, and a sample to read).
 * Categories (`negativereason` → our topic), scored on the service-need tweets: see
 * `airlineCategoryTopics`.
 */

/**
 * Our topic for each negative reason. Decisions where the taxonomies differ:
 * - "Customer Service Issue" (phone lines, agents, replies) and "Flight Attendant Complaints" are
 *   about people serving the customer → store-staff;
 * - "longlines" (queues at check-in, bag drop, security) is the same in-person service capacity →
 *   store-staff;
 * - "Bad Flight" (seat, cabin, food, wifi, the flight as a product) → product-quality;
 * - "Flight Booking Problems" → orders-delivery (bookings are our orders).
 */
export const airlineCategoryTopics: Readonly<Record<string, Topic>> = {
  'Late Flight': 'travel-disruption',
  'Cancelled Flight': 'travel-disruption',
  'Lost Luggage': 'lost-damaged-property',
  'Damaged Luggage': 'lost-damaged-property',
  'Flight Booking Problems': 'orders-delivery',
  'Customer Service Issue': 'store-staff',
  'Flight Attendant Complaints': 'store-staff',
  longlines: 'store-staff',
  'Bad Flight': 'product-quality',
};

export interface AirlineTweet {
  readonly tweetId: string;
  readonly sentiment: string;
  readonly confidence: number;
  readonly reason: string;
  readonly airline: string;
  readonly text: string;
}

/** What a predictor says about one tweet. */
export interface MentionVerdict {
  readonly serviceNeed: boolean;
  readonly topic: Topic;
}

/** The classifier under test: the model alone by default; the full engine can be plugged in. */
export type MentionPredictor = (text: string) => MentionVerdict;

/** The model alone: a service need by `rule` (default: the intent is complaint or request). */
export const modelPredictor =
  (model: LinearModel, rule: ServiceNeedRule = 'intent'): MentionPredictor =>
  (text) => {
    const prediction = model.predict(text);
    return { serviceNeed: serviceNeedOf(prediction, rule), topic: prediction.topic.label };
  };

export const minimumConfidence = 0.6;

/** `need`, `not-need`, or undefined when the tweet is left out of the binary score. */
export const serviceNeedLabel = (tweet: AirlineTweet): 'need' | 'not-need' | undefined => {
  if (tweet.confidence < minimumConfidence) return undefined;
  if (tweet.sentiment === 'negative' && tweet.reason !== "Can't Tell" && tweet.reason !== '') return 'need';
  if (tweet.sentiment === 'positive') return 'not-need';
  return undefined;
};

/** The few HTML entities the export left in the text (the X connector decodes them too). */
const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : "'",
  );

export interface ReadTweets {
  readonly tweets: AirlineTweet[];
  readonly duplicates: number;
}

/** Reads Tweets.csv, keeping the first row of each tweet id. */
export const readAirlineTweets = (file: string = airlineTweetsFile): ReadTweets => {
  if (!existsSync(file)) {
    throw new DataMissingError(
      `the airline tweets are not at ${file}: put the shared data folder beside the repository (../shared/data/airline-tweets)`,
    );
  }
  const rows = parseCsv(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  const seen = new Set<string>();
  const tweets: AirlineTweet[] = [];
  for (const row of rows) {
    const tweetId = row.tweet_id ?? '';
    if (seen.has(tweetId)) continue;
    seen.add(tweetId);
    tweets.push({
      tweetId,
      sentiment: row.airline_sentiment ?? '',
      confidence: Number(row.airline_sentiment_confidence ?? 0),
      reason: row.negativereason ?? '',
      airline: row.airline ?? '',
      text: decodeEntities(row.text ?? ''),
    });
  }
  return { tweets, duplicates: rows.length - tweets.length };
};

export interface CategoryScore {
  readonly reason: string;
  readonly topic: Topic;
  readonly tweets: number;
  /** Share predicted as a service need. */
  readonly serviceNeedRecall: number;
  /** Share whose predicted topic is the reason's topic. */
  readonly topicRecall: number;
}

export interface AirlineReport {
  readonly tweets: number;
  readonly duplicatesDropped: number;
  /** Labels `need` and `not-need`; the headline is the `need` class's F1. */
  readonly serviceNeed: Evaluation;
  readonly serviceNeedF1: number;
  /** Topic precision and recall over the service-need tweets, gold topic from `airlineCategoryTopics`. */
  readonly topics: Evaluation;
  readonly categories: readonly CategoryScore[];
  readonly neutral: {
    readonly total: number;
    readonly escalated: number;
    readonly share: number;
    readonly sample: readonly { readonly tweetId: string; readonly text: string }[];
  };
}

const scoredTopics: readonly Topic[] = [
  'travel-disruption',
  'lost-damaged-property',
  'orders-delivery',
  'store-staff',
  'product-quality',
];

/** Scores a predictor on the tweets (pure: the sample of escalated neutrals is drawn with `seed`). */
export const evaluateAirlineTweets = (
  tweets: readonly AirlineTweet[],
  predict: MentionPredictor,
  options: { readonly seed?: number; readonly sampleSize?: number; readonly duplicatesDropped?: number } = {},
): AirlineReport => {
  const verdicts = new Map<string, MentionVerdict>();
  const verdict = (tweet: AirlineTweet): MentionVerdict => {
    const known = verdicts.get(tweet.tweetId);
    if (known) return known;
    const v = predict(tweet.text);
    verdicts.set(tweet.tweetId, v);
    return v;
  };
  const binary = tweets.flatMap((tweet) => {
    const label = serviceNeedLabel(tweet);
    return label ? [{ label, tweet }] : [];
  });
  const serviceNeed = evaluate(binary, (row) => (verdict(row.tweet).serviceNeed ? 'need' : 'not-need'), {
    labels: ['need', 'not-need'],
  });
  const needs = binary.filter((row) => row.label === 'need').map((row) => row.tweet);
  const topics = scorePairs(
    needs.flatMap((tweet) => {
      const gold = airlineCategoryTopics[tweet.reason];
      return gold ? [{ gold, predicted: verdict(tweet).topic }] : [];
    }),
    scoredTopics,
  );
  const categories = Object.entries(airlineCategoryTopics).map(([reason, topic]): CategoryScore => {
    const these = needs.filter((tweet) => tweet.reason === reason);
    const share = (test: (v: MentionVerdict) => boolean): number =>
      these.length === 0 ? 0 : these.filter((tweet) => test(verdict(tweet))).length / these.length;
    return {
      reason,
      topic,
      tweets: these.length,
      serviceNeedRecall: share((v) => v.serviceNeed),
      topicRecall: share((v) => v.topic === topic),
    };
  });
  const neutrals = tweets.filter((tweet) => tweet.sentiment === 'neutral');
  const escalated = neutrals.filter((tweet) => verdict(tweet).serviceNeed);
  const sample = [...escalated];
  shuffleInPlace(sample, seededRandom(options.seed ?? 1));
  return {
    tweets: tweets.length,
    duplicatesDropped: options.duplicatesDropped ?? 0,
    serviceNeed,
    serviceNeedF1: serviceNeed.perClass.find((c) => c.label === 'need')?.f1 ?? 0,
    topics,
    categories,
    neutral: {
      total: neutrals.length,
      escalated: escalated.length,
      share: neutrals.length === 0 ? 0 : escalated.length / neutrals.length,
      sample: sample.slice(0, options.sampleSize ?? 10).map(({ tweetId, text }) => ({ tweetId, text })),
    },
  };
};
