import { describe, expect, it } from 'vitest';
import { headNames } from '../../../lambdas/domain/model/heads.ts';
import { loadModel, modelFileJson, toModelFile } from '../../../lambdas/domain/model/linear-model.ts';
import { dataFingerprint, featureMatrix, splitHoldout, train } from '../../../lambdas/domain/model/train.ts';
import { smallFeatures, syntheticExamples } from './fixtures.ts';

const options = { seed: 7, epochs: 8, features: smallFeatures };

describe('train', () => {
  it('reaches 100% training accuracy on a separable synthetic set, on every head', () => {
    // Arrange
    const examples = syntheticExamples();
    // Act
    const model = loadModel(JSON.parse(modelFileJson(toModelFile(train(examples, options), 'test', {}))));
    // Assert
    for (const example of examples) {
      const prediction = model.predict(example.text);
      expect(prediction.intent.label, example.text).toBe(example.intent);
      if (example.topic) expect(prediction.topic.label, example.text).toBe(example.topic);
      if (example.sentiment) expect(prediction.sentiment.label, example.text).toBe(example.sentiment);
    }
  });

  it('gives bit-identical weights for the same examples and seed, and different ones for another seed', () => {
    // Arrange
    const examples = syntheticExamples();
    // Act
    const a = train(examples, options);
    const b = train(examples, options);
    const c = train(examples, { ...options, seed: 8 });
    // Assert
    for (const head of headNames) {
      expect(Buffer.from(a.heads[head].weights.buffer).equals(Buffer.from(b.heads[head].weights.buffer))).toBe(true);
      expect(Array.from(a.heads[head].bias)).toEqual(Array.from(b.heads[head].bias));
    }
    expect(Buffer.from(a.heads.intent.weights.buffer).equals(Buffer.from(c.heads.intent.weights.buffer))).toBe(false);
  });

  it('trains each head only on the labels present, and a head with no labels predicts its fallback', () => {
    // Arrange: intents only
    const examples = syntheticExamples().map(({ text, intent }) => ({ text, ...(intent ? { intent } : {}) }));
    // Act
    const trained = train(examples, options);
    // Assert
    expect(trained.heads.intent.labels).toEqual(['complaint', 'request', 'idea', 'praise', 'chatter', 'spam']);
    expect(trained.heads.topic.labels).toEqual(['other']);
    expect(trained.heads.sentiment.labels).toEqual(['neutral']);
    expect(trained.heads.intent.stack).toBeUndefined();
    const model = loadModel(JSON.parse(modelFileJson(toModelFile(trained, 'test', {}))));
    const prediction = model.predict('anything at all');
    expect(prediction.topic).toMatchObject({ label: 'other', confidence: 1 });
    expect(prediction.topic.probabilities).toMatchObject({ other: 1, billing: 0, 'travel-disruption': 0 });
    expect(Object.keys(prediction.sentiment.probabilities).sort()).toEqual(['negative', 'neutral', 'positive']);
  });

  it('stacks the sentiment head into the intent head when both negative and positive are labelled', () => {
    // Arrange
    const examples = syntheticExamples();
    // Act
    const trained = train(examples, options);
    // Assert
    expect(trained.heads.intent.stack?.inputs).toEqual(['sentiment:negative', 'sentiment:positive']);
    expect(trained.heads.intent.stack?.weights.length).toBe(2 * 6);
  });

  it('balances classes: a rarer class gets a larger weight', () => {
    // Arrange
    const examples = [
      ...syntheticExamples(12).filter((e) => e.intent !== 'idea'),
      ...syntheticExamples(3).filter((e) => e.intent === 'idea'),
    ];
    // Act
    const { intent } = train(examples, { ...options, epochs: 1 }).heads;
    // Assert
    const weightOf = (label: string) => intent.classWeights[intent.labels.indexOf(label)] ?? 0;
    expect(weightOf('idea')).toBeGreaterThan(weightOf('complaint'));
    expect(intent.counts[intent.labels.indexOf('idea')]).toBe(3);
  });
});

describe('featureMatrix', () => {
  it('merges repeated buckets of one text and keeps first-occurrence order', () => {
    // Arrange / Act
    const m = featureMatrix(['ha ha', 'x'], smallFeatures);
    // Assert
    const first = Array.from(m.buckets.subarray(m.offsets[0], m.offsets[1]));
    expect(new Set(first).size).toBe(first.length);
    expect(m.offsets.length).toBe(3);
    expect(m.values.length).toBe(m.buckets.length);
  });
});

describe('splitHoldout and dataFingerprint', () => {
  it('splits off a seeded share, deterministically, keeping order', () => {
    // Arrange
    const items = Array.from({ length: 100 }, (_, i) => i);
    // Act
    const a = splitHoldout(items, 0.1, 1);
    const b = splitHoldout(items, 0.1, 1);
    const c = splitHoldout(items, 0.1, 2);
    // Assert
    expect(a.heldOut).toHaveLength(10);
    expect(a.train).toHaveLength(90);
    expect(a).toEqual(b);
    expect(c.heldOut).not.toEqual(a.heldOut);
    expect([...a.heldOut].sort((x, y) => x - y)).toEqual(a.heldOut);
  });

  it('fingerprints texts and labels: 8 hex digits that change with any label', () => {
    // Arrange
    const examples = syntheticExamples(2);
    const changed = examples.map((e, i) => (i === 0 ? { ...e, intent: 'praise' as const } : e));
    // Act
    const a = dataFingerprint(examples);
    // Assert
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(dataFingerprint(examples)).toBe(a);
    expect(dataFingerprint(changed)).not.toBe(a);
  });
});
