import type { Classification } from './classification.ts';
import type { DispositionKind } from './disposition.ts';
import type { Mention } from './mention.ts';

export interface DecisionPolicy {
  /** Service needs below this confidence go to human triage instead of opening a case. */
  readonly caseConfidenceThreshold: number;
  /** Network user ids of the brand's own accounts: their posts never open cases. */
  readonly brandAccountIds: ReadonlySet<string>;
}

export const defaultDecisionPolicy: DecisionPolicy = {
  caseConfidenceThreshold: 0.6,
  brandAccountIds: new Set(),
};

/** What is known about a mention's surroundings when deciding. */
export interface DecisionContext {
  /** The case its conversation is already on, if any. */
  readonly conversationCaseId?: string;
  /** The earlier mention with the same content, if this one repeats it. */
  readonly duplicateOf?: string;
}

export type Decision =
  | { readonly kind: 'case-created'; readonly reason: string }
  | { readonly kind: 'case-appended'; readonly caseId: string; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly duplicateOf: string; readonly reason: string }
  | {
      readonly kind: Exclude<DispositionKind, 'case-created' | 'case-appended' | 'duplicate'>;
      readonly reason: string;
    };

const percent = (confidence: number): string => `${Math.round(confidence * 100)}%`;

/**
 * The one disposition a mention deserves, in the order of the design's flow: repeats and the
 * brand's own posts first, then the thread it belongs to, then what the classifier said.
 */
export const decideDisposition = (
  mention: Mention,
  classification: Classification,
  context: DecisionContext,
  policy: DecisionPolicy,
): Decision => {
  if (context.duplicateOf !== undefined) {
    return {
      kind: 'duplicate',
      duplicateOf: context.duplicateOf,
      reason: `same author and text as ${context.duplicateOf}`,
    };
  }
  if (mention.brandOwned || policy.brandAccountIds.has(mention.author.id)) {
    return { kind: 'chatter', reason: "the brand's own post: recorded, never a case" };
  }
  if (mention.repost) {
    return { kind: 'chatter', reason: 'a plain repost adds nothing to say: recorded, never a case' };
  }
  if (context.conversationCaseId !== undefined && classification.intent !== 'spam') {
    return {
      kind: 'case-appended',
      caseId: context.conversationCaseId,
      reason: `the conversation is already on case ${context.conversationCaseId}`,
    };
  }
  const { language } = classification;
  if (language !== undefined && !language.supported) {
    // Never dropped, never guessed at: a person who reads the language decides.
    return {
      kind: 'triage',
      reason: `written in ${language.code === 'und' ? 'an undetermined language' : `"${language.code}"`}, which the classifier is not built for: a person decides`,
    };
  }
  if (classification.intent === 'spam') {
    return { kind: 'spam', reason: `spam (${classification.reasons.join('; ')})` };
  }
  if (classification.serviceNeed) {
    if (classification.confidence >= policy.caseConfidenceThreshold) {
      return {
        kind: 'case-created',
        reason: `${classification.intent} about ${classification.topic} at ${percent(classification.confidence)} confidence (${classification.reasons.join('; ')})`,
      };
    }
    return {
      kind: 'triage',
      reason: `possible ${classification.intent} at ${percent(classification.confidence)} confidence, below the ${percent(policy.caseConfidenceThreshold)} needed to open a case: a person decides`,
    };
  }
  return {
    kind: 'chatter',
    reason: `${classification.intent}, not a service need (${classification.reasons.join('; ')})`,
  };
};
