import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateUtf8, utf8ByteLength, wellFormed } from '../../../lambdas/adapters/comprehend/utf8.ts';
import { isWellFormedUtf8 } from './fixtures.ts';

describe('truncateUtf8', () => {
  it('returns a text that fits unchanged', () => {
    // Arrange
    const text = 'héllo 😀';
    // Act
    const cut = truncateUtf8(text, utf8ByteLength(text));
    // Assert
    expect(cut).toBe(text);
  });

  it.each([
    ['a two-byte letter', `${'a'.repeat(9)}é`, 10, 'a'.repeat(9)],
    ['a three-byte sign', `${'a'.repeat(8)}€`, 10, 'a'.repeat(8)],
    ['a surrogate pair', `${'a'.repeat(7)}😀`, 10, 'a'.repeat(7)],
    ['an emoji with a skin tone', `${'a'.repeat(2)}👍🏽`, 7, 'aa'],
    ['a flag', `a🇪🇸`, 6, 'a'],
    ['a letter with a combining accent', 'aae\u0301', 3, 'aa'],
  ])('never cuts inside %s', (_what, text, maxBytes, expected) => {
    // Act
    const cut = truncateUtf8(text, maxBytes);
    // Assert
    expect(cut).toBe(expected);
    expect(isWellFormedUtf8(cut)).toBe(true);
  });

  it('falls back to a code point boundary when one grapheme cluster is larger than the limit', () => {
    // Arrange: a single cluster of 1 + 200 × 2 bytes.
    const zalgo = `a${'\u0301'.repeat(200)}`;
    // Act
    const cut = truncateUtf8(zalgo, 11);
    // Assert
    expect(cut).toBe(`a${'\u0301'.repeat(5)}`);
  });

  it('always gives a well-formed prefix within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 4, max: 600 }),
        (text, maxBytes) => {
          const cut = truncateUtf8(text, maxBytes);
          expect(text.startsWith(cut)).toBe(true);
          expect(utf8ByteLength(cut)).toBeLessThanOrEqual(maxBytes);
          expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
          if (utf8ByteLength(text) <= maxBytes) expect(cut).toBe(text);
        },
      ),
    );
  });
});

describe('wellFormed', () => {
  it('replaces unpaired surrogates, keeping pairs and code point offsets', () => {
    // Arrange
    const text = `a\uD83Db😀c\uDE00`;
    // Act
    const fixed = wellFormed(text);
    // Assert
    expect(fixed).toBe('a\uFFFDb😀c\uFFFD');
    expect(Array.from(fixed)).toHaveLength(Array.from(text).length);
  });
});
