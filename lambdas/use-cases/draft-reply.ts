import { DomainError } from '../domain/errors.ts';
import {
  checkReplyText,
  derivedReplyId,
  moveToDirectText,
  type RepliedMention,
  type Reply,
  ReplyId,
  type ReplyKind,
  replyTarget,
} from '../domain/reply.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { Clock } from '../ports/clock.ts';
import type { ReplyStore } from '../ports/reply-store.ts';

export interface DraftReplyPorts {
  readonly replies: ReplyStore;
  readonly clock: Clock;
}

export interface DraftReplyInput {
  /** The triage item the reply is drafted from (the mention's id). */
  readonly itemId: string;
  /** The mention answered: where the reply goes follows from it. */
  readonly mention: RepliedMention;
  readonly kind: ReplyKind;
  /** The reply; omitted or blank for a public reply, it is the move-to-DM reply ({@link moveToDirectText}). */
  readonly text?: string;
  /** Who drafts it (the signed-in user). */
  readonly createdBy: string;
  /** The caller's id for the draft, for idempotent retries; derived from the draft when omitted. */
  readonly replyId?: string;
}

/**
 * Drafts a reply to a mention, in state `draft`: nothing is sent. Refuses (VALIDATION_FAILED) text
 * with personal data or too long for the network, a public answer to a direct message, and a network
 * the bridge cannot answer on. Idempotent: the same `replyId` — given, or derived from mention,
 * kind, text and drafter — drafts once and answers the stored reply (`created: false`) afterwards,
 * whatever state it has reached; an id already used by a different draft is a CONFLICT.
 */
export const draftReply = async (
  input: DraftReplyInput,
  ports: DraftReplyPorts,
): Promise<{ reply: Reply; created: boolean }> => {
  const target = replyTarget(input.mention, input.kind);
  const written = input.text?.trim() ?? '';
  if (written === '' && input.kind === 'direct') {
    throw new DomainError('VALIDATION_FAILED', 'a direct reply needs its text', { details: { kind: input.kind } });
  }
  const text = written === '' ? moveToDirectText(input.mention.author.handle) : written;
  checkReplyText(text, target.network, input.kind);
  const replyId =
    input.replyId === undefined
      ? derivedReplyId({ mentionId: input.mention.mentionId, kind: input.kind, text, createdBy: input.createdBy })
      : parseOrThrow(ReplyId, input.replyId, 'the reply id');
  return ports.replies.put({
    replyId,
    itemId: input.itemId,
    mentionId: input.mention.mentionId,
    kind: input.kind,
    text,
    state: 'draft',
    createdBy: input.createdBy,
    createdAt: ports.clock.now().toISOString(),
    ...target,
  });
};
