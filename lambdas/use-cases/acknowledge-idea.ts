import { isIdea, planIdeaAcknowledgement } from '../domain/closing-the-loop.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import type { ProductFeedback } from '../ports/product-feedback.ts';
import { draftPlannedReply } from './close-the-loop.ts';
import type { DraftReplyPorts } from './draft-reply.ts';

export interface AcknowledgeIdeaPorts extends DraftReplyPorts {
  readonly feedback: ProductFeedback;
}

export interface AcknowledgeIdeaOptions {
  /**
   * The person who said the mention is an idea (a triage dismissal as `idea`): it is acknowledged
   * whatever the classifier read. Without it, only a mention classified as an idea is.
   */
  readonly labelledBy?: string;
}

export type AcknowledgeIdeaOutcome =
  | {
      readonly kind: 'acknowledged';
      /** The thank-you draft; absent on networks the bridge cannot answer on (reviews, communities, imports). */
      readonly replyId?: string;
      /** False when an earlier call had already passed the idea on and drafted the reply. */
      readonly submitted: boolean;
    }
  | { readonly kind: 'skipped'; readonly reason: 'not-an-idea' | 'deleted' | 'brand-post' };

/**
 * Listens to a customer's idea: passes it to the product team (text masked of personal data) and
 * drafts a thank-you reply on its thread, in state `draft` for the social team to send — nothing
 * is sent from here. A mention that is not an idea (unless `labelledBy` says a person found it one),
 * a deleted post and the brand's own post are skipped.
 *
 * Idempotent: the reply id is fixed by the mention, and the idea is passed on before the reply is
 * drafted, so a call that finds the reply already drafted passes nothing on again. A failure
 * between the two passes the idea on again on the next call: the product-feedback port takes
 * repeats by mention id (at least once, never counted twice).
 */
export const acknowledgeIdea = async (
  record: MentionRecord,
  ports: AcknowledgeIdeaPorts,
  options: AcknowledgeIdeaOptions = {},
): Promise<AcknowledgeIdeaOutcome> => {
  if (options.labelledBy === undefined && !isIdea(record)) return { kind: 'skipped', reason: 'not-an-idea' };
  const plan = planIdeaAcknowledgement(record);
  if (plan.kind === 'skip') return { kind: 'skipped', reason: plan.reason };
  const { reply } = plan;
  if (reply !== undefined && (await ports.replies.get(reply.replyId)) !== undefined) {
    return { kind: 'acknowledged', replyId: reply.replyId, submitted: false };
  }
  await ports.feedback.submit(plan.idea);
  if (reply === undefined) return { kind: 'acknowledged', submitted: true };
  const drafted = await draftPlannedReply(reply, ports);
  return { kind: 'acknowledged', replyId: drafted.replyId, submitted: true };
};
