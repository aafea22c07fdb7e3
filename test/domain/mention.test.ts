import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { MentionInput, mentionIdOf, normaliseMention } from '../../lambdas/domain/mention.ts';
import { parseOrThrow, toFieldIssues } from '../../lambdas/domain/validation.ts';

const valid = {
  network: 'x',
  postId: '1850000000000000001',
  author: { id: '42', handle: 'sam', followers: 120 },
  text: '  Still waiting for my refund 😡  ',
  createdAt: '2026-11-02T09:00:00+01:00',
};

describe('Mention', () => {
  it('normalises: trims text, derives ids, threads a reply to its parent', () => {
    // Arrange
    const input = MentionInput.parse({ ...valid, inReplyTo: '1849' });
    // Act
    const mention = normaliseMention(input, '2026-11-02T08:00:01.000Z');
    // Assert
    expect(mention).toMatchObject({
      mentionId: 'x:1850000000000000001',
      conversationId: '1849',
      text: 'Still waiting for my refund 😡',
      direct: false,
      brandOwned: false,
      repost: false,
      receivedAt: '2026-11-02T08:00:01.000Z',
    });
    expect(mention.author.verified).toBe(false);
  });

  it('keeps an explicit conversation id over the reply parent', () => {
    const mention = normaliseMention(
      MentionInput.parse({ ...valid, inReplyTo: '2', conversationId: '1' }),
      '2026-11-02T08:00:01Z',
    );
    expect(mention.conversationId).toBe('1');
  });

  it.each([
    [{ ...valid, text: '   ' }, 'text'],
    [{ ...valid, network: 'myspace' }, 'network'],
    [{ ...valid, createdAt: 'yesterday' }, 'createdAt'],
    [{ ...valid, author: { id: '42' } }, 'author.handle'],
    [{ ...valid, author: { ...valid.author, followers: '12' } }, 'author.followers'],
    [{ ...valid, language: 'english' }, 'language'],
    [{ ...valid, url: 'not a url' }, 'url'],
  ])('names the bad field (%#: %s)', (input, field) => {
    // Act
    const result = MentionInput.safeParse(input);
    // Assert
    expect(result.success).toBe(false);
    if (!result.success) expect(toFieldIssues(result.error).map((issue) => issue.path)).toContain(field);
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    const result = MentionInput.safeParse({ ...valid, txt: 'typo' });
    expect(result.success).toBe(false);
    if (!result.success) expect(toFieldIssues(result.error)[0]?.message).toContain('txt');
  });

  it('parseOrThrow raises a non-retryable VALIDATION_FAILED naming the field', () => {
    const attempt = () => parseOrThrow(MentionInput, { ...valid, text: '' }, 'the mention');
    expect(attempt).toThrow(DomainError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
      expect((error as DomainError).message).toMatch(/^the mention is invalid: text: /);
    }
  });

  it('identifies a post by network and post id', () => {
    expect(mentionIdOf('instagram', '17895695668004550')).toBe('instagram:17895695668004550');
  });
});
