import { describe, expect, it } from 'vitest';
import { MentionInput } from '../../lambdas/domain/mention.ts';
import { classifyByRules } from '../../lambdas/domain/rule-classifier.ts';
import { toFieldIssues } from '../../lambdas/domain/validation.ts';
import {
  defaultMix,
  type GeneratedKind,
  type GeneratedMention,
  generatedKinds,
  generateMentions,
  malformedVariants,
  toNdjson,
} from '../fixtures/mention-generator.ts';

const onlyKinds = (...kinds: GeneratedKind[]): Record<GeneratedKind, number> =>
  Object.fromEntries(generatedKinds.map((kind) => [kind, kinds.includes(kind) ? 1 : 0])) as Record<
    GeneratedKind,
    number
  >;

const parseValid = (items: readonly GeneratedMention[]) =>
  items.filter((item) => item.kind !== 'malformed').map((item) => MentionInput.parse(item.input));

describe('generateMentions: determinism', () => {
  it('gives the same mentions for the same options, and different ones for another seed', () => {
    // Arrange
    const options = { count: 300, seed: 42, idPrefix: 'd-' };

    // Act
    const first = generateMentions(options);
    const second = generateMentions(options);
    const other = generateMentions({ ...options, seed: 43 });

    // Assert
    expect(second).toEqual(first);
    expect(toNdjson(second)).toBe(toNdjson(first));
    expect(toNdjson(other)).not.toBe(toNdjson(first));
  });

  it('numbers posts from the prefix, in time order from startAt', () => {
    // Act
    const items = generateMentions({ count: 200, seed: 1, idPrefix: 'run7-', startAt: '2026-11-02T09:00:00Z' });

    // Assert
    const inputs = items.map((item) => item.input as { postId: string; createdAt: string });
    expect(inputs.map((input) => input.postId)).toEqual(items.map((_, i) => `run7-${i + 1}`));
    const times = items
      .filter((item) => item.expectedField !== 'createdAt')
      .map((item) => Date.parse((item.input as { createdAt: string }).createdAt));
    expect(times[0]).toBeGreaterThan(Date.parse('2026-11-02T09:00:00Z'));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] ?? 0);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateMentions({ count: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateMentions({ count: 10, seed: 1, startAt: 'soon' })).toThrow(RangeError);
    expect(() =>
      generateMentions({ count: 10, seed: 1, mix: { need: 0, chatter: 0, praise: 0, spam: 0, malformed: 0 } }),
    ).toThrow(RangeError);
    expect(generateMentions({ count: 0, seed: 1 })).toEqual([]);
  });
});

describe('generateMentions: mix', () => {
  it('roughly honours the default mix', () => {
    // Act
    const items = generateMentions({ count: 5_000, seed: 7 });

    // Assert
    const total = Object.values(defaultMix).reduce((sum, w) => sum + w, 0);
    for (const kind of generatedKinds) {
      const share = items.filter((item) => item.kind === kind).length / items.length;
      expect(share, kind).toBeCloseTo(defaultMix[kind] / total, 1);
    }
  });

  it('merges a partial mix over the defaults', () => {
    // Act
    const noMalformed = generateMentions({ count: 1_000, seed: 3, mix: { malformed: 0 } });
    const needsOnly = generateMentions({ count: 200, seed: 3, mix: onlyKinds('need') });

    // Assert
    const kinds = new Set(noMalformed.map((item) => item.kind));
    expect([...kinds].sort()).toEqual(['chatter', 'need', 'praise', 'spam']);
    expect(needsOnly.every((item) => item.kind === 'need')).toBe(true);
  });
});

