import { seededRandom } from '../../domain/model/random.ts';

/**
 * A tiny, deterministic template language for hand-written training examples.
 *
 * - `{a|b|c}`: one of the alternatives (`{a|}`: optional `a`); alternatives may nest;
 * - `<name>`: one entry of the slot list `name` (entries may themselves hold `{…}`, expanded too).
 *
 * `expand` lists every combination when there are at most `limit`, else `limit` distinct ones
 * drawn with a generator seeded by `seed` and the pattern: the same pattern, slots, limit and
 * seed always give the same texts, in the same order.
 */

export type Slots = Readonly<Record<string, readonly string[]>>;

type Part = string | readonly string[];

/** Splits `text` at the `|` that are not inside braces. */
const alternatives = (text: string): string[] => {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '{') depth += 1;
    else if (c === '}') depth -= 1;
    else if (c === '|' && depth === 0) {
      found.push(text.slice(start, i));
      start = i + 1;
    }
  }
  found.push(text.slice(start));
  return found;
};

const parse = (pattern: string, slots: Slots): Part[] => {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '{') {
      let depth = 1;
      let j = i + 1;
      for (; j < pattern.length && depth > 0; j += 1) {
        if (pattern[j] === '{') depth += 1;
        else if (pattern[j] === '}') depth -= 1;
      }
      if (depth !== 0) throw new Error(`template has an unclosed "{": ${pattern}`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(alternatives(pattern.slice(i + 1, j - 1)).flatMap((alt) => expandAll(alt, slots)));
      i = j;
      continue;
    }
    const slot = c === '<' ? /^<([a-z][a-z0-9-]*)>/.exec(pattern.slice(i)) : null;
    if (slot) {
      const list = slots[slot[1] ?? ''];
      if (!list) throw new Error(`template slot ${slot[0]} is not defined`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(list.flatMap((entry) => expandAll(entry, slots)));
      i += slot[0].length;
      continue;
    }
    literal += c;
    i += 1;
  }
  if (literal) parts.push(literal);
  return parts;
};

const clean = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?])/g, '$1')
    .trim();

const combinations = (parts: readonly Part[]): number =>
  parts.reduce((n, part) => n * (typeof part === 'string' ? 1 : Math.max(1, part.length)), 1);

const pick = (parts: readonly Part[], index: number): string => {
  let rest = index;
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    text += part[rest % part.length] ?? '';
    rest = Math.floor(rest / part.length);
  }
  return text;
};

/** Every text a pattern can make (for slot entries; keep them small). */
const expandAll = (pattern: string, slots: Slots): string[] => {
  const parts = parse(pattern, slots);
  return Array.from({ length: combinations(parts) }, (_, i) => pick(parts, i));
};

const hashPattern = (pattern: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < pattern.length; i += 1) h = Math.imul(h ^ pattern.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** Up to `limit` distinct texts from `pattern` (see the module comment). */
export const expand = (pattern: string, slots: Slots, limit: number, seed = 1): string[] => {
  const parts = parse(pattern, slots);
  const total = combinations(parts);
  if (total <= limit) return [...new Set(Array.from({ length: total }, (_, i) => clean(pick(parts, i))))];
  const random = seededRandom((hashPattern(pattern) ^ seed) >>> 0);
  const seen = new Set<string>();
  for (let attempt = 0; seen.size < limit && attempt < limit * 20; attempt += 1) {
    seen.add(clean(pick(parts, Math.floor(random() * total))));
  }
  return [...seen];
};
