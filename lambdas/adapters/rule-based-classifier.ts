import type { Classification } from '../domain/classification.ts';
import type { Mention } from '../domain/mention.ts';
import { classifyByRules, ruleModelVersion } from '../domain/rule-classifier.ts';
import type { Classifier } from '../ports/classifier.ts';

/** The transparent rule baseline, behind the Classifier port. */
export class RuleBasedClassifier implements Classifier {
  readonly modelVersion = ruleModelVersion;

  async classify(mentions: readonly Mention[]): Promise<Classification[]> {
    return mentions.map((mention) => classifyByRules(mention));
  }
}
