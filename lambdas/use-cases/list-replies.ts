import { z } from 'zod';
import type { Reply } from '../domain/reply.ts';
import { ReplyState } from '../domain/reply.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { ReplyStore } from '../ports/reply-store.ts';

/** The query of GET /replies: `state` (default `awaiting-approval`, what a lead works through) and `limit`. */
export const ListRepliesQuery = z.object({
  state: ReplyState.default('awaiting-approval'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Replies in one state, oldest first. Throws VALIDATION_FAILED for an unknown state or a bad limit. */
export const listReplies = async (
  query: { readonly state?: string; readonly limit?: string | number },
  ports: { readonly replies: ReplyStore },
): Promise<Reply[]> => {
  const { state, limit } = parseOrThrow(ListRepliesQuery, query, 'the reply query');
  return ports.replies.listByState(state, limit);
};
