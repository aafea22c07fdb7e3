import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DetectedLanguage } from '../../../lambdas/domain/classification.ts';
import {
  cleanForLanguage,
  detectLanguage,
  normaliseLanguageTag,
  supportedLanguages,
} from '../../../lambdas/domain/text/detect-language.ts';
import { supportedCorpus, unsupportedCorpus } from './language-corpus.ts';

describe('detectLanguage: the four supported languages, social register', () => {
  it.each(Object.entries(supportedCorpus))('%s: at least 9 in 10 posts detected', (language, posts) => {
    // Act
    const results = posts.map((text) => ({ text, detected: detectLanguage(text) }));

    // Assert
    const failures = results
      .filter(({ detected }) => detected.code !== language)
      .map(({ text, detected }) => `${detected.code} (${detected.confidence}): ${text}`);
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(failures.length, `misdetected:\n${failures.join('\n')}`).toBeLessThanOrEqual(Math.floor(posts.length / 10));
    for (const { detected } of results.filter(({ detected }) => detected.code === language)) {
      expect(detected.supported).toBe(true);
      expect(detected.confidence).toBeGreaterThan(0.3);
    }
  });
});

describe('detectLanguage: languages the classifier is not built for', () => {
  it.each(unsupportedCorpus)('$code: $text', ({ text, code }) => {
    // Act
    const detected = detectLanguage(text);

    // Assert
    expect(detected).toMatchObject({ code, supported: false });
    expect(detected.confidence).toBeGreaterThan(0.5);
  });
});

describe('detectLanguage: short texts and network hints', () => {
  it.each<{ text: string; hint: string | undefined; expected: DetectedLanguage }>([
    { text: '👍👍', hint: undefined, expected: { code: 'und', confidence: 0, supported: false } },
    { text: '!!!???', hint: undefined, expected: { code: 'und', confidence: 0, supported: false } },
    {
      text: '@AcmeBank 12345 https://t.co/abc',
      hint: undefined,
      expected: { code: 'und', confidence: 0, supported: false },
    },
    { text: '', hint: undefined, expected: { code: 'und', confidence: 0, supported: false } },
    { text: 'gracias', hint: undefined, expected: { code: 'und', confidence: 0, supported: false } },
    { text: 'gracias', hint: 'es', expected: { code: 'es', confidence: 0.55, supported: true } },
    { text: 'merci !', hint: 'fr-CA', expected: { code: 'fr', confidence: 0.55, supported: true } },
    { text: 'danke 🙏', hint: 'de-DE', expected: { code: 'de', confidence: 0.55, supported: true } },
    { text: 'valeu!!', hint: 'pt-BR', expected: { code: 'pt', confidence: 0.55, supported: false } },
    { text: '👍👍', hint: 'en', expected: { code: 'en', confidence: 0.55, supported: true } },
    { text: 'makasih', hint: 'in', expected: { code: 'id', confidence: 0.55, supported: false } },
    { text: '👍👍', hint: 'und', expected: { code: 'und', confidence: 0, supported: false } },
    { text: '👍👍', hint: 'qme', expected: { code: 'und', confidence: 0, supported: false } },
    { text: '👍👍', hint: 'zxx', expected: { code: 'und', confidence: 0, supported: false } },
  ])('$text with hint $hint → $expected.code', ({ text, hint, expected }) => {
    // Act
    const detected = detectLanguage(text, hint);

    // Assert
    expect(detected).toEqual(expected);
  });

  it('a post franc is unsure about takes the network hint', () => {
    // Arrange: franc alone reads this English post as French, with low confidence.
    const text = 'Love the new update, the dark mode looks sick 🔥';
    const alone = detectLanguage(text);

    // Act
    const hinted = detectLanguage(text, 'en');

    // Assert
    expect(alone.confidence).toBeLessThan(0.5);
    expect(hinted).toMatchObject({ code: 'en', supported: true });
  });

  it('a confident detection beats a disagreeing hint', () => {
    // Act
    const detected = detectLanguage('Llevo una semana esperando el pedido y nadie me dice nada, vaya servicio', 'en');

    // Assert
    expect(detected.code).toBe('es');
  });

  it('an agreeing hint raises confidence', () => {
    // Arrange
    const text = 'la app no funciona desde ayer, no puedo entrar en mi cuenta';

    // Act
    const alone = detectLanguage(text);
    const hinted = detectLanguage(text, 'es-ES');

    // Assert
    expect(alone.code).toBe('es');
    expect(hinted.code).toBe('es');
    expect(hinted.confidence).toBeGreaterThan(alone.confidence);
  });

  it('short Japanese, Korean and Greek posts are decided by their script', () => {
    // Act
    const results = ['ありがとう', '감사합니다', 'ευχαριστώ πολύ'].map((text) => detectLanguage(text).code);

    // Assert
    expect(results).toEqual(['ja', 'ko', 'el']);
  });
});

describe('detectLanguage: output and helpers', () => {
  it('every result is a valid DetectedLanguage and `supported` follows supportedLanguages', () => {
    // Arrange
    const texts = [...Object.values(supportedCorpus).flat(), ...unsupportedCorpus.map(({ text }) => text), '👍', ''];

    // Act
    const results = texts.map((text) => detectLanguage(text));

    // Assert
    for (const result of results) {
      expect(DetectedLanguage.parse(result)).toEqual(result);
      expect(result.supported).toBe(supportedLanguages.has(result.code));
    }
    expect([...supportedLanguages].sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it('cleaning strips URLs, handles, the # of hashtags, emoji and digits', () => {
    // Act
    const cleaned = cleanForLanguage('@AcmeAir 3rd time!! 😡😡 see https://t.co/x1 #neveragain &amp; bye');

    // Assert
    expect(cleaned).toBe('rd time!! see neveragain bye');
  });

  it.each<[string | undefined, string | undefined]>([
    ['en', 'en'],
    ['pt-BR', 'pt'],
    ['EN_gb', 'en'],
    ['in', 'id'],
    ['iw', 'he'],
    ['spa', 'es'],
    ['und', undefined],
    ['qht', undefined],
    ['', undefined],
    ['not a tag', undefined],
    [undefined, undefined],
  ])('network tag %s → %s', (tag, expected) => {
    // Act / Assert
    expect(normaliseLanguageTag(tag)).toBe(expected);
  });
});

const tweetsPath = fileURLToPath(new URL('../../../../shared/data/airline-tweets/Tweets.csv', import.meta.url));
const tweetsPresent = existsSync(tweetsPath);

describe('detectLanguage: real English tweets (shared evaluation data, read in place)', () => {
  it.skipIf(!tweetsPresent)(
    `at least 90% of the airline tweets are English${tweetsPresent ? '' : ' (skipped: ../shared/data/airline-tweets/Tweets.csv is absent)'}`,
    () => {
      // Arrange
      const rows: Array<{ text: string }> = parse(readFileSync(tweetsPath), { columns: true });

      // Act
      const english = rows.filter(({ text }) => detectLanguage(text).code === 'en').length;

      // Assert
      expect(english / rows.length).toBeGreaterThan(0.9);
    },
  );
});
