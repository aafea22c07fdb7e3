/**
 * Feature hashing. Pure and allocation-free: FNV-1a (32-bit) over the UTF-8 bytes of a string,
 * fed one code point at a time so that callers can hash n-grams incrementally, then a murmur3
 * finaliser (fmix32) so that the low bits used as the bucket number are well mixed.
 *
 * `fnv1a32("")` is 0x811c9dc5, `fnv1a32("a")` is 0xe40c292c, `fnv1a32("foobar")` is 0xbf9cf968:
 * the reference values of the FNV specification.
 */

/** The FNV-1a offset basis, as a signed 32-bit integer. */
export const fnvOffsetBasis = 0x811c9dc5 | 0;
const fnvPrime = 0x01000193;

// Hashes are carried as signed 32-bit integers (V8 small integers: no allocation); `>>> 0` turns
// one into the unsigned value of the specification.
const byte = (hash: number, b: number): number => Math.imul(hash ^ b, fnvPrime);

/** Continues an FNV-1a hash (as a signed 32-bit integer) with one code point, as its UTF-8 bytes. */
export const fnvCodePoint = (hash: number, cp: number): number => {
  if (cp < 0x80) return Math.imul(hash ^ cp, fnvPrime);
  if (cp < 0x800) return byte(byte(hash, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    return byte(byte(byte(hash, 0xe0 | (cp >> 12)), 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
  }
  return byte(
    byte(byte(byte(hash, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f)), 0x80 | ((cp >> 6) & 0x3f)),
    0x80 | (cp & 0x3f),
  );
};

/** Continues an FNV-1a hash with every code point of `text`. */
export const fnvString = (hash: number, text: string): number => {
  let h = hash;
  for (const char of text) h = fnvCodePoint(h, char.codePointAt(0) ?? 0);
  return h;
};

/** FNV-1a, 32-bit, of the UTF-8 encoding of `text`. */
export const fnv1a32 = (text: string): number => fnvString(fnvOffsetBasis, text) >>> 0;

/** The murmur3 32-bit finaliser, as a signed 32-bit integer: every input bit affects every output bit. */
export const mix32 = (hash: number): number => {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** The murmur3 32-bit finaliser (fmix32), unsigned. */
export const fmix32 = (hash: number): number => mix32(hash) >>> 0;

/** The bucket of a finished FNV-1a hash among `2 ** bits` buckets (bits ≤ 30). */
export const bucketOf = (hash: number, bits: number): number => mix32(hash) & ((1 << bits) - 1);
