import type { Case } from '../domain/case.ts';
import { type DecisionPolicy, decideDisposition } from '../domain/decide-disposition.ts';
import type { Disposition, MentionRecord } from '../domain/disposition.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { Mention } from '../domain/mention.ts';
import {
  type CasePolicy,
  contentFingerprintInput,
  conversationKey,
  interactionFor,
  newCaseFromMention,
} from '../domain/new-case.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Classifier } from '../ports/classifier.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationIndex } from '../ports/conversation-index.ts';
import type { DuplicateIndex } from '../ports/duplicate-index.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { MentionStore } from '../ports/mention-store.ts';

export interface EscalatePorts {
  readonly classifier: Classifier;
  readonly cases: CaseSystem;
  readonly mentions: MentionStore;
  readonly conversations: ConversationIndex;
  readonly duplicates: DuplicateIndex;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
}

export interface EscalatePolicy extends DecisionPolicy, CasePolicy {
  /** How long a content fingerprint marks later copies as duplicates. */
  readonly duplicateWindowHours: number;
}

export interface EscalateOutcome {
  readonly disposition: Disposition;
  /** True when the mention had already been disposed of: a redelivery that changed nothing. */
  readonly redelivered: boolean;
}

/**
 * Appends the mention to the case its thread is on. The thread may point at a case whose first
 * mention is still being written (or will be, on that mention's retry): not there yet is worth
 * a retry, never a dead letter.
 */
const appendTo = async (cases: CaseSystem, caseId: string, mention: Mention, at: string): Promise<void> => {
  try {
    await cases.appendInteraction(caseId, interactionFor(mention), at);
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') {
      throw new DomainError('CONFLICT', `case ${caseId} of the conversation is not written yet; try again`, {
        retryable: true,
        cause: error,
        details: { caseId },
      });
    }
    throw error;
  }
};

/**
 * Classifies one queued mention, decides its disposition, writes the case, and records the
 * disposition. Safe to run any number of times for the same mention: each write is idempotent
 * (deterministic case id, conditional appends, a once-only disposition record), so a delivery
 * retried after a crash at any point finishes the work without a second case or disposition.
 */
export const escalateMention = async (
  mention: Mention,
  ports: EscalatePorts,
  policy: EscalatePolicy,
): Promise<EscalateOutcome> => {
  const existing = await ports.mentions.getRecord(mention.mentionId);
  if (existing) return { disposition: existing.disposition, redelivered: true };

  const [classification] = await ports.classifier.classify([mention]);
  if (!classification) throw new Error(`the classifier returned nothing for ${mention.mentionId}`);

  const now = ports.clock.now();
  const fingerprint = ports.fingerprints.digest(contentFingerprintInput(mention));
  const expiresAt = new Date(now.getTime() + policy.duplicateWindowHours * 3_600_000);
  const holder = await ports.duplicates.claim(fingerprint, mention.mentionId, expiresAt);
  const key = conversationKey(mention);
  const ownCaseId = `case-${ports.fingerprints.digest(`case:${mention.mentionId}`)}`;
  const threadCaseId = await ports.conversations.findCase(key);
  // An earlier attempt of this very mention may have claimed the thread and then failed before
  // writing its case: that claim is ours, so decide afresh and finish the creation.
  const conversationCaseId = threadCaseId === ownCaseId ? undefined : threadCaseId;

  const decision = decideDisposition(
    mention,
    classification,
    {
      ...(holder === mention.mentionId ? {} : { duplicateOf: holder }),
      ...(conversationCaseId === undefined ? {} : { conversationCaseId }),
    },
    policy,
  );

  let disposition: Disposition;
  const decidedAt = now.toISOString();
  switch (decision.kind) {
    case 'case-created': {
      const caseId = ownCaseId;
      const owner = await ports.conversations.claim(key, caseId);
      if (owner === caseId) {
        const opened: Case = newCaseFromMention(caseId, mention, classification, now, policy);
        await ports.cases.createCase(opened);
        disposition = { kind: 'case-created', reason: decision.reason, caseId, decidedAt };
      } else {
        // Another mention of the thread opened a case a moment ago: join it.
        await appendTo(ports.cases, owner, mention, decidedAt);
        disposition = {
          kind: 'case-appended',
          reason: `the conversation was put on case ${owner} while this mention was decided`,
          caseId: owner,
          decidedAt,
        };
      }
      break;
    }
    case 'case-appended':
      await appendTo(ports.cases, decision.caseId, mention, decidedAt);
      disposition = { kind: 'case-appended', reason: decision.reason, caseId: decision.caseId, decidedAt };
      break;
    case 'duplicate':
      disposition = { kind: 'duplicate', reason: decision.reason, duplicateOf: decision.duplicateOf, decidedAt };
      break;
    default:
      disposition = { kind: decision.kind, reason: decision.reason, decidedAt };
  }

  const record: MentionRecord = { mention, classification, disposition };
  const stored = await ports.mentions.recordDisposition(record);
  return { disposition: stored.record.disposition, redelivered: !stored.recorded };
};
