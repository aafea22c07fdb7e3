import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AirlineTweet,
  evaluateAirlineTweets,
  readAirlineTweets,
  serviceNeedLabel,
} from '../../lambdas/model-training/airline-tweets.ts';
import { readModel } from '../../lambdas/model-training/model-file.ts';
import { airlineTweetsFile } from '../../lambdas/model-training/paths.ts';

const tweet = (overrides: Partial<AirlineTweet>): AirlineTweet => ({
  tweetId: '1',
  sentiment: 'negative',
  confidence: 1,
  reason: 'Late Flight',
  airline: 'X',
  text: 'late again',
  ...overrides,
});

describe('the airline-tweets mapping (README of ../shared/data/airline-tweets)', () => {
  it.each<[Partial<AirlineTweet>, string | undefined]>([
    [{}, 'need'],
    [{ reason: "Can't Tell" }, undefined],
    [{ confidence: 0.59 }, undefined],
    [{ confidence: 0.6 }, 'need'],
    [{ sentiment: 'positive', reason: '' }, 'not-need'],
    [{ sentiment: 'positive', reason: '', confidence: 0.5 }, undefined],
    [{ sentiment: 'neutral', reason: '' }, undefined],
  ])('%j → %s', (overrides, expected) => {
    expect(serviceNeedLabel(tweet(overrides))).toBe(expected);
  });

  it('scores an injected predictor: service need, categories and escalated neutrals', () => {
    // Arrange
    const tweets = [
      tweet({ tweetId: '1', text: 'late', reason: 'Late Flight' }),
      tweet({ tweetId: '2', text: 'bag', reason: 'Lost Luggage' }),
      tweet({ tweetId: '3', text: 'ok', sentiment: 'positive', reason: '' }),
      tweet({ tweetId: '4', text: 'question?', sentiment: 'neutral', reason: '' }),
      tweet({ tweetId: '5', text: 'hello', sentiment: 'neutral', reason: '' }),
    ];
    const predict = (text: string) => ({
      serviceNeed: text !== 'ok' && text !== 'hello',
      topic: text === 'bag' ? ('lost-damaged-property' as const) : ('travel-disruption' as const),
    });
    // Act
    const report = evaluateAirlineTweets(tweets, predict);
    // Assert
    expect(report.serviceNeedF1).toBe(1);
    expect(report.topics.perClass.find((c) => c.label === 'lost-damaged-property')?.recall).toBe(1);
    expect(report.categories.find((c) => c.reason === 'Late Flight')).toMatchObject({
      tweets: 1,
      serviceNeedRecall: 1,
      topicRecall: 1,
    });
    expect(report.neutral).toMatchObject({
      total: 2,
      escalated: 1,
      share: 0.5,
      sample: [{ tweetId: '4', text: 'question?' }],
    });
  });
});

describe.skipIf(!existsSync(airlineTweetsFile))(
  'the shipped model on the airline tweets (evaluation only; skipped when ../shared/data/airline-tweets is absent)',
  () => {
    it('dedupes on tweet id and tells most service needs from praise', () => {
      // Arrange
      const { tweets, duplicates } = readAirlineTweets();
      // Act
      const report = evaluateAirlineTweets(tweets, (text) => {
        const p = readModelOnce().predict(text);
        return { serviceNeed: p.intent.label === 'complaint' || p.intent.label === 'request', topic: p.topic.label };
      });
      // Assert
      expect(duplicates).toBe(155);
      expect(report.tweets).toBe(14_485);
      expect(report.serviceNeedF1).toBeGreaterThan(0.75);
      expect(report.serviceNeed.perClass.find((c) => c.label === 'need')?.precision).toBeGreaterThan(0.9);
    });
  },
);

let loaded: ReturnType<typeof readModel> | undefined;
const readModelOnce = () => {
  loaded ??= readModel();
  return loaded;
};
