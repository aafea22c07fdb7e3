import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../lambdas/domain/model/base64.ts';
import { FeatureExtractor } from '../../../lambdas/domain/model/features.ts';
import { type HeadName, headNames } from '../../../lambdas/domain/model/heads.ts';
import {
  loadModel,
  ModelFileError,
  modelFileJson,
  sentimentScore,
  toModelFile,
} from '../../../lambdas/domain/model/linear-model.ts';
import { type TrainedModel, train } from '../../../lambdas/domain/model/train.ts';
import { smallFeatures, syntheticExamples } from './fixtures.ts';

const trained = train(syntheticExamples(), { seed: 3, epochs: 8, features: smallFeatures });
const file = toModelFile(trained, 'linear-test', { note: 'test' });
const json = modelFileJson(file);

/** The float (unquantised) probabilities of one head, computed directly from the trained weights. */
const floatProbabilities = (model: TrainedModel, head: HeadName, text: string): number[] => {
  const extractor = new FeatureExtractor(model.features);
  const n = extractor.extract(text);
  const h = model.heads[head];
  const k = h.labels.length;
  const scores = Array.from(h.bias);
  for (let i = 0; i < n; i += 1) {
    for (let c = 0; c < k; c += 1) {
      scores[c] = (scores[c] ?? 0) + extractor.value(i) * (h.weights[(extractor.buckets[i] ?? 0) * k + c] ?? 0);
    }
  }
  if (h.stack) {
    const sentiment = floatProbabilities(model, 'sentiment', text);
    const labels = model.heads.sentiment.labels;
    h.stack.inputs.forEach((input, j) => {
      const z = sentiment[labels.indexOf(input.slice('sentiment:'.length))] ?? 0;
      for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) + z * (h.stack?.weights[j * k + c] ?? 0);
    });
  }
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
};

describe('quantised model file', () => {
  it('saves, loads and predicts the same as the float weights, within quantisation tolerance', () => {
    // Arrange
    const model = loadModel(JSON.parse(json));
    const texts = [...syntheticExamples(3).map((e) => e.text), 'something else entirely', '', 'parcel thanks free'];
    // Act / Assert
    for (const text of texts) {
      const prediction = model.predict(text);
      for (const head of headNames) {
        const expected = floatProbabilities(trained, head, text);
        const labels = trained.heads[head].labels;
        const got = labels.map((label) => (prediction[head].probabilities as Record<string, number>)[label] ?? -1);
        for (const [c, p] of got.entries())
          expect(Math.abs(p - (expected[c] ?? 0)), `${head} ${text}`).toBeLessThan(0.03);
        expect(prediction[head].label).toBe(labels[expected.indexOf(Math.max(...expected))]);
      }
    }
  });

  it('is the same bytes every time it is written', () => {
    // Arrange / Act
    const again = modelFileJson(
      toModelFile(train(syntheticExamples(), { seed: 3, epochs: 8, features: smallFeatures }), 'linear-test', {
        note: 'test',
      }),
    );
    // Assert
    expect(again).toBe(json);
  });

  it('declares its version, features, labels per head and training metadata', () => {
    // Arrange / Act
    const model = loadModel(JSON.parse(json));
    // Assert
    expect(model.version).toBe('linear-test');
    expect(model.features.bits).toBe(14);
    expect(model.labels.intent).toEqual(['complaint', 'request', 'idea', 'praise', 'chatter', 'spam']);
    expect(model.labels.sentiment).toEqual(['negative', 'neutral', 'positive']);
    expect(model.training).toEqual({ note: 'test' });
  });

  it('prunes: stores only buckets with a non-zero weight', () => {
    // Arrange / Act
    const rows = decodeBase64(file.heads.intent.rows).length;
    const weights = decodeBase64(file.heads.intent.weights).length;
    // Assert
    expect(weights % 6).toBe(0);
    expect(weights / 6).toBeLessThan(2 ** 14);
    expect(rows).toBeGreaterThan(0);
  });
});

describe('predict', () => {
  it('returns probabilities that sum to 1, a confidence equal to the winner’s, and the words that decided', () => {
    // Arrange
    const model = loadModel(JSON.parse(json));
    // Act
    const p = model.predict('my parcel never arrived');
    // Assert
    expect(p.intent.label).toBe('complaint');
    const sum = Object.values(p.intent.probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(p.intent.confidence).toBe(p.intent.probabilities.complaint);
    expect(p.topFeatures.length).toBeGreaterThan(0);
    expect(p.topFeatures.length).toBeLessThanOrEqual(5);
    expect(p.topFeatures.some((f) => ['parcel', 'never', 'arrived', 'parcel never', 'never arrived'].includes(f))).toBe(
      true,
    );
    expect(sentimentScore(p.sentiment)).toBeLessThan(0);
  });

  it('handles any text: empty, emoji only, very long, other scripts', () => {
    // Arrange
    const model = loadModel(JSON.parse(json));
    // Act / Assert
    for (const text of ['', '😡😡😡', 'x'.repeat(20_000), 'こんにちは 世界', '\u0000\uffff']) {
      const p = model.predict(text);
      expect(model.labels.intent).toContain(p.intent.label);
      expect(Number.isFinite(p.intent.confidence)).toBe(true);
    }
  });
});

describe('loadModel', () => {
  interface Spoilable {
    format: string;
    heads: Record<string, { labels: string[]; bias: number[]; rows: string; weights: string; stack?: unknown }>;
  }
  const parsed = (): Spoilable => JSON.parse(json) as Spoilable;
  const head = (f: Spoilable, name: string) => f.heads[name] ?? { labels: [], bias: [], rows: '', weights: '' };

  it.each<[string, (f: Spoilable) => void, RegExp]>([
    [
      'another format',
      (f) => {
        f.format = 'other';
      },
      /format/,
    ],
    [
      'a label outside the taxonomy',
      (f) => {
        head(f, 'intent').labels[0] = 'rant';
      },
      /"rant" is not a intent/,
    ],
    [
      'a bias per label missing',
      (f) => {
        head(f, 'topic').bias.pop();
      },
      /one bias per label/,
    ],
    [
      'weights that do not fill the rows',
      (f) => {
        head(f, 'intent').weights = encodeBase64(new Uint8Array(5));
      },
      /rows need/,
    ],
    [
      'broken base64',
      (f) => {
        head(f, 'intent').rows = 'abc';
      },
      /base64/,
    ],
    [
      'a stack on the topic head',
      (f) => {
        head(f, 'topic').stack = { inputs: ['sentiment:negative'], weights: [] };
      },
      /only the intent head/,
    ],
  ])('rejects %s', (_, spoil, message) => {
    // Arrange
    const f = parsed();
    spoil(f);
    // Act / Assert
    expect(() => loadModel(f)).toThrow(ModelFileError);
    expect(() => loadModel(f)).toThrow(message);
  });

  it('rejects what is not a model at all', () => {
    expect(() => loadModel(null)).toThrow(ModelFileError);
    expect(() => loadModel('model')).toThrow(ModelFileError);
  });
});

describe('base64', () => {
  it.each([0, 1, 2, 3, 4, 255, 1000])('round-trips %i bytes and matches Buffer', (n) => {
    // Arrange
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
    // Act
    const text = encodeBase64(bytes);
    // Assert
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
  });
});
