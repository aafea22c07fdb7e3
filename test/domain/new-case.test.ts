import { describe, expect, it } from 'vitest';
import { Case, canTransition } from '../../lambdas/domain/case.ts';
import type { Classification } from '../../lambdas/domain/classification.ts';
import { MentionInput, normaliseMention } from '../../lambdas/domain/mention.ts';
import { contentFingerprintInput, newCaseFromMention } from '../../lambdas/domain/new-case.ts';
import { dueTimes } from '../../lambdas/domain/service-levels.ts';

const mention = normaliseMention(
  MentionInput.parse({
    network: 'x',
    postId: '7',
    author: { id: 'u9', handle: 'ana' },
    text: 'The app is down and I cannot log in. '.repeat(20),
    createdAt: '2026-11-02T09:00:00Z',
    url: 'https://x.com/ana/status/7',
  }),
  '2026-11-02T09:00:02Z',
);

describe('newCaseFromMention', () => {
  it('opens a routed case for the social identity, with due times and the mention on its timeline', () => {
    // Arrange
    const openedAt = new Date('2026-11-02T09:00:03Z');
    const classification: Classification = {
      intent: 'complaint',
      serviceNeed: true,
      topic: 'outage-technical',
      priority: 'P2',
      confidence: 0.8,
      reasons: ['outage words: "down"'],
      modelVersion: 'test',
    };
    // Act
    const opened = newCaseFromMention('case-abc', mention, classification, openedAt);
    // Assert
    expect(Case.parse(opened)).toEqual(opened);
    expect(opened).toMatchObject({
      caseId: 'case-abc',
      party: { kind: 'social', identity: { network: 'x', userId: 'u9', handle: 'ana' } },
      originChannel: 'social',
      status: 'open',
      priority: 'P2',
      queue: 'tech-support',
      conversations: ['x:7'],
      due: { firstResponseAt: '2026-11-02T10:00:03.000Z', resolutionAt: '2026-11-03T09:00:03.000Z' },
    });
    expect(opened.timeline).toHaveLength(1);
    expect(opened.timeline[0]?.summary.length).toBeLessThanOrEqual(280);
    expect(opened.timeline[0]).toMatchObject({
      mentionId: 'x:7',
      conversation: 'x:7',
      url: 'https://x.com/ana/status/7',
    });
  });
});

describe('service levels and lifecycle', () => {
  it('gives a P1 a quarter of an hour to first response', () => {
    expect(dueTimes('P1', new Date('2026-01-01T00:00:00Z')).firstResponseAt).toBe('2026-01-01T00:15:00.000Z');
  });

  it('allows reopening a resolved case but nothing after closed', () => {
    expect(canTransition('resolved', 'open')).toBe(true);
    expect(canTransition('closed', 'open')).toBe(false);
    expect(canTransition('new', 'open')).toBe(true);
    expect(canTransition('open', 'new')).toBe(false);
  });
});

describe('contentFingerprintInput', () => {
  it('treats case and spacing as the same content, but other authors as different', () => {
    const a = contentFingerprintInput({
      network: 'x',
      author: { id: '1', handle: 'a', verified: false },
      text: 'Refund  NOW',
    });
    const b = contentFingerprintInput({
      network: 'x',
      author: { id: '1', handle: 'a', verified: false },
      text: 'refund now',
    });
    const c = contentFingerprintInput({
      network: 'x',
      author: { id: '2', handle: 'b', verified: false },
      text: 'refund now',
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('matches a webhook post (numeric user id) with its export row (handle only, with @)', () => {
    const webhook = contentFingerprintInput({
      network: 'x',
      author: { id: '784512369', handle: 'MariaLuz', verified: false },
      text: 'Where is my bag?',
    });
    const exported = contentFingerprintInput({
      network: 'x',
      author: { id: '@marialuz', handle: '@marialuz', verified: false },
      text: 'where is my bag?',
    });
    expect(exported).toBe(webhook);
  });
});
