import { describe, expect, it } from 'vitest';
import {
  type ComprehendFindings,
  type MergeOptions,
  mergeFindings,
  mergePii,
  toSentiment,
} from '../../../lambdas/adapters/comprehend/merge.ts';
import { Classification } from '../../../lambdas/domain/classification.ts';
import { localResult, mention } from './fixtures.ts';

const options: MergeOptions = { supportedLanguages: new Set(['en', 'es']), customMinScore: 0.7, piiMinScore: 0.5 };
const english: ComprehendFindings = { language: { code: 'en', score: 0.99 }, missed: [] };

describe('toSentiment', () => {
  it.each([
    ['POSITIVE', { Positive: 0.9, Negative: 0.02, Neutral: 0.05, Mixed: 0.03 }, { label: 'positive', score: 0.88 }],
    ['NEGATIVE', { Positive: 0.01, Negative: 0.97, Neutral: 0.01, Mixed: 0.01 }, { label: 'negative', score: -0.96 }],
    ['NEUTRAL', { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 }, { label: 'neutral', score: 0 }],
    ['MIXED', { Positive: 0.4, Negative: 0.3, Neutral: 0, Mixed: 0.6 }, { label: 'neutral', score: 0.1 }],
  ] as const)('maps %s to the bridge scale', (label, scores, expected) => {
    expect(toSentiment(label, scores)).toEqual(expected);
  });
});

describe('mergeFindings', () => {
  it('keeps the local judgement of support for the same language, and uses the list for another', () => {
    // Arrange
    const local = localResult({ language: { code: 'en', confidence: 0.4, supported: false } });
    // Act
    const same = mergeFindings(mention('1', 'hi'), local, english, options);
    const other = mergeFindings(
      mention('1', 'hola'),
      local,
      { language: { code: 'es', score: 0.8 }, missed: [] },
      options,
    );
    const unknown = mergeFindings(
      mention('1', 'hallo'),
      local,
      { language: { code: 'de', score: 0.8 }, missed: [] },
      options,
    );
    // Assert
    expect(same.language).toEqual({ code: 'en', confidence: 0.99, supported: false });
    expect(other.language).toEqual({ code: 'es', confidence: 0.8, supported: true });
    expect(unknown.language).toEqual({ code: 'de', confidence: 0.8, supported: false });
  });

  it('raises priority from the local urgency signals when a custom class turns chatter into a complaint', () => {
    // Arrange
    const local = localResult({ intent: 'chatter', serviceNeed: false, priority: 'P4', urgencySignals: ['safety'] });
    // Act
    const merged = mergeFindings(
      mention('1', 'smoke from the charger'),
      local,
      { ...english, custom: { name: 'Complaint', score: 0.8 } },
      options,
    );
    // Assert
    expect(merged).toMatchObject({ intent: 'complaint', serviceNeed: true, priority: 'P1' });
    expect(merged.reasons).toContain('priority P1: safety signal');
  });

  it('makes a direct complaint P2, and keeps a more urgent local priority of a service need', () => {
    // Arrange
    const direct = mention('1', 'where is my refund', { direct: true });
    const request = localResult({ intent: 'request', priority: 'P2' });
    // Act
    const fromDirect = mergeFindings(
      direct,
      localResult({ intent: 'praise', serviceNeed: false, priority: 'P4' }),
      { ...english, custom: { name: 'complaint', score: 0.9 } },
      options,
    );
    const fromRequest = mergeFindings(
      mention('2', 'x'),
      request,
      { ...english, custom: { name: 'complaint', score: 0.9 } },
      options,
    );
    // Assert
    expect(fromDirect.priority).toBe('P2');
    expect(fromRequest.priority).toBe('P2');
  });

  it('turns a spam class into P4 on topic other, not a service need', () => {
    // Act
    const merged = mergeFindings(
      mention('1', 'win a free phone'),
      localResult(),
      { ...english, custom: { name: 'spam', score: 0.95 } },
      options,
    );
    // Assert
    expect(merged).toMatchObject({ intent: 'spam', serviceNeed: false, priority: 'P4', topic: 'other' });
    // 0.95 × (1 − 0.35 × 0.6)
    expect(merged.confidence).toBe(0.75);
    expect(Classification.parse(merged)).toEqual(merged);
  });

  it('raises confidence when the custom class agrees, and ignores a class that is not an intent', () => {
    // Act
    const agreeing = mergeFindings(
      mention('1', 'x'),
      localResult(),
      { ...english, custom: { name: 'complaint', score: 0.8 } },
      options,
    );
    const unknown = mergeFindings(
      mention('1', 'x'),
      localResult(),
      { ...english, custom: { name: 'billing', score: 0.99 } },
      options,
    );
    // Assert: 1 − 0.4 × 0.2
    expect(agreeing.confidence).toBe(0.92);
    expect(agreeing.reasons).toContain('Comprehend custom class complaint 0.80: agrees');
    expect(unknown).toMatchObject({ intent: 'complaint', confidence: 0.6 });
    expect(unknown.reasons).toContain('Comprehend custom class billing 0.99: not an intent, not used');
  });

  it('lowers confidence in praise that Comprehend reads as negative', () => {
    // Arrange
    const praise = localResult({ intent: 'praise', serviceNeed: false, priority: 'P4', confidence: 0.6 });
    // Act
    const merged = mergeFindings(
      mention('1', 'great, just great'),
      praise,
      {
        ...english,
        sentiment: { label: 'NEGATIVE', scores: { Negative: 0.8, Positive: 0.1, Neutral: 0.05, Mixed: 0.05 } },
      },
      options,
    );
    // Assert: 0.6 − 0.15 × 0.8 × 0.6
    expect(merged.confidence).toBe(0.53);
    expect(merged.sentiment).toEqual({ label: 'negative', score: -0.7 });
  });

  it('names each step that gave nothing', () => {
    // Act
    const merged = mergeFindings(
      mention('1', 'x'),
      localResult(),
      { ...english, missed: [{ stage: 'pii', reason: 'throttled' }] },
      options,
    );
    // Assert
    expect(merged.reasons.at(-1)).toBe('Comprehend pii not used (throttled): local result kept');
    expect(merged.confidence).toBe(0.6);
  });
});

