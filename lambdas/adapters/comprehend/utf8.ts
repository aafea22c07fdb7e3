/** Byte-limit helpers for texts sent to Amazon Comprehend, whose limits are in bytes of UTF-8. */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Bytes `text` takes in UTF-8. */
export const utf8ByteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

const codePointBytes = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between characters: never
 * inside a multi-byte character or a surrogate pair, and where it can be, not inside a grapheme
 * cluster either (an emoji with a skin tone or a ZWJ family, a flag, a letter with combining
 * marks), so the text sent ends with whole, readable characters. When even the first grapheme
 * cluster does not fit, the cut falls on the last whole code point instead.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (!Number.isInteger(maxBytes) || maxBytes < 0)
    throw new RangeError(`maxBytes must be a whole number, got ${maxBytes}`);
  // Every UTF-16 code unit takes at most 3 bytes (a pair, two units, takes 4).
  if (text.length * 3 <= maxBytes || utf8ByteLength(text) <= maxBytes) return text;

  let bytes = 0;
  let end = 0;
  for (const character of text) {
    // A lone surrogate iterates as itself and is encoded as U+FFFD (3 bytes).
    const size = codePointBytes(character.codePointAt(0) ?? 0);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += character.length;
  }

  let cut = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    const next = index + segment.length;
    if (next > end) break;
    cut = next;
  }
  return text.slice(0, cut > 0 ? cut : end);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with every unpaired surrogate replaced by U+FFFD, as it would be encoded in UTF-8
 * anyway; code point offsets are unchanged (one code point for one).
 */
export const wellFormed = (text: string): string => text.replace(loneSurrogate, '\uFFFD');
