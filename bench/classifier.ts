import { shippedModel } from '../lambdas/adapters/engine-classifier.ts';
import { classifyWithEngine } from '../lambdas/domain/classification-engine.ts';
import { classifyByRules } from '../lambdas/domain/rule-classifier.ts';
import { generateMentions } from '../test/fixtures/mention-generator.ts';
import type { MentionInput } from '../lambdas/domain/mention.ts';

export interface ClassifierFigures {
  readonly name: string;
  readonly mentions: number;
  readonly mentionsPerSecond: number;
}

const measure = (name: string, count: number, work: (index: number) => void): ClassifierFigures => {
  for (let i = 0; i < 2_000; i++) work(i); // warm the JIT
  const started = performance.now();
  for (let i = 0; i < count; i++) work(i);
  return { name, mentions: count, mentionsPerSecond: count / ((performance.now() - started) / 1000) };
};

/** Classification on this one thread, over generated social posts (~70 characters on average). */
export const benchClassifier = (count: number): ClassifierFigures[] => {
  const model = shippedModel();
  const inputs = generateMentions({ count: 5_000, seed: 3, mix: { malformed: 0 } }).map(
    (item) => item.input as Required<Pick<MentionInput, 'text' | 'author' | 'createdAt'>> & { direct?: boolean },
  );
  const at = (i: number) => inputs[i % inputs.length] as (typeof inputs)[number];
  const mention = (i: number) => {
    const input = at(i);
    return { ...input, direct: input.direct ?? false, author: { verified: false, ...input.author } };
  };
  return [
    measure('local model (rules + linear model)', count, (i) => {
      const input = mention(i);
      classifyByRules(input);
      model.predict(input.text);
    }),
    measure('full engine (+ language, deadline, PII, fusion)', count, (i) => {
      classifyWithEngine(mention(i), model);
    }),
  ];
};
