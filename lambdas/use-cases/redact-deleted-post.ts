import { mentionIdOf } from '../domain/mention.ts';
import type { PostDeletion } from '../domain/queue-message.ts';
import { redactedText } from '../domain/queue-message.ts';
import { redactRecord, summaryOf } from '../domain/revise-record.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { DeletionRegister } from '../ports/deletion-register.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { TriageStore } from '../ports/triage-store.ts';
import { redactTriageItem } from '../domain/triage-item.ts';

export interface RedactPorts {
  readonly cases: CaseSystem;
  readonly mentions: MentionStore;
  readonly deletions: DeletionRegister;
  readonly triage: Pick<TriageStore, 'get' | 'save'>;
}

export type RedactOutcome = 'redacted' | 'already-redacted' | 'not-seen-yet';

/**
 * Applies an author's deletion of a post: the deletion is remembered (so a copy of the post that
 * arrives later is never shown), and the text is redacted on the mention record and on the case
 * timeline. Idempotent; the case is redacted before the record, so a retry after a failure in
 * between still finds the record unredacted and finishes the work.
 */
export const redactDeletedPost = async (deletion: PostDeletion, ports: RedactPorts): Promise<RedactOutcome> => {
  const mentionId = mentionIdOf(deletion.network, deletion.postId);
  await ports.deletions.markDeleted(mentionId, deletion.deletedAt);
  return redactIfRecorded(mentionId, deletion.deletedAt, ports);
};

/**
 * Redacts a recorded mention, its case entry and its triage item (with any training label made
 * from it); shared with escalation, which may race a deletion.
 */
export const redactIfRecorded = async (
  mentionId: string,
  deletedAt: string,
  ports: Pick<RedactPorts, 'cases' | 'mentions' | 'triage'>,
): Promise<RedactOutcome> => {
  const record = await ports.mentions.getRecord(mentionId);
  if (!record) return 'not-seen-yet';
  if (record.mention.deletedAt !== undefined) return 'already-redacted';
  const { caseId } = record.disposition;
  if (caseId !== undefined) await ports.cases.reviseInteraction(caseId, mentionId, summaryOf(redactedText), deletedAt);
  const item = await ports.triage.get(mentionId);
  if (item && item.excerpt !== redactedText)
    await ports.triage.save(redactTriageItem(item, redactedText), item.version);
  const { revised } = await ports.mentions.reviseRecord(record, redactRecord(record, deletedAt));
  return revised ? 'redacted' : 'already-redacted';
};
