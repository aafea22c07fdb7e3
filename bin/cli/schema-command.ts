import { z } from 'zod';
import { MentionInput } from '../../lambdas/domain/mention.ts';

/** The generic mention format as JSON Schema, generated from the zod schema the API validates with. */
export const mentionJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(MentionInput, { io: 'input', target: 'draft-2020-12' }),
  title: 'Mention (generic ingest format)',
  description:
    'One mention as POST /mentions and `bridge ingest` take it. Generated from lambdas/domain/mention.ts by `bridge schema`.',
});

/** `bridge schema`: prints the JSON Schema of the generic mention format. */
export const schemaCommand = async (): Promise<number> => {
  console.log(JSON.stringify(mentionJsonSchema(), null, 2));
  return 0;
};
