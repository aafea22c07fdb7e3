import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets without leaking, through timing, how much of them matched. Hashing both
 * first gives equal lengths, which timingSafeEqual requires, without revealing the real length.
 */
export const constantTimeEquals = (presented: string, expected: string): boolean => {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
};

/**
 * Compares presented bytes (a signature) with the expected ones: lengths first, since
 * timingSafeEqual needs equal lengths, then in constant time.
 */
export const sameBytes = (presented: Buffer, expected: Buffer): boolean =>
  presented.length === expected.length && timingSafeEqual(presented, expected);
