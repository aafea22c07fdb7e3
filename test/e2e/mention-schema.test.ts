import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mentionJsonSchema } from '../../bin/cli/schema-command.ts';

describe('the documented JSON Schema of the generic format', () => {
  it('is what `bridge schema` generates from the zod schema today (regenerate: npx bridge schema > docs/mention-input.schema.json)', () => {
    // Arrange
    const documented = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'mention-input.schema.json'), 'utf8'),
    );
    // Act
    const generated = mentionJsonSchema();
    // Assert
    expect(documented).toEqual(generated);
    expect(generated).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['network', 'postId', 'author', 'text', 'createdAt']),
      additionalProperties: false,
    });
  });
});
