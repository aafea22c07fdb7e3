import { describe, expect, it } from 'vitest';
import {
  commentOf,
  entryComment,
  keyOf,
  maxCommentLength,
} from '../../../lambdas/adapters/connect-cases/case-comments.ts';
import { mentionEntry } from './fixtures.ts';

const asItem = (body: string, relatedItemId = 'item-1') => ({
  relatedItemId,
  type: 'Comment' as const,
  associationTime: new Date('2030-03-01T09:00:01.000Z'),
  content: { comment: { body, contentType: 'Text/Plain' as const } },
  performedBy: { customEntity: 'bridge' },
});

describe('case comments', () => {
  it('keeps a comment within the length Connect accepts, cutting the summary it carries', () => {
    // Arrange
    const entry = mentionEntry('m-1', '2030-03-01T08:59:00.000Z', `"quoted"\n${'é'.repeat(5_000)}`);
    // Act
    const { body } = entryComment(entry, '2030-03-01T09:00:00.000Z');
    const read = commentOf(asItem(body));
    // Assert
    expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    expect(read?.marker?.entry?.summary.endsWith('…')).toBe(true);
    expect(read?.marker?.entry?.summary.startsWith('"quoted"\né')).toBe(true);
    expect(read?.marker?.entry?.mentionId).toBe('m-1');
  });

  it('reads a comment an agent typed as one without a marker, even if it quotes a marker line', () => {
    // Arrange
    const typed = 'Customer says: bridge-data: {"v":1,"key":"mention:m-1"}';
    // Act
    const read = commentOf(asItem(typed));
    // Assert
    expect(read).toEqual({
      relatedItemId: 'item-1',
      associationTime: '2030-03-01T09:00:01.000Z',
      body: typed,
      by: 'bridge',
    });
    expect(keyOf(read as NonNullable<typeof read>)).toBeUndefined();
  });

  it('skips related items that are not comments', () => {
    // Arrange
    const contact = { ...asItem('x'), type: 'Contact' as const, content: { contact: { contactArn: 'arn:contact' } } };
    // Act
    const read = commentOf(contact as never);
    // Assert
    expect(read).toBeUndefined();
  });
});