describe('generateMentions: valid mentions', () => {
  const items = generateMentions({ count: 2_000, seed: 11, idPrefix: 'v-' });
  const valid = parseValid(items);

  it('parses every valid item with MentionInput, on x, facebook or instagram', () => {
    expect(valid.length).toBeGreaterThan(1_500);
    expect(new Set(valid.map((m) => m.network))).toEqual(new Set(['x', 'facebook', 'instagram']));
  });

  it('has repeat authors, direct messages, replies to earlier posts on the same network, and non-ASCII text', () => {
    // Arrange
    const byPostId = new Map(valid.map((m, index) => [m.postId, { m, index }]));
    const perAuthor = new Map<string, number>();
    for (const m of valid) perAuthor.set(m.author.id, (perAuthor.get(m.author.id) ?? 0) + 1);
    const replies = valid.filter((m) => m.inReplyTo !== undefined);

    // Assert
    expect([...perAuthor.values()].filter((n) => n > 1).length).toBeGreaterThan(50);
    expect(valid.filter((m) => m.direct).length).toBeGreaterThan(50);
    expect(replies.length).toBeGreaterThan(100);
    valid.forEach((m, index) => {
      if (m.inReplyTo === undefined) return;
      const parent = byPostId.get(m.inReplyTo);
      expect(parent, m.postId).toBeDefined();
      expect(parent?.index).toBeLessThan(index);
      expect(parent?.m.network).toBe(m.network);
      expect(m.conversationId).toBe(parent?.m.conversationId ?? parent?.m.postId);
    });
    expect(valid.some((m) => /\p{Extended_Pictographic}/u.test(m.text))).toBe(true);
    expect(valid.some((m) => /(?![a-zA-Z])\p{L}/u.test(m.text))).toBe(true); // a non-ASCII letter
  });
});

describe('generateMentions: malformed mentions', () => {
  const malformed = generateMentions({ count: 3_000, seed: 5 }).filter((item) => item.kind === 'malformed');
  const fields = Object.values(malformedVariants);

  it('covers every kind of defect', () => {
    expect(new Set(malformed.map((item) => item.expectedField))).toEqual(new Set(fields));
  });

  it.each([...new Set(fields)])('fails validation on the field it names: %j', (field) => {
    // Arrange
    const cases = malformed.filter((item) => item.expectedField === field);
    expect(cases.length).toBeGreaterThan(10);

    for (const item of cases) {
      // Act
      const result = MentionInput.safeParse(item.input);

      // Assert: rejected, on that one field only.
      expect(result.success).toBe(false);
      if (result.success) continue;
      expect(toFieldIssues(result.error).map((issue) => issue.path)).toEqual([field]);
    }
  });

  it('reports an unknown extra field at the root, with the key in `keys`', () => {
    const known = new Set(Object.keys(MentionInput.shape));
    for (const item of malformed.filter((m) => m.expectedField === '')) {
      const result = MentionInput.safeParse(item.input);
      const extra = Object.keys(item.input as object).filter((key) => !known.has(key));
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ code: 'unrecognized_keys', path: [], keys: extra }),
      ]);
    }
  });
});

describe('generateMentions: what the rule baseline makes of them', () => {
  it('classifies ≥ 95% of 1,000 needs as confident service needs', () => {
    // Arrange
    const needs = parseValid(generateMentions({ count: 1_000, seed: 21, mix: onlyKinds('need') }));

    // Act
    const caught = needs.filter((m) => {
      const c = classifyByRules(m);
      return c.serviceNeed && c.confidence >= 0.6;
    });

    // Assert
    expect(needs).toHaveLength(1_000);
    expect(caught.length / needs.length).toBeGreaterThanOrEqual(0.95);
  });

  it('classifies ≥ 95% of chatter, praise and spam as not service needs, and spam mostly as spam', () => {
    // Arrange
    const items = generateMentions({ count: 1_000, seed: 22, mix: onlyKinds('chatter', 'praise', 'spam') });

    // Act
    const results = items.map((item) => ({ kind: item.kind, ...classifyByRules(MentionInput.parse(item.input)) }));

    // Assert
    const rejected = results.filter((c) => !c.serviceNeed).length;
    const spam = results.filter((c) => c.kind === 'spam');
    expect(rejected / results.length).toBeGreaterThanOrEqual(0.95);
    expect(spam.filter((c) => c.intent === 'spam').length / spam.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('toNdjson', () => {
  it('writes one JSON document per line, each ending in a newline', () => {
    // Arrange
    const items = generateMentions({ count: 20, seed: 9 }).map((item) => item.input);

    // Act
    const ndjson = toNdjson(items);

    // Assert
    expect(ndjson.endsWith('\n')).toBe(true);
    const lines = ndjson.split('\n').slice(0, -1);
    expect(lines.map((line) => JSON.parse(line))).toEqual(items);
    expect(toNdjson([])).toBe('');
  });
});
