import type { Classification } from '../domain/classification.ts';
import type { Mention } from '../domain/mention.ts';

/** Tells service needs from chatter. Deterministic for a given model version. */
export interface Classifier {
  readonly modelVersion: string;
  /** One classification per mention, in the same order. */
  classify(mentions: readonly Mention[]): Promise<Classification[]>;
}
