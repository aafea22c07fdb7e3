import { describe, expect, it } from 'vitest';
import {
  defaultFeatureConfig,
  extractFeatures,
  FeatureExtractor,
  tokenise,
} from '../../../lambdas/domain/model/features.ts';
import { bucketOf, fnv1a32 } from '../../../lambdas/domain/model/hashing.ts';

describe('tokenise: normalisation', () => {
  it.each<[string, string[]]>([
    ['Hello World', ['hello', 'world']],
    ["I can't log in, don’t know why", ['i', 'cant', 'log', 'in', 'dont', 'know', 'why']],
    ['@United my flight https://t.co/abc123 www.example.com', ['<user>', 'my', 'flight', '<url>', '<url>']],
    ['paid 1,000 for 3.5 hours at 10:30', ['paid', '<num>', 'for', '<num>', 'hours', 'at', '<num>']],
    ['flight ua123 and 2hrs', ['flight', 'ua123', 'and', '2hrs']],
    ['Sooooo baaaad', ['soo', 'baad']],
    ['Café naïve Ärger', ['cafe', 'naive', 'arger']],
    ['mail me at sam@example.com', ['mail', 'me', 'at', 'sam', 'example', 'com']],
    ['#fail #NeverAgain', ['fail', 'neveragain']],
    ['Why??? no!!', ['why', '?', 'no', '!']],
    ['ok?! fine', ['ok', '?', 'fine']],
    ['love it 😍😍😍 ❤️ 👍🏽', ['love', 'it', '😍', '❤', '👍']],
    ['Привет мир', ['привет', 'мир']],
    ['', []],
    ['   ...   ', []],
  ])('%j → %j', (text, expected) => {
    // Arrange / Act
    const tokens = tokenise(text);
    // Assert
    expect(tokens).toEqual(expected);
  });
});

describe('extractFeatures', () => {
  it('emits unigrams, bigrams and bracketed character 3–5-grams, in order', () => {
    // Arrange
    const text = 'Hi you';
    // Act
    const features = extractFeatures(text).map((f) => f.feature);
    // Assert
    expect(features).toEqual([
      'w:hi',
      'c:<hi',
      'c:<hi>',
      'c:hi>',
      'w:you',
      'b:hi you',
      'c:<yo',
      'c:<you',
      'c:<you>',
      'c:you',
      'c:you>',
      'c:ou>',
    ]);
  });

  it('hashes each feature string with FNV-1a into its bucket', () => {
    // Arrange
    const features = extractFeatures('refund please');
    // Act / Assert
    for (const { feature, bucket } of features)
      expect(bucket).toBe(bucketOf(fnv1a32(feature), defaultFeatureConfig.bits));
  });

  it('makes no character n-grams for placeholders, punctuation and emoji', () => {
    // Arrange / Act
    const features = extractFeatures('@brand ? 😡 https://x.example 42').map((f) => f.feature);
    // Assert
    expect(features.filter((f) => f.startsWith('c:'))).toEqual([]);
    expect(features).toContain('w:<user>');
    expect(features).toContain('b:? 😡');
    expect(features).toContain('w:<num>');
  });

  it('weights word and character n-grams and L2-normalises the vector', () => {
    // Arrange
    const config = { ...defaultFeatureConfig, wordWeight: 1, charWeight: 0.5 };
    // Act
    const features = extractFeatures('hello there friend', config);
    // Assert
    const norm = Math.sqrt(features.reduce((sum, f) => sum + f.value * f.value, 0));
    expect(norm).toBeCloseTo(1, 10);
    const word = features.find((f) => f.feature === 'w:hello');
    const char = features.find((f) => f.feature === 'c:<he');
    expect(word?.value ?? 0).toBeCloseTo(2 * (char?.value ?? 0), 10);
  });

  it('gives an empty text no features and a zero norm', () => {
    // Arrange
    const extractor = new FeatureExtractor();
    // Act
    const n = extractor.extract('');
    // Assert
    expect(n).toBe(0);
    expect(extractor.norm).toBe(0);
  });

  it('is deterministic and reuses its buffers across texts of any length', () => {
    // Arrange
    const extractor = new FeatureExtractor({ ...defaultFeatureConfig, bits: 12 });
    const long = 'the parcel never arrived '.repeat(400);
    // Act
    const first = Array.from(extractor.buckets.subarray(0, extractor.extract('short one')));
    extractor.extract(long);
    const again = Array.from(extractor.buckets.subarray(0, extractor.extract('short one')));
    // Assert
    expect(again).toEqual(first);
    expect(first.every((b) => b >= 0 && b < 2 ** 12)).toBe(true);
  });

  it('respects the word n-gram and character n-gram settings', () => {
    // Arrange
    const config = { ...defaultFeatureConfig, wordNgrams: 1, charNgrams: { min: 4, max: 4 } };
    // Act
    const features = extractFeatures('ab cdef', config).map((f) => f.feature);
    // Assert
    expect(features).toEqual(['w:ab', 'c:<ab>', 'w:cdef', 'c:<cde', 'c:cdef', 'c:def>']);
  });
});
