import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  ClassifyDocumentCommand,
  ComprehendClient,
  DetectPiiEntitiesCommand,
  InternalServerException,
  TooManyRequestsException,
  UnsupportedLanguageException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ComprehendCascadeClassifier,
  type ComprehendCascadeOptions,
  comprehendSpend,
  createComprehendCascade,
} from '../../../lambdas/adapters/comprehend/comprehend-cascade-classifier.ts';
import { InMemoryCallBudget } from '../../../lambdas/adapters/comprehend/in-memory-call-budget.ts';
import { Classification } from '../../../lambdas/domain/classification.ts';
import type { Mention } from '../../../lambdas/domain/mention.ts';
import type { CallBudget } from '../../../lambdas/ports/call-budget.ts';
import { band, clock, endpointArn, isWellFormedUtf8, localResult, mention, StubClassifier, today } from './fixtures.ts';

const comprehend = mockClient(ComprehendClient);
const client = new ComprehendClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** Texts start with their language, `en: …`; the fake Comprehend reads it from there. */
const languageOf = (text: string): string => text.split(':')[0] ?? 'und';

const answerLanguages = (): void => {
  comprehend.on(BatchDetectDominantLanguageCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((text, Index) => ({
      Index,
      Languages: [{ LanguageCode: languageOf(text), Score: 0.99 }],
    })),
    ErrorList: [],
  }));
};

const answerSentiment = (): void => {
  comprehend.on(BatchDetectSentimentCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_text, Index) => ({
      Index,
      Sentiment: 'NEGATIVE',
      SentimentScore: { Positive: 0.01, Negative: 0.97, Neutral: 0.01, Mixed: 0.01 },
    })),
    ErrorList: [],
  }));
};

const answerAll = (): void => {
  answerLanguages();
  answerSentiment();
  comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
  comprehend.on(ClassifyDocumentCommand).resolves({ Classes: [{ Name: 'complaint', Score: 0.91 }] });
};

const cascade = (overrides: Partial<ComprehendCascadeOptions> = {}) => {
  const onFallback = vi.fn();
  const budget = new InMemoryCallBudget(1_000);
  const classifier = new ComprehendCascadeClassifier({
    local: new StubClassifier(),
    client,
    budget,
    clock,
    band,
    onFallback,
    ...overrides,
  });
  return { classifier, onFallback, budget };
};

const inputsOf = <T extends object>(command: new (input: T) => { input: T }): T[] =>
  comprehend.commandCalls(command as never).map((call) => (call.args[0] as { input: T }).input);

/** Comprehend's offsets of `words` in `text`: code points. */
const offsetsOf = (text: string, words: string): { BeginOffset: number; EndOffset: number } => {
  const begin = Array.from(text.slice(0, text.indexOf(words))).length;
  return { BeginOffset: begin, EndOffset: begin + Array.from(words).length };
};

