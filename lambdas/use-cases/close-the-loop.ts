import { bridgeActor } from '../domain/case.ts';
import {
  closesTheLoop,
  type PlannedReply,
  planClosingReplies,
  type SkippedMention,
  socialMentionIdsOf,
} from '../domain/closing-the-loop.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import { DomainError } from '../domain/errors.ts';
import type { Reply, ReplyPolicy } from '../domain/reply.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { DraftReplyPorts } from './draft-reply.ts';
import { draftReply } from './draft-reply.ts';
import { type ReplyPorts, sendReply } from './send-reply.ts';

export interface CloseTheLoopPorts extends ReplyPorts {
  readonly cases: Pick<CaseSystem, 'getCase'>;
  readonly mentions: Pick<MentionStore, 'getRecord'>;
}

export interface CloseTheLoopOutcome {
  /** The case's closing replies, drafted by this call or an earlier one, oldest thread first. */
  readonly replyIds: readonly string[];
  /** Social mentions of the case that get no closing reply, and why. */
  readonly skipped: readonly SkippedMention[];
}

/** Mention records read at once: enough to be quick on an incident's many mentions, few enough not to throttle. */
const readsAtOnce = 25;

const recordsOf = async (
  mentionIds: readonly string[],
  mentions: Pick<MentionStore, 'getRecord'>,
): Promise<Map<string, MentionRecord>> => {
  const records = new Map<string, MentionRecord>();
  for (let start = 0; start < mentionIds.length; start += readsAtOnce) {
    const batch = mentionIds.slice(start, start + readsAtOnce);
    const read = await Promise.all(batch.map((mentionId) => mentions.getRecord(mentionId)));
    for (const record of read) if (record !== undefined) records.set(record.mention.mentionId, record);
  }
  return records;
};

/**
 * Drafts a reply the bridge planned, unless it was drafted before, under the bridge's name and on
 * the mention's triage item (its id), so it shows with the mention in the console.
 *
 * Looked up first rather than left to `draftReply`'s own idempotency, so that a reply drafted by
 * an earlier release, in other words, is found rather than refused as a CONFLICT.
 */
export const draftPlannedReply = async (planned: PlannedReply, ports: DraftReplyPorts): Promise<Reply> =>
  (await ports.replies.get(planned.replyId)) ??
  (
    await draftReply(
      {
        itemId: planned.mention.mentionId,
        mention: planned.mention,
        kind: planned.kind,
        text: planned.text,
        createdBy: bridgeActor,
        replyId: planned.replyId,
      },
      ports,
    )
  ).reply;

/**
 * Closes the loop on a resolved case, from whichever channel it was resolved: each author on each
 * social thread of the case hears back once, on the post that began their part of the thread (see
 * `planClosingReplies`); calls, visits and emails are not answered here, and neither are deleted
 * posts. A reply is drafted and then asked to be sent: with approval not required it goes out at
 * once; with approval required it waits, `awaiting-approval`, for a lead in the console.
 *
 * Safe to call any number of times, also concurrently: reply ids are fixed by case and mention, a
 * reply is drafted once, and only a reply still in `draft` (one whose send never got under way) is
 * asked to be sent, so nothing goes out twice and a failed send is not retried behind a person's
 * back (it stays `failed` in the console for someone to retry). A case that is not resolved — reopened
 * meanwhile, merged into another, or closed without a resolution — gets nothing. A provider's
 * failure does not throw (the reply is `failed`, see `sendReply`); a store failure does, and
 * calling again finishes the work. Throws NOT_FOUND for an unknown case.
 *
 * A case resolved, reopened on the same thread and resolved again does not answer that thread a
 * second time: its closing reply was already given.
 */
export const closeTheLoop = async (
  caseId: string,
  ports: CloseTheLoopPorts,
  policy: ReplyPolicy,
): Promise<CloseTheLoopOutcome> => {
  const resolved = await ports.cases.getCase(caseId);
  if (resolved === undefined) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
  if (!closesTheLoop(resolved)) return { replyIds: [], skipped: [] };
  const records = await recordsOf(socialMentionIdsOf(resolved), ports.mentions);
  const plan = planClosingReplies(resolved, records);
  // One at a time: an incident may close hundreds of threads, and the networks rate-limit posting.
  for (const planned of plan.replies) {
    const reply = await draftPlannedReply(planned, ports);
    if (reply.state === 'draft') await sendReply({ replyId: reply.replyId }, ports, policy);
  }
  return { replyIds: plan.replies.map((planned) => planned.replyId), skipped: plan.skipped };
};
