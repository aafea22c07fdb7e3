import modelFile from '../../models/default/model.json' with { type: 'json' };
import type { Classification } from '../domain/classification.ts';
import { classifyWithEngine } from '../domain/classification-engine.ts';
import type { Mention } from '../domain/mention.ts';
import { type LinearModel, loadModel } from '../domain/model/linear-model.ts';
import type { Classifier } from '../ports/classifier.ts';

let shipped: LinearModel | undefined;

/** The model shipped in models/default, decoded once per process (bundled into each Lambda). */
export const shippedModel = (): LinearModel => {
  shipped ??= loadModel(modelFile);
  return shipped;
};

/** The local classification engine (rules, trained model, analyzers) behind the Classifier port. */
export class EngineClassifier implements Classifier {
  readonly modelVersion: string;

  constructor(private readonly model: LinearModel = shippedModel()) {
    this.modelVersion = `engine+${model.version}`;
  }

  async classify(mentions: readonly Mention[]): Promise<Classification[]> {
    return mentions.map((mention) => classifyWithEngine(mention, this.model));
  }
}