describe('ComprehendCascadeClassifier', () => {
  beforeEach(() => {
    comprehend.reset();
  });

  it('sends nothing to Comprehend when the local results are confident', async () => {
    // Arrange
    const local = new StubClassifier((m) =>
      localResult({ confidence: m.postId === '1' ? 0.9 : 0.2, intent: m.postId === '1' ? 'complaint' : 'chatter' }),
    );
    const { classifier, onFallback, budget } = cascade({ local });
    const mentions = [mention('1', 'en: you charged me twice'), mention('2', 'en: nice weather today')];
    // Act
    const results = await classifier.classify(mentions);
    // Assert
    expect(results).toEqual(await local.classify(mentions));
    expect(comprehend.calls()).toHaveLength(0);
    expect(budget.used(today)).toBe(0);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('batches 30 ambiguous mentions: languages 25 + 5, sentiment per language, PII for en/es, no custom classifier unless configured', async () => {
    // Arrange
    const languages = ['en', 'es', 'fr', 'en', 'nl'];
    const mentions = Array.from({ length: 30 }, (_, i) => mention(`${i}`, `${languages[i % 5]}: problem number ${i}`));
    const textsIn = (language: string) => mentions.map((m) => m.text).filter((text) => languageOf(text) === language);
    answerAll();
    const { classifier, budget, onFallback } = cascade();
    // Act
    const results = await classifier.classify(mentions);
    // Assert
    expect(inputsOf(BatchDetectDominantLanguageCommand)).toEqual([
      { TextList: mentions.slice(0, 25).map((m) => m.text) },
      { TextList: mentions.slice(25).map((m) => m.text) },
    ]);
    expect(inputsOf(BatchDetectSentimentCommand)).toEqual([
      { LanguageCode: 'en', TextList: textsIn('en') },
      { LanguageCode: 'es', TextList: textsIn('es') },
      { LanguageCode: 'fr', TextList: textsIn('fr') },
    ]);
    const piiInputs = inputsOf(DetectPiiEntitiesCommand);
    expect(piiInputs).toHaveLength(18);
    expect(piiInputs).toEqual(
      expect.arrayContaining([
        ...textsIn('en').map((Text) => ({ Text, LanguageCode: 'en' })),
        ...textsIn('es').map((Text) => ({ Text, LanguageCode: 'es' })),
      ]),
    );
    expect(comprehend.commandCalls(ClassifyDocumentCommand)).toHaveLength(0);
    expect(comprehend.calls()).toHaveLength(2 + 3 + 18);
    // One call per document per operation: 30 languages, 24 sentiments, 18 PII checks.
    expect(budget.used(today)).toBe(30 + 24 + 18);
    expect(onFallback).not.toHaveBeenCalled();
    expect(results.map((r) => r.language?.code)).toEqual(mentions.map((m) => languageOf(m.text)));
    expect(results.filter((r) => r.sentiment !== undefined)).toHaveLength(24);
  });

  it('asks the custom classifier endpoint, once per document, only when one is configured', async () => {
    // Arrange
    const mentions = [
      mention('1', 'en: where is my parcel'),
      mention('2', 'nl: waar is mijn pakket'),
      mention('3', 'ja: 荷物はどこですか'),
    ];
    answerAll();
    const { classifier, budget } = cascade({ customClassifierEndpointArn: endpointArn });
    // Act
    await classifier.classify(mentions);
    // Assert: Dutch and Japanese are not custom classification languages.
    expect(inputsOf(ClassifyDocumentCommand)).toEqual([{ EndpointArn: endpointArn, Text: 'en: where is my parcel' }]);
    expect(inputsOf(BatchDetectSentimentCommand)).toEqual([
      { LanguageCode: 'en', TextList: ['en: where is my parcel'] },
      { LanguageCode: 'ja', TextList: ['ja: 荷物はどこですか'] },
    ]);
    expect(inputsOf(DetectPiiEntitiesCommand)).toEqual([{ Text: 'en: where is my parcel', LanguageCode: 'en' }]);
    expect(budget.used(today)).toBe(3 + 2 + 1 + 1);
  });

  it('cuts a 6,000-byte text to each limit on a character boundary, never inside an emoji', async () => {
    // Arrange: the emoji takes bytes 4,998 to 5,001, across the 5,000-byte cut.
    const text = `en: ${'a'.repeat(4_994)}😀${'b'.repeat(998)}`;
    expect(Buffer.byteLength(text, 'utf8')).toBe(6_000);
    const family = `en: ${'c'.repeat(4_990)}👨‍👩‍👧‍👦${'d'.repeat(980)}`;
    answerAll();
    const { classifier } = cascade({ customClassifierEndpointArn: endpointArn });
    // Act
    await classifier.classify([mention('1', text), mention('2', family)]);
    // Assert
    const [languages] = inputsOf(BatchDetectDominantLanguageCommand);
    const [sentiment] = inputsOf(BatchDetectSentimentCommand);
    for (const sent of [...(languages?.TextList ?? []), ...(sentiment?.TextList ?? [])]) {
      expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(5_000);
      expect(isWellFormedUtf8(sent)).toBe(true);
    }
    expect(languages?.TextList).toEqual([`en: ${'a'.repeat(4_994)}`, `en: ${'c'.repeat(4_990)}`]);
    // Under their limits (100 KB, 10 KB) the whole text goes.
    expect(inputsOf(DetectPiiEntitiesCommand).map((input) => input.Text)).toEqual(
      expect.arrayContaining([text, family]),
    );
    expect(inputsOf(ClassifyDocumentCommand).map((input) => input.Text)).toEqual(
      expect.arrayContaining([text, family]),
    );
  });

  it('cuts a long text to the 10 KB ClassifyDocument limit', async () => {
    // Arrange: 9,999 characters of three bytes each.
    const text = `en: ${'€'.repeat(9_995)}`;
    answerAll();
    const { classifier } = cascade({ customClassifierEndpointArn: endpointArn });
    // Act
    await classifier.classify([mention('1', text)]);
    // Assert
    const [classify] = inputsOf(ClassifyDocumentCommand);
    expect(classify?.Text).toBe(`en: ${'€'.repeat(3_332)}`);
    expect(Buffer.byteLength(classify?.Text ?? '', 'utf8')).toBe(10_000);
    expect(inputsOf(DetectPiiEntitiesCommand)[0]?.Text).toBe(text);
  });

  it.each([
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
  ])(
    'falls back to the local results when the batch call is throttled (%s), without throwing',
    async (_name, error) => {
      // Arrange
      comprehend.on(BatchDetectDominantLanguageCommand).rejects(error);
      const local = new StubClassifier();
      const logger = { warn: vi.fn() };
      const { classifier, onFallback } = cascade({ local, logger });
      const mentions = [mention('1', 'en: charged twice'), mention('2', 'en: still charged twice')];
      // Act
      const results = await classifier.classify(mentions);
      // Assert
      expect(results).toEqual(await local.classify(mentions));
      expect(onFallback.mock.calls).toEqual([
        ['throttled', 'x:1'],
        ['throttled', 'x:2'],
      ]);
      expect(comprehend.calls()).toHaveLength(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'Comprehend request failed: local results kept',
        expect.objectContaining({ operation: 'BatchDetectDominantLanguage', reason: 'throttled', documents: 2 }),
      );
    },
  );

  it('does not ask a throttled operation again in the same call: the rest of its documents fall back', async () => {
    // Arrange: 30 English mentions make two sentiment batches, 25 + 5; the first is throttled.
    const mentions = Array.from({ length: 30 }, (_, i) => mention(`${i}`, `en: problem ${i}`));
    answerLanguages();
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
    const { classifier, onFallback } = cascade();
    // Act
    const results = await classifier.classify(mentions);
    // Assert: the second batch is not sent; PII detection, another operation, still is.
    expect(comprehend.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(30);
    expect(inputsOf(BatchDetectSentimentCommand)).toHaveLength(1);
    expect(results.every((r) => r.sentiment === undefined)).toBe(true);
    expect(results.every((r) => r.language?.code === 'en')).toBe(true);
    expect(results[0]?.reasons).toContain('Comprehend sentiment not used (throttled): local result kept');
    expect(onFallback).toHaveBeenCalledTimes(30);
    expect(new Set(onFallback.mock.calls.map(([reason]) => reason))).toEqual(new Set(['throttled']));
  });

  it.each([
    ['InternalServerException', new InternalServerException({ message: 'boom', $metadata: {} }), 'unavailable'],
    ['a 503', Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailableException' }), 'unavailable'],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'unavailable'],
    [
      'an invalid request',
      Object.assign(new Error('bad'), { name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } }),
      'error',
    ],
  ])('falls back with the right reason on %s', async (_name, error, reason) => {
    // Arrange
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(error);
    const local = new StubClassifier();
    const { classifier, onFallback } = cascade({ local });
    const mentions = [mention('1', 'en: charged twice')];
    // Act
    const results = await classifier.classify(mentions);
    // Assert
    expect(results).toEqual(await local.classify(mentions));
    expect(onFallback.mock.calls).toEqual([[reason, 'x:1']]);
  });

  it('falls back only for the documents in a partial ErrorList', async () => {
    // Arrange
    const mentions = [
      mention('1', 'en: charged twice'),
      mention('2', 'en: refund please'),
      mention('3', 'en: app down'),
    ];
    answerAll();
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [
        { Index: 0, Languages: [{ LanguageCode: 'en', Score: 0.98 }] },
        { Index: 2, Languages: [{ LanguageCode: 'en', Score: 0.97 }] },
      ],
      ErrorList: [{ Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'try again' }],
    });
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [
        { Index: 0, Sentiment: 'NEGATIVE', SentimentScore: { Positive: 0, Negative: 0.9, Neutral: 0.1, Mixed: 0 } },
      ],
      ErrorList: [{ Index: 1, ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED', ErrorMessage: 'too long' }],
    });
    const local = new StubClassifier();
    const { classifier, onFallback } = cascade({ local });
    // Act
    const results = await classifier.classify(mentions);
    // Assert: the second mention never reached sentiment; the third was refused there.
    expect(inputsOf(BatchDetectSentimentCommand)).toEqual([
      { LanguageCode: 'en', TextList: ['en: charged twice', 'en: app down'] },
    ]);
    expect(results[1]).toEqual(localResult());
    expect(results[0]?.sentiment).toEqual({ label: 'negative', score: -0.9 });
    expect(results[2]?.language?.code).toBe('en');
    expect(results[2]?.sentiment).toBeUndefined();
    expect(results[2]?.reasons).toContain('Comprehend sentiment not used (error): local result kept');
    expect(onFallback.mock.calls).toEqual([
      ['unavailable', 'x:2'],
      ['error', 'x:3'],
    ]);
  });

  it('sends nothing when the budget is spent, and falls back for budget', async () => {
    // Arrange
    const budget = new InMemoryCallBudget(10);
    await budget.tryConsume(10, today);
    const local = new StubClassifier();
    const { classifier, onFallback } = cascade({ local, budget, customClassifierEndpointArn: endpointArn });
    const mentions = [mention('1', 'en: charged twice'), mention('2', 'es: me cobraron dos veces')];
    // Act
    const results = await classifier.classify(mentions);
    // Assert
    expect(comprehend.calls()).toHaveLength(0);
    expect(results).toEqual(await local.classify(mentions));
    expect(onFallback.mock.calls).toEqual([
      ['budget', 'x:1'],
      ['budget', 'x:2'],
    ]);
  });

  it('stops calling Comprehend once the budget runs out part way, keeping what it already found', async () => {
    // Arrange: two calls left today: enough for the languages of two mentions, not their sentiment.
    const budget = new InMemoryCallBudget(2);
    answerAll();
    const { classifier, onFallback } = cascade({ budget, customClassifierEndpointArn: endpointArn });
    const mentions = [mention('1', 'en: charged twice'), mention('2', 'en: refund please')];
    // Act
    const results = await classifier.classify(mentions);
    // Assert
    expect(comprehend.calls()).toHaveLength(1);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(1);
    expect(results.map((r) => r.language?.code)).toEqual(['en', 'en']);
    expect(results[0]?.reasons).toContain('Comprehend sentiment not used (budget): local result kept');
    expect(onFallback.mock.calls).toEqual([
      ['budget', 'x:1'],
      ['budget', 'x:2'],
    ]);
  });

  it('counts the budget per UTC day from the clock', async () => {
    // Arrange
    const seen: [number, string][] = [];
    const budget: CallBudget = {
      tryConsume: async (calls, day) => {
        seen.push([calls, day]);
        return true;
      },
    };
    answerAll();
    const lateEvening = { now: () => new Date('2026-11-02T23:30:00-05:00') };
    const { classifier } = cascade({ budget, clock: lateEvening });
    // Act
    await classifier.classify([mention('1', 'en: charged twice')]);
    // Assert
    expect(seen).toEqual([
      [1, '2026-11-03'],
      [1, '2026-11-03'],
      [1, '2026-11-03'],
    ]);
  });

  it('falls back without calling Comprehend when the budget store cannot be read', async () => {
    // Arrange
    const budget: CallBudget = { tryConsume: () => Promise.reject(new Error('table unavailable')) };
    const { classifier, onFallback } = cascade({ budget });
    // Act
    const results = await classifier.classify([mention('1', 'en: charged twice')]);
    // Assert
    expect(comprehend.calls()).toHaveLength(0);
    expect(results).toEqual([localResult()]);
    expect(onFallback.mock.calls).toEqual([['error', 'x:1']]);
  });

  it('merges Comprehend sentiment, language and PII into a valid classification', async () => {
    // Arrange
    const text = 'en: you charged my card 4111 1111 1111 1111 twice, call me on 020 7946 0000 😡';
    answerLanguages();
    answerSentiment();
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        { Type: 'CREDIT_DEBIT_NUMBER', Score: 0.99, ...offsetsOf(text, '4111 1111 1111 1111') },
        { Type: 'PHONE', Score: 0.98, ...offsetsOf(text, '020 7946 0000') },
        // Not a PiiType of the bridge: not taken.
        { Type: 'NAME', Score: 0.9, ...offsetsOf(text, 'you') },
        // Below the 0.5 minimum: not taken.
        { Type: 'EMAIL', Score: 0.3, ...offsetsOf(text, 'twice') },
      ],
    });
    const { classifier, onFallback } = cascade();
    // Act
    const [result] = await classifier.classify([mention('1', text)]);
    // Assert
    expect(Classification.parse(result)).toEqual(result);
    expect(result).toEqual({
      ...localResult(),
      confidence: 0.66,
      modelVersion: 'rules-test+comprehend',
      language: { code: 'en', confidence: 0.99, supported: true },
      sentiment: { label: 'negative', score: -0.96 },
      pii: {
        types: ['card', 'phone'],
        redactedText: 'en: you charged my card [card] twice, call me on [phone] 😡',
        caseFields: { orderNumbers: [], accountNumbers: [] },
      },
      reasons: [
        ...localResult().reasons,
        'Comprehend language en 0.99',
        'Comprehend sentiment NEGATIVE 0.97',
        'Comprehend PII: card, phone',
        'confidence 0.60 → 0.66 with Comprehend',
      ],
    });
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('lets a confident custom class override the local intent, and ignores an unsure one', async () => {
    // Arrange
    const local = new StubClassifier(() =>
      localResult({ intent: 'chatter', serviceNeed: false, priority: 'P4', topic: 'orders-delivery', confidence: 0.5 }),
    );
    answerLanguages();
    answerSentiment();
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
    comprehend
      .on(ClassifyDocumentCommand, { Text: 'en: parcel never came' })
      .resolves({
        Classes: [
          { Name: 'complaint', Score: 0.92 },
          { Name: 'chatter', Score: 0.05 },
        ],
      })
      .on(ClassifyDocumentCommand, { Text: 'en: parcel came, I think' })
      .resolves({ Classes: [{ Name: 'request', Score: 0.55 }] });
    const { classifier } = cascade({ local, customClassifierEndpointArn: endpointArn });
    // Act
    const [overridden, kept] = await classifier.classify([
      mention('1', 'en: parcel never came'),
      mention('2', 'en: parcel came, I think'),
    ]);
    // Assert: 0.92 × (1 − 0.35 × 0.5) = 0.759; NEGATIVE agrees with a complaint: + 0.15 × 0.97 × 0.241.
    expect(overridden).toMatchObject({
      intent: 'complaint',
      serviceNeed: true,
      priority: 'P3',
      topic: 'orders-delivery',
      confidence: 0.79,
    });
    expect(overridden?.reasons).toEqual(
      expect.arrayContaining(['Comprehend custom class complaint 0.92: overrides chatter', 'priority P3: complaint']),
    );
    expect(kept).toMatchObject({ intent: 'chatter', serviceNeed: false, priority: 'P4', confidence: 0.5 });
    expect(kept?.reasons).toContain('Comprehend custom class request 0.55: below 0.70, not used');
    expect(Classification.safeParse(overridden).success && Classification.safeParse(kept).success).toBe(true);
  });

  it('skips an API for a language it does not support, without counting a fallback', async () => {
    // Arrange
    answerAll();
    comprehend.on(DetectPiiEntitiesCommand).rejects(new UnsupportedLanguageException({ message: 'es', $metadata: {} }));
    const { classifier, onFallback } = cascade();
    // Act
    const [dutch, spanish] = await classifier.classify([
      mention('1', 'nl: mijn rekening klopt niet'),
      mention('2', 'es: mi factura está mal'),
    ]);
    // Assert
    expect(inputsOf(BatchDetectSentimentCommand)).toEqual([
      { LanguageCode: 'es', TextList: ['es: mi factura está mal'] },
    ]);
    expect(inputsOf(DetectPiiEntitiesCommand)).toEqual([{ Text: 'es: mi factura está mal', LanguageCode: 'es' }]);
    expect(dutch?.language).toEqual({ code: 'nl', confidence: 0.99, supported: false });
    expect(dutch?.sentiment).toBeUndefined();
    expect(spanish?.sentiment?.label).toBe('negative');
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('keeps the local redaction and sends only the redacted text to the non-PII operations', async () => {
    // Arrange
    const local = new StubClassifier(() =>
      localResult({
        pii: {
          types: ['email'],
          redactedText: 'en: write to [email] or call 020 7946 0000',
          caseFields: { orderNumbers: [], accountNumbers: [] },
        },
      }),
    );
    const text = 'en: write to jo@example.com or call 020 7946 0000';
    answerAll();
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        { Type: 'EMAIL', Score: 0.99, BeginOffset: 13, EndOffset: 27 },
        { Type: 'PHONE', Score: 0.97, BeginOffset: 36, EndOffset: 49 },
      ],
    });
    const { classifier } = cascade({ local, customClassifierEndpointArn: endpointArn });
    // Act
    const [result] = await classifier.classify([mention('1', text)]);
    // Assert
    expect(inputsOf(BatchDetectDominantLanguageCommand)).toEqual([
      { TextList: ['en: write to [email] or call 020 7946 0000'] },
    ]);
    expect(inputsOf(DetectPiiEntitiesCommand)).toEqual([{ Text: text, LanguageCode: 'en' }]);
    expect(inputsOf(ClassifyDocumentCommand)).toEqual([
      { EndpointArn: endpointArn, Text: 'en: write to [email] or call 020 7946 0000' },
    ]);
    expect(result?.pii).toEqual({
      types: ['email', 'phone'],
      redactedText: 'en: write to [email] or call [phone]',
      caseFields: { orderNumbers: [], accountNumbers: [] },
    });
  });

  it("leaves deleted posts, the brand's own posts and reposts to the local classifier", async () => {
    // Arrange
    const { classifier } = cascade();
    // Act
    await classifier.classify([
      mention('1', 'en: charged twice', { brandOwned: true }),
      mention('2', 'en: charged twice', { repost: true }),
      { ...mention('3', 'en: [deleted]'), deletedAt: `${today}T10:00:00Z` } satisfies Mention,
    ]);
    // Assert
    expect(comprehend.calls()).toHaveLength(0);
  });

  it('reports its model version, and the factory fills in defaults', async () => {
    // Arrange
    answerAll();
    const classifier = createComprehendCascade({
      local: new StubClassifier(),
      client,
      budget: new InMemoryCallBudget(5),
    });
    // Act
    const [result] = await classifier.classify([mention('1', 'en: charged twice')]);
    // Assert
    expect(classifier.modelVersion).toBe('rules-test+comprehend');
    expect(result?.modelVersion).toBe('rules-test+comprehend');
    expect(() => cascade({ band: { low: 0.8, high: 0.2 } })).toThrow(RangeError);
  });

  it('estimates spend in units of 100 characters, at least 3 a call', () => {
    expect(comprehendSpend(1_000)).toBeCloseTo(0.3, 10);
    expect(comprehendSpend(10, 1_050)).toBeCloseTo(0.011, 10);
  });
});
