import { z } from 'zod';
import { Intent, Topic } from '../classification.ts';

/** The sentiment head's labels (the `label` of `Sentiment` in classification.ts). */
export const SentimentLabel = z.enum(['negative', 'neutral', 'positive']);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

/** The model's heads, in the order their weights are laid out. */
export const headNames = ['intent', 'topic', 'sentiment'] as const;
export type HeadName = (typeof headNames)[number];

/** Every label a head may have, in canonical order. */
export const headLabelSets = {
  intent: Intent.options,
  topic: Topic.options,
  sentiment: SentimentLabel.options,
} as const satisfies Record<HeadName, readonly string[]>;

/** The label a head predicts when it was trained on no labels at all. */
export const headFallbackLabel = { intent: 'chatter', topic: 'other', sentiment: 'neutral' } as const;

export interface HeadLabels {
  readonly intent: Intent;
  readonly topic: Topic;
  readonly sentiment: SentimentLabel;
}

/** One labelled text. Each head learns only from the examples that carry its label. */
export interface TrainingExample {
  readonly text: string;
  readonly intent?: Intent;
  readonly topic?: Topic;
  readonly sentiment?: SentimentLabel;
  /** Where it came from (`banking77`, `templates/ideas`, …): for counts and the model card. */
  readonly source?: string;
  /** Multiplies the example's gradient; 1 when absent. */
  readonly weight?: number;
}
