import { describe, expect, it } from 'vitest';
import type { Classification } from '../../lambdas/domain/classification.ts';
import { decideDisposition, defaultDecisionPolicy } from '../../lambdas/domain/decide-disposition.ts';
import { normaliseMention, MentionInput } from '../../lambdas/domain/mention.ts';

const mention = (overrides: Record<string, unknown> = {}) =>
  normaliseMention(
    MentionInput.parse({
      network: 'x',
      postId: '100',
      author: { id: 'u1', handle: 'sam' },
      text: 'my parcel never arrived',
      createdAt: '2026-11-02T09:00:00Z',
      ...overrides,
    }),
    '2026-11-02T09:00:05Z',
  );

const classified = (overrides: Partial<Classification> = {}): Classification => ({
  intent: 'complaint',
  serviceNeed: true,
  topic: 'orders-delivery',
  priority: 'P3',
  confidence: 0.9,
  reasons: ['complaint words: "never arrived"'],
  modelVersion: 'test',
  ...overrides,
});

describe('decideDisposition', () => {
  it('opens a case for a confident service need and says why', () => {
    // Arrange
    const input = mention();
    // Act
    const decision = decideDisposition(input, classified(), {}, defaultDecisionPolicy);
    // Assert
    expect(decision.kind).toBe('case-created');
    expect(decision.reason).toContain('complaint about orders-delivery at 90% confidence');
    expect(decision.reason).toContain('never arrived');
  });

  it('sends an unsure service need to triage', () => {
    const decision = decideDisposition(mention(), classified({ confidence: 0.45 }), {}, defaultDecisionPolicy);
    expect(decision).toMatchObject({ kind: 'triage' });
    expect(decision.reason).toContain('45%');
    expect(decision.reason).toContain('below the 60%');
  });

  it('appends any non-spam mention of a conversation already on a case, even praise', () => {
    const decision = decideDisposition(
      mention(),
      classified({ intent: 'praise', serviceNeed: false }),
      { conversationCaseId: 'case-1' },
      defaultDecisionPolicy,
    );
    expect(decision).toEqual({
      kind: 'case-appended',
      caseId: 'case-1',
      reason: 'the conversation is already on case case-1',
    });
  });

  it('marks repeats as duplicates before anything else', () => {
    const decision = decideDisposition(
      mention(),
      classified(),
      { duplicateOf: 'x:99', conversationCaseId: 'case-1' },
      defaultDecisionPolicy,
    );
    expect(decision).toMatchObject({ kind: 'duplicate', duplicateOf: 'x:99' });
  });

  it("never opens a case for the brand's own posts, flagged or by configured account id", () => {
    const flagged = decideDisposition(mention({ brandOwned: true }), classified(), {}, defaultDecisionPolicy);
    const byId = decideDisposition(
      mention(),
      classified(),
      {},
      { ...defaultDecisionPolicy, brandAccountIds: new Set(['u1']) },
    );
    expect(flagged.kind).toBe('chatter');
    expect(byId.kind).toBe('chatter');
    expect(byId.reason).toContain("brand's own");
  });

  it('never opens a case for a plain repost', () => {
    const decision = decideDisposition(mention({ repost: true }), classified(), {}, defaultDecisionPolicy);
    expect(decision.kind).toBe('chatter');
    expect(decision.reason).toContain('repost');
  });

  it('keeps spam out of cases even inside a conversation on a case', () => {
    const decision = decideDisposition(
      mention(),
      classified({ intent: 'spam', serviceNeed: false, reasons: ['promo link'] }),
      { conversationCaseId: 'case-1' },
      defaultDecisionPolicy,
    );
    expect(decision.kind).toBe('spam');
  });

  it.each(['idea', 'praise', 'chatter'] as const)('records %s as chatter, not a case', (intent) => {
    const decision = decideDisposition(
      mention(),
      classified({ intent, serviceNeed: false }),
      {},
      defaultDecisionPolicy,
    );
    expect(decision.kind).toBe('chatter');
    expect(decision.reason).toContain(intent);
  });

  it('honours the configured confidence threshold exactly at the boundary', () => {
    const policy = { ...defaultDecisionPolicy, caseConfidenceThreshold: 0.8 };
    expect(decideDisposition(mention(), classified({ confidence: 0.8 }), {}, policy).kind).toBe('case-created');
    expect(decideDisposition(mention(), classified({ confidence: 0.79 }), {}, policy).kind).toBe('triage');
  });

  it('sends a mention in a language the classifier is not built for to triage, naming the language', () => {
    // Arrange
    const language = { code: 'pt', confidence: 0.9, supported: false };
    // Act
    const decision = decideDisposition(mention(), classified({ language }), {}, defaultDecisionPolicy);
    const inThread = decideDisposition(
      mention(),
      classified({ language }),
      { conversationCaseId: 'case-9' },
      defaultDecisionPolicy,
    );
    // Assert
    expect(decision).toEqual({
      kind: 'triage',
      reason: 'written in "pt", which the classifier is not built for: a person decides',
    });
    expect(inThread.kind).toBe('case-appended');
  });
});
