import type { Classification } from '../../../lambdas/domain/classification.ts';
import type { Mention } from '../../../lambdas/domain/mention.ts';
import type { Classifier } from '../../../lambdas/ports/classifier.ts';
import type { Clock } from '../../../lambdas/ports/clock.ts';
import { queuedMention } from '../../support/escalate-wiring.ts';

export const today = '2026-11-02';
export const clock: Clock = { now: () => new Date(`${today}T23:59:30.000Z`) };
export const band = { low: 0.45, high: 0.75 };
export const endpointArn = 'arn:aws:comprehend:eu-west-1:123456789012:document-classifier-endpoint/bridge-intents';

/** The same queued mention the escalate tests use (posted on `today`). */
export const mention = queuedMention;

export const localResult = (overrides: Partial<Classification> = {}): Classification => ({
  intent: 'complaint',
  serviceNeed: true,
  topic: 'billing',
  priority: 'P3',
  confidence: 0.6,
  reasons: ['complaint words: "charged twice"'],
  modelVersion: 'rules-test',
  ...overrides,
});

/** A local classifier that answers from a function of the mention, and counts its calls. */
export class StubClassifier implements Classifier {
  readonly modelVersion = 'rules-test';
  calls = 0;

  constructor(private readonly answer: (mention: Mention) => Classification = () => localResult()) {}

  async classify(mentions: readonly Mention[]): Promise<Classification[]> {
    this.calls += 1;
    return mentions.map((m) => structuredClone(this.answer(m)));
  }
}

/** Whether `text` survives a UTF-8 round trip unchanged: no lone surrogate, nothing replaced. */
export const isWellFormedUtf8 = (text: string): boolean =>
  Buffer.from(text, 'utf8').toString('utf8') === text && !text.includes('\uFFFD');
