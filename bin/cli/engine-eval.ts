import { classifyWithEngine } from '../../lambdas/domain/classification-engine.ts';
import { evalCommandWith } from './eval-command.ts';

const author = { id: 'eval', handle: 'eval', verified: false };
const createdAt = '2026-01-01T00:00:00.000Z';

/**
 * `bridge eval`, scoring what the escalate function decides: the whole engine (rules, the model,
 * language and tone), not the model alone; a service need is what the engine calls one.
 */
export const engineEvalCommand = evalCommandWith(
  (model) => (text) => {
    const classification = classifyWithEngine({ text, direct: false, createdAt, author }, model);
    return {
      intent: classification.intent,
      serviceNeed: classification.serviceNeed,
      topic: classification.topic,
      sentiment: classification.sentiment?.label ?? 'neutral',
    };
  },
  (model) =>
    `the classification engine: rules ${'+'} ${model.version}, fused (lambdas/domain/classification-engine.ts)`,
);
