import type { Intent, Topic } from '../../../lambdas/domain/classification.ts';
import { defaultFeatureConfig, type FeatureConfig } from '../../../lambdas/domain/model/features.ts';
import type { SentimentLabel, TrainingExample } from '../../../lambdas/domain/model/heads.ts';

/** Small buckets: fast tests. */
export const smallFeatures: FeatureConfig = { ...defaultFeatureConfig, bits: 14 };

const classes: readonly { intent: Intent; topic?: Topic; sentiment?: SentimentLabel; words: readonly string[] }[] = [
  {
    intent: 'complaint',
    topic: 'orders-delivery',
    sentiment: 'negative',
    words: ['parcel', 'never', 'arrived', 'late'],
  },
  { intent: 'request', topic: 'account-access', sentiment: 'neutral', words: ['how', 'reset', 'password', 'login'] },
  { intent: 'praise', topic: 'store-staff', sentiment: 'positive', words: ['thanks', 'lovely', 'staff', 'great'] },
  { intent: 'spam', words: ['free', 'followers', 'click', 'bitcoin'] },
  { intent: 'chatter', topic: 'other', sentiment: 'neutral', words: ['weekend', 'football', 'weather', 'movie'] },
  { intent: 'idea', topic: 'outage-technical', sentiment: 'neutral', words: ['should', 'add', 'dark', 'mode'] },
];
const filler = ['the', 'my', 'you', 'today', 'really', 'a', 'is', 'so', 'just', 'we'];

/** A separable synthetic set: each class has its own words, mixed with shared filler words. */
export const syntheticExamples = (perClass = 8): TrainingExample[] =>
  classes.flatMap(({ words, ...labels }, k) =>
    Array.from({ length: perClass }, (_, i) => {
      const picked = [
        words[i % 4],
        words[(i + 1) % 4],
        filler[(i + k) % filler.length],
        filler[(i * 3 + k) % filler.length],
      ];
      return { text: picked.join(' '), ...labels, source: 'synthetic' };
    }),
  );
