import { describe, expect, it } from 'vitest';
import { bucketOf, fmix32, fnv1a32, fnvCodePoint, fnvOffsetBasis } from '../../../lambdas/domain/model/hashing.ts';

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the FNV-1a reference value', (text, expected) => {
    // Arrange: reference values of the FNV specification
    // Act
    const hash = fnv1a32(text);
    // Assert
    expect(hash).toBe(expected);
  });

  it('hashes non-ASCII text as its UTF-8 bytes', () => {
    // Arrange: "é" is the two bytes 0xc3 0xa9
    const byByte = (h: number, b: number) => Math.imul(h ^ b, 0x01000193);
    const expected = byByte(byByte(fnvOffsetBasis, 0xc3), 0xa9) >>> 0;
    // Act
    const hash = fnv1a32('é');
    // Assert
    expect(hash).toBe(expected);
  });

  it('continues incrementally: hashing code point by code point equals hashing the string', () => {
    // Arrange
    const text = 'w:café 😡';
    // Act
    let h = fnvOffsetBasis;
    for (const char of text) h = fnvCodePoint(h, char.codePointAt(0) ?? 0);
    // Assert
    expect(h >>> 0).toBe(fnv1a32(text));
  });

  it('is deterministic and spreads similar strings apart', () => {
    // Arrange
    const words = ['refund', 'refunds', 'refunded'];
    // Act
    const first = words.map(fnv1a32);
    const second = words.map(fnv1a32);
    // Assert
    expect(first).toEqual(second);
    expect(new Set(first).size).toBe(3);
  });
});

describe('bucketOf', () => {
  it('maps a hash into 2^bits buckets through fmix32', () => {
    // Arrange
    const hash = fnv1a32('w:refund');
    // Act
    const bucket = bucketOf(hash, 18);
    // Assert
    expect(bucket).toBe(fmix32(hash) & 0x3ffff);
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(2 ** 18);
  });

  it('has the murmur3 finaliser reference value for 0 and a known non-zero input', () => {
    // Arrange / Act / Assert
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
});