describe('mergePii', () => {
  it('reads offsets as code points, so an emoji before the number does not shift the redaction', () => {
    // Arrange: 😡 is one code point but two UTF-16 units.
    const text = '😡😡 card 4111111111111111 now';
    // Act
    const { pii, found } = mergePii(
      undefined,
      text,
      [{ Type: 'CREDIT_DEBIT_NUMBER', Score: 0.99, BeginOffset: 8, EndOffset: 24 }],
      0.5,
    );
    // Assert
    expect(found).toEqual(['card']);
    expect(pii?.redactedText).toBe('😡😡 card [card] now');
  });

  it('joins overlapping spans and ignores offsets outside the text', () => {
    // Act
    const { pii } = mergePii(
      undefined,
      'iban ES9121000418450200051332 ok',
      [
        { Type: 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', Score: 0.9, BeginOffset: 5, EndOffset: 29 },
        { Type: 'BANK_ACCOUNT_NUMBER', Score: 0.8, BeginOffset: 9, EndOffset: 29 },
        { Type: 'PHONE', Score: 0.9, BeginOffset: 40, EndOffset: 50 },
      ],
      0.5,
    );
    // Assert
    expect(pii).toEqual({
      types: ['iban', 'account-number'],
      redactedText: 'iban [iban] ok',
      caseFields: { orderNumbers: [], accountNumbers: [] },
    });
  });

  it('keeps the local finding as it is when Comprehend found nothing it can name', () => {
    // Arrange
    const local = {
      types: ['order-number' as const],
      redactedText: 'order [order-number]',
      caseFields: { orderNumbers: ['A1'], accountNumbers: [] },
    };
    // Act
    const { pii, found } = mergePii(
      local,
      'order A1',
      [{ Type: 'NAME', Score: 0.99, BeginOffset: 0, EndOffset: 5 }],
      0.5,
    );
    // Assert
    expect(pii).toBe(local);
    expect(found).toEqual([]);
  });
});
