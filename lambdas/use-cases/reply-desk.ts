import type { Reply, ReplyPolicy } from '../domain/reply.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import type { TriageItem } from '../domain/triage-item.ts';
import { approveReply } from './approve-reply.ts';
import { draftReply } from './draft-reply.ts';
import { listReplies } from './list-replies.ts';
import { type ReplyPorts, sendReply } from './send-reply.ts';
import { recordFirstResponse } from './record-first-response.ts';
import type { CaseSystem } from '../ports/case-system.ts';

/** Most replies an item's view shows. */
const perItem = 50;

/**
 * The reply use cases as the triage API offers them: drafting from a triage item, sending,
 * approving, listing. One object, so the Lambda and the local runtime wire replies the same way.
 */
export const replyDesk = (ports: ReplyPorts & FirstResponsePorts, policy: ReplyPolicy) => {
  /** A reply that went out is the customer hearing back from us: the first response of its case, once. */
  const followUp = async (reply: Reply): Promise<Reply> => {
    if (reply.state !== 'sent') return reply;
    const caseId = await ports.caseOfMention(reply.mentionId);
    if (caseId !== undefined) {
      await recordFirstResponse(
        { caseId, via: 'reply', by: reply.createdBy, ...(reply.sentAt ? { at: reply.sentAt } : {}) },
        ports,
      );
    }
    return reply;
  };
  return {
    draft: async (request: {
      readonly item: TriageItem;
      readonly record: MentionRecord;
      readonly kind: 'public' | 'direct';
      readonly text: string;
      readonly actor: string;
    }): Promise<Reply> =>
      (
        await draftReply(
          {
            itemId: request.item.itemId,
            mention: request.record.mention,
            kind: request.kind,
            text: request.text,
            createdBy: request.actor,
          },
          ports,
        )
      ).reply,
    list: async (state: string | undefined) => ({
      items: await listReplies(state === undefined ? {} : { state }, ports),
    }),
    send: async (replyId: string, _actor: string) => followUp(await sendReply({ replyId }, ports, policy)),
    approve: async (replyId: string, actor: string) =>
      followUp(await approveReply({ replyId, approver: actor }, ports)),
    /** The replies drafted on one triage item, newest first. */
    ofItem: (itemId: string): Promise<Reply[]> => ports.replies.listByItem(itemId, perItem),
  };
};

export interface FirstResponsePorts {
  readonly cases: CaseSystem;
  /** The case a mention is on (its triage item's, else its disposition's), if any. */
  readonly caseOfMention: (mentionId: string) => Promise<string | undefined>;
}
export type ReplyDeskService = ReturnType<typeof replyDesk>;
