import { z } from 'zod';
import { fnvCodePoint, fnvOffsetBasis, fnvString } from './hashing.ts';

/**
 * Feature extraction for the linear model: hashed word unigrams and bigrams and character
 * n-grams within words, in one pass over the text with reusable typed-array buffers.
 *
 * Normalisation (in this order):
 * 1. lower-case (`toLowerCase`); when `stripAccents`, text with non-ASCII characters is decomposed
 *    (NFD) and the combining diacritics U+0300–U+036F dropped ("café" → "cafe").
 * 2. tokens are runs of Unicode letters, digits and marks. Inside a word an apostrophe (' or ’)
 *    is dropped ("don't" → "dont", so it meets the tweet spelling "dont"); a letter repeated more
 *    than `maxRepeat` times in a row is cut to `maxRepeat` ("soooo" → "soo" with 2).
 * 3. placeholders: `http://…`, `https://…`, `www.…` up to the next space → `<url>`; `@handle`
 *    (not inside a word, so e-mail addresses are not handles) → `<user>`; numbers (digits, with
 *    `.`, `,` or `:` between digits) → `<num>`. `#` is dropped and the tag read as a word.
 * 4. a run of `?` and `!` is one token, `?` if it holds one, else `!`; each emoji (Unicode
 *    Extended_Pictographic) is a token, a repeat of the same emoji right after it is dropped.
 *
 * Features, each hashed with FNV-1a over the UTF-8 of its string (see `featureStrings`):
 * - `w:TOKEN` for every token, `b:TOKEN TOKEN` for every pair of neighbouring tokens;
 * - `c:NGRAM` for every character n-gram, `charNgrams.min`…`charNgrams.max` long, of each word
 *   with boundary markers (`<word>`), words only (not placeholders, punctuation or emoji).
 *
 * Weighting: each occurrence of a feature adds `wordWeight` (word n-grams) or `charWeight`
 * (character n-grams) to its bucket, and the vector is divided by the square root of the sum of
 * the squared weights of all occurrences: the L2 norm when no two occurrences share a bucket
 * (term frequency within one mention is kept: a repeated n-gram counts twice).
 */

export const hashingScheme = 'fnv1a32-utf8+fmix32';

export const FeatureConfig = z.object({
  hashing: z.literal(hashingScheme),
  /** Buckets: 2 ** bits. */
  bits: z.number().int().min(8).max(24),
  /** Word n-grams: 1 (unigrams) or 2 (unigrams and bigrams). */
  wordNgrams: z.number().int().min(1).max(2),
  charNgrams: z.object({ min: z.number().int().min(1).max(8), max: z.number().int().min(1).max(8) }),
  stripAccents: z.boolean(),
  maxRepeat: z.number().int().min(1).max(8),
  wordWeight: z.number().positive(),
  charWeight: z.number().positive(),
});
export type FeatureConfig = z.infer<typeof FeatureConfig>;

export const defaultFeatureConfig: FeatureConfig = {
  hashing: hashingScheme,
  bits: 18,
  wordNgrams: 2,
  charNgrams: { min: 3, max: 5 },
  stripAccents: true,
  maxRepeat: 2,
  wordWeight: 1,
  charWeight: 0.5,
};

/** What a feature is: a word unigram, a word bigram, or a character n-gram. */
export const featureKind = { unigram: 0, bigram: 1, char: 2 } as const;

const tokenKind = { word: 0, num: 1, url: 2, user: 3, punct: 4, emoji: 5 } as const;

// Character classes.
const SEPARATOR = 0;
const WORD = 1;
const EMOJI = 2;
const IGNORE = 3;

const asciiClass = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c += 1) asciiClass[c] = WORD;
for (let c = 0x41; c <= 0x5a; c += 1) asciiClass[c] = WORD;
for (let c = 0x61; c <= 0x7a; c += 1) asciiClass[c] = WORD;

const wordPattern = /^[\p{L}\p{N}\p{M}]$/u;
const emojiPattern = /^\p{Extended_Pictographic}$/u;
/** Non-ASCII code points seen so far and their class: a memo, so the regular expressions run once per character. */
const classMemo = new Map<number, number>();

const classOf = (cp: number): number => {
  if (cp < 128) return asciiClass[cp] ?? SEPARATOR;
  const known = classMemo.get(cp);
  if (known !== undefined) return known;
  let cls = SEPARATOR;
  // zero-width joiner, variation selectors, skin tones: part of an emoji or a word, never a break
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) cls = IGNORE;
  else {
    const char = String.fromCodePoint(cp);
    if (wordPattern.test(char)) cls = WORD;
    else if (emojiPattern.test(char)) cls = EMOJI;
  }
  if (classMemo.size < 100_000) classMemo.set(cp, cls);
  return cls;
};

