import { serviceIntents } from '../classification.ts';
import type { ModelPrediction } from './linear-model.ts';

/**
 * How the model alone decides that a mention is a service need.
 * - `intent`: the intent is complaint or request (the default);
 * - `intent-or-negative`: that, or the sentiment head gives negative a probability of at least
 *   `negativeThreshold` and the intent is not spam. Mentions are addressed to the brand, so a
 *   negative one is most often a complaint even when its words are not the complaint words the
 *   intent head learned (sarcasm, informal register). More recall, more escalated neutrals.
 */
export type ServiceNeedRule = 'intent' | 'intent-or-negative';
export const serviceNeedRules: readonly ServiceNeedRule[] = ['intent', 'intent-or-negative'];

export const negativeThreshold = 0.5;

export const serviceNeedOf = (prediction: ModelPrediction, rule: ServiceNeedRule = 'intent'): boolean => {
  if (serviceIntents.has(prediction.intent.label)) return true;
  if (rule === 'intent') return false;
  const negative = (prediction.sentiment.probabilities as Partial<Record<string, number>>).negative ?? 0;
  return prediction.intent.label !== 'spam' && negative >= negativeThreshold;
};