const asciiChars = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;

/** The code point at `i` of `s` whose first code unit is `unit` (≥ 0xd800); above 0xffff it takes two units. */
const codePointAt = (s: string, i: number, unit: number): number => {
  if (unit <= 0xdbff && i + 1 < s.length) {
    const low = s.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return unit;
};

/** The character class at `i` of `s` (a separator past the end). */
const classAt = (s: string, i: number): number => {
  if (i >= s.length) return SEPARATOR;
  const unit = s.charCodeAt(i);
  return classOf(unit >= 0xd800 ? codePointAt(s, i, unit) : unit);
};

const codePoints = (text: string): number[] => Array.from(text, (c) => c.codePointAt(0) ?? 0);
const placeholder = {
  [tokenKind.num]: codePoints('<num>'),
  [tokenKind.url]: codePoints('<url>'),
  [tokenKind.user]: codePoints('<user>'),
} as const;

const seedWord = fnvString(fnvOffsetBasis, 'w:');
const seedBigram = fnvString(fnvOffsetBasis, 'b:');
const seedChar = fnvString(fnvOffsetBasis, 'c:');
const SPACE = 0x20;
/** The FNV prime, and murmur3's fmix32 inlined below (as in hashing.ts): this is the hot loop. */
const PRIME = 0x01000193;
const mix32 = (hash: number): number => {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};
const LT = 0x3c;
const GT = 0x3e;

const combiningMarks = /[\u0300-\u036f]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range itself
const nonAscii = /[^\u0000-\u007f]/u;

const grow = <T extends Int32Array | Uint8Array>(array: T, needed: number, make: (n: number) => T): T => {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
};

/**
 * Extracts the features of one text at a time into reusable buffers. Not shared between
 * concurrent callers; deterministic; no I/O.
 */
export class FeatureExtractor {
  readonly config: FeatureConfig;
  /** Number of feature occurrences of the last text. */
  count = 0;
  /** Bucket of each occurrence. */
  buckets = new Int32Array(1024);
  /** `featureKind` of each occurrence. */
  kinds = new Uint8Array(1024);
  /** The token each occurrence belongs to (a bigram: its first token). */
  owners = new Int32Array(1024);
  /** Character n-grams: start (in the bracketed word) * 16 + length. */
  spans = new Int32Array(1024);
  /** 1 / the norm of the last text's vector (0 when it has no features). */
  norm = 0;
  /** Number of tokens of the last text. */
  tokenCount = 0;
  private tokenKinds = new Uint8Array(256);
  private tokenStarts = new Int32Array(256);
  private tokenLengths = new Int32Array(256);
  /** Code points of every token, placeholders written out. */
  private chars = new Int32Array(2048);
  private charCount = 0;
  private readonly mask: number;

  constructor(config: FeatureConfig = defaultFeatureConfig) {
    this.config = FeatureConfig.parse(config);
    this.mask = (1 << this.config.bits) - 1;
  }

  /** Extracts the features of `text`; returns their number (also in `count`). */
  extract(text: string): number {
    this.tokenise(this.normalise(text));
    this.emit();
    return this.count;
  }

  /** The weight of occurrence `i` in the normalised vector. */
  value(i: number): number {
    return (this.kinds[i] === featureKind.char ? this.config.charWeight : this.config.wordWeight) * this.norm;
  }

  /** The normalised text of token `t` of the last text. */
  token(t: number): string {
    const start = this.tokenStarts[t] ?? 0;
    const end = start + (this.tokenLengths[t] ?? 0);
    let text = '';
    for (let k = start; k < end; k += 1) {
      const cp = this.chars[k] ?? 0;
      text += cp < 128 ? (asciiChars[cp] ?? '') : String.fromCodePoint(cp);
    }
    return text;
  }

  /** The string feature `i` was hashed from: `w:…`, `b:… …` or `c:…`. */
  feature(i: number): string {
    const owner = this.owners[i] ?? 0;
    const kind = this.kinds[i];
    if (kind === featureKind.unigram) return `w:${this.token(owner)}`;
    if (kind === featureKind.bigram) return `b:${this.token(owner)} ${this.token(owner + 1)}`;
    const span = this.spans[i] ?? 0;
    const start = span >> 4;
    return `c:${`<${this.token(owner)}>`.slice(start, start + (span & 15))}`;
  }

  private normalise(text: string): string {
    const lower = text.toLowerCase();
    if (!this.config.stripAccents || !nonAscii.test(lower)) return lower;
    return lower.normalize('NFD').replace(combiningMarks, '');
  }

  private pushToken(kind: number, start: number): void {
    const t = this.tokenCount;
    if (t >= this.tokenKinds.length) {
      const size = this.tokenKinds.length * 2;
      this.tokenKinds = grow(this.tokenKinds, size, (n) => new Uint8Array(n));
      this.tokenStarts = grow(this.tokenStarts, size, (n) => new Int32Array(n));
      this.tokenLengths = grow(this.tokenLengths, size, (n) => new Int32Array(n));
    }
    this.tokenKinds[t] = kind;
    this.tokenStarts[t] = start;
    this.tokenLengths[t] = this.charCount - start;
    this.tokenCount = t + 1;
  }

  private pushPlaceholder(
    kind: typeof tokenKind.num | typeof tokenKind.url | typeof tokenKind.user,
    start: number,
  ): void {
    this.charCount = start;
    for (const cp of placeholder[kind]) this.chars[this.charCount++] = cp;
    this.pushToken(kind, start);
  }

  private tokenise(s: string): void {
    this.tokenCount = 0;
    this.charCount = 0;
    const n = s.length;
    // a token holds at most its characters, or a placeholder of up to 6 from 1 character or more
    if (this.chars.length < 6 * n + 8) this.chars = new Int32Array(12 * n + 16);
    const maxRepeat = this.config.maxRepeat;
    let i = 0;
    let afterWord = false;
    while (i < n) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800) cp = codePointAt(s, i, cp);
      let width = cp > 0xffff ? 2 : 1;
      const cls = cp < 128 ? (asciiClass[cp] ?? SEPARATOR) : classOf(cp);
      if (cls === WORD) {
        const start = this.charCount;
        if (
          (cp === 0x68 && (s.startsWith('http://', i) || s.startsWith('https://', i))) ||
          (cp === 0x77 && s.startsWith('www.', i))
        ) {
          while (i < n && s.charCodeAt(i) > SPACE) i += 1;
          this.pushPlaceholder(tokenKind.url, start);
          afterWord = false;
          continue;
        }
        let digits = true;
        let run = 0;
        let last = -1;
        while (i < n) {
          cp = s.charCodeAt(i);
          if (cp >= 0xd800) cp = codePointAt(s, i, cp);
          width = cp > 0xffff ? 2 : 1;
          const c = cp < 128 ? (asciiClass[cp] ?? SEPARATOR) : classOf(cp);
          if (c === WORD) {
            const digit = cp >= 0x30 && cp <= 0x39;
            if (!digit) digits = false;
            run = cp === last ? run + 1 : 1;
            last = cp;
            if (run <= maxRepeat || digit) this.chars[this.charCount++] = cp;
            i += width;
          } else if (c === IGNORE) {
            i += width;
          } else if ((cp === 0x27 || cp === 0x2019) && classAt(s, i + 1) === WORD) {
            i += 1; // apostrophe inside a word: dropped
          } else if (digits && (cp === 0x2e || cp === 0x2c || cp === 0x3a) && isDigit(s.charCodeAt(i + 1))) {
            i += 1; // 1,000 · 3.5 · 10:30
          } else break;
        }
        if (digits) this.pushPlaceholder(tokenKind.num, start);
        else this.pushToken(tokenKind.word, start);
        afterWord = true;
        continue;
      }
      if (cp === 0x40 && !afterWord) {
        let j = i + 1;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === 0x5f || (c < 128 ? asciiClass[c] === WORD : classAt(s, j) === WORD)) j += c >= 0xd800 ? 2 : 1;
          else break;
        }
        if (j > i + 1) {
          this.pushPlaceholder(tokenKind.user, this.charCount);
          i = j;
          afterWord = true;
          continue;
        }
      }
      afterWord = false;
      if (cp === 0x3f || cp === 0x21) {
        let question = false;
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === 0x3f) question = true;
          else if (c !== 0x21) break;
          i += 1;
        }
        const start = this.charCount;
        this.chars[this.charCount++] = question ? 0x3f : 0x21;
        this.pushToken(tokenKind.punct, start);
        continue;
      }
      if (cls === EMOJI) {
        const t = this.tokenCount - 1;
        const previous =
          t >= 0 && this.tokenKinds[t] === tokenKind.emoji ? this.chars[this.tokenStarts[t] ?? 0] : undefined;
        if (previous !== cp) {
          const start = this.charCount;
          this.chars[this.charCount++] = cp;
          this.pushToken(tokenKind.emoji, start);
        }
      }
      i += width;
    }
  }

  private emit(): void {
    this.count = 0;
    const { min, max } = this.config.charNgrams;
    const bigrams = this.config.wordNgrams >= 2;
    // an upper bound on the occurrences: grow once, then write without checks
    const bound = this.tokenCount * 2 + (this.charCount + 2 * this.tokenCount) * (max - min + 1);
    if (bound > this.buckets.length) {
      const size = bound * 2;
      this.buckets = new Int32Array(size);
      this.kinds = new Uint8Array(size);
      this.owners = new Int32Array(size);
      this.spans = new Int32Array(size);
    }
    const { chars, mask, buckets, kinds, owners, spans, tokenStarts, tokenLengths, tokenKinds } = this;
    let k = 0;
    let words = 0;
    let bigramPrefix = 0;
    for (let t = 0; t < this.tokenCount; t += 1) {
      const start = tokenStarts[t] as number;
      const end = start + (tokenLengths[t] as number);
      let hw = seedWord;
      let hb = seedBigram;
      let hp = bigramPrefix;
      for (let q = start; q < end; q += 1) {
        const c = chars[q] as number;
        if (c < 128) {
          hw = Math.imul(hw ^ c, PRIME);
          hb = Math.imul(hb ^ c, PRIME);
          hp = Math.imul(hp ^ c, PRIME);
        } else {
          hw = fnvCodePoint(hw, c);
          hb = fnvCodePoint(hb, c);
          hp = fnvCodePoint(hp, c);
        }
      }
      buckets[k] = mix32(hw) & mask;
      kinds[k] = featureKind.unigram;
      owners[k] = t;
      spans[k] = 0;
      k += 1;
      words += 1;
      if (bigrams && t > 0) {
        buckets[k] = mix32(hp) & mask;
        kinds[k] = featureKind.bigram;
        owners[k] = t - 1;
        spans[k] = 0;
        k += 1;
        words += 1;
      }
      bigramPrefix = Math.imul(hb ^ SPACE, PRIME);
      if (tokenKinds[t] !== tokenKind.word) continue;
      // character n-grams of "<word>": bracketed position q is '<' at 0, '>' at length + 1
      const bracketed = end - start + 2;
      for (let p = 0; p + min <= bracketed; p += 1) {
        let h = seedChar;
        const stop = Math.min(bracketed, p + max);
        for (let q = p; q < stop; q += 1) {
          const c = q === 0 ? LT : q === bracketed - 1 ? GT : (chars[start + q - 1] as number);
          h = c < 128 ? Math.imul(h ^ c, PRIME) : fnvCodePoint(h, c);
          if (q - p + 1 >= min) {
            buckets[k] = mix32(h) & mask;
            kinds[k] = featureKind.char;
            owners[k] = t;
            spans[k] = p * 16 + q - p + 1;
            k += 1;
          }
        }
      }
    }
    this.count = k;
    const { wordWeight, charWeight } = this.config;
    const charGrams = k - words;
    const sumOfSquares = words * wordWeight * wordWeight + charGrams * charWeight * charWeight;
    this.norm = sumOfSquares > 0 ? 1 / Math.sqrt(sumOfSquares) : 0;
  }
}

/** The normalised tokens of `text` (for tests and explanations; allocates). */
export const tokenise = (text: string, config: FeatureConfig = defaultFeatureConfig): string[] => {
  const extractor = new FeatureExtractor(config);
  extractor.extract(text);
  return Array.from({ length: extractor.tokenCount }, (_, t) => extractor.token(t));
};

export interface ExtractedFeature {
  /** The string hashed: `w:…`, `b:… …` or `c:…`. */
  readonly feature: string;
  readonly bucket: number;
  readonly value: number;
}

/** Every feature occurrence of `text`, in order (for tests and explanations; allocates). */
export const extractFeatures = (text: string, config: FeatureConfig = defaultFeatureConfig): ExtractedFeature[] => {
  const extractor = new FeatureExtractor(config);
  const n = extractor.extract(text);
  return Array.from({ length: n }, (_, i) => ({
    feature: extractor.feature(i),
    bucket: extractor.buckets[i] ?? 0,
    value: extractor.value(i),
  }));
};
