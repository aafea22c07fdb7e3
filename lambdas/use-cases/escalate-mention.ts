import type { CaseTargetPolicy } from '../domain/decide-case-target.ts';
import { type DecisionPolicy, decideDisposition } from '../domain/decide-disposition.ts';
import type { Disposition, MentionRecord } from '../domain/disposition.ts';
import type { Mention } from '../domain/mention.ts';
import { redactedText } from '../domain/queue-message.ts';
import { dueTimes } from '../domain/service-levels.ts';
import type { SurgePolicy } from '../domain/surge.ts';
import { triageItemFor } from '../domain/triage-item.ts';
import { reviseRecordText, summaryOf } from '../domain/revise-record.ts';
import { type CasePolicy, contentFingerprintInput, conversationKey } from '../domain/new-case.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Classifier } from '../ports/classifier.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationIndex } from '../ports/conversation-index.ts';
import type { DeletionRegister } from '../ports/deletion-register.ts';
import type { DuplicateIndex } from '../ports/duplicate-index.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';
import type { TriageStore } from '../ports/triage-store.ts';
import { appendTo, customerOf, type PlacementPorts, placeServiceNeed } from './place-service-need.ts';
import { type AcknowledgeIdeaPorts, acknowledgeIdea } from './acknowledge-idea.ts';
import { joinSurge, type SurgePorts } from './join-surge.ts';
import { redactIfRecorded } from './redact-deleted-post.ts';
import { refreshServiceHold } from './refresh-service-hold.ts';

export interface EscalatePorts {
  readonly classifier: Classifier;
  readonly cases: CaseSystem;
  readonly mentions: MentionStore;
  readonly deletions: DeletionRegister;
  readonly conversations: ConversationIndex;
  readonly duplicates: DuplicateIndex;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
  readonly directory: Pick<IdentityDirectory, 'findLink'>;
  readonly triage: Pick<TriageStore, 'add' | 'get' | 'save'>;
  readonly routeNewCase: PlacementPorts['routeNewCase'];
  /** Where ideas are acknowledged (a reply draft) and passed on to the product team. */
  readonly ideas: AcknowledgeIdeaPorts;
  /** Surges: the recent window of needs per topic, and who is in each incident. */
  readonly windows: SurgePorts['windows'];
  readonly incidents: SurgePorts['incidents'];
  readonly replies: SurgePorts['replies'];
  readonly holds: ServiceHolds;
  readonly events: EventPublisher;
}

export interface EscalatePolicy extends DecisionPolicy, CasePolicy, CaseTargetPolicy {
  readonly surge: SurgePolicy;
  /** How long a content fingerprint marks later copies as duplicates. */
  readonly duplicateWindowHours: number;
}

export interface EscalateOutcome {
  readonly disposition: Disposition;
  /** True when the mention had already been disposed of: a redelivery that decided nothing new. */
  readonly redelivered: boolean;
  /** True when an edit of a known post revised its text (on the record and the case). */
  readonly revised?: boolean;
}

/** An edit of a post already decided: its text is revised where it is kept; the decision stands. */
const reviseEdited = async (
  existing: MentionRecord,
  mention: Mention,
  ports: EscalatePorts,
  at: string,
): Promise<EscalateOutcome> => {
  const unchanged = existing.mention.deletedAt !== undefined || existing.mention.text === mention.text;
  if (!mention.edited || unchanged) return { disposition: existing.disposition, redelivered: true };
  const { caseId } = existing.disposition;
  if (caseId !== undefined) {
    await ports.cases.reviseInteraction(caseId, mention.mentionId, summaryOf(mention.text), at);
  }
  const { revised } = await ports.mentions.reviseRecord(existing, reviseRecordText(existing, mention.text));
  return { disposition: existing.disposition, redelivered: true, revised };
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
  const now = ports.clock.now();
  const existing = await ports.mentions.getRecord(mention.mentionId);
  if (existing) return reviseEdited(existing, mention, ports, now.toISOString());

  const deletedAt = await ports.deletions.deletedAt(mention.mentionId);
  if (deletedAt !== undefined) {
    // The deletion overtook the post: record that it was withdrawn, keeping none of its text.
    const withdrawn: MentionRecord = {
      mention: { ...mention, text: redactedText, deletedAt },
      disposition: {
        kind: 'rejected',
        reason: 'deleted by its author before it was decided',
        decidedAt: now.toISOString(),
      },
    };
    const stored = await ports.mentions.recordDisposition(withdrawn);
    return { disposition: stored.record.disposition, redelivered: !stored.recorded };
  }

  const [classification] = await ports.classifier.classify([mention]);
  if (!classification) throw new Error(`the classifier returned nothing for ${mention.mentionId}`);

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

  const decidedAt = now.toISOString();
  // Who is behind the account matters to a mention that goes on a case, or before a person.
  const customerId =
    decision.kind === 'case-created' || decision.kind === 'case-appended' || decision.kind === 'triage'
      ? await customerOf(mention, ports.directory)
      : undefined;
  let disposition: Disposition;
  switch (decision.kind) {
    case 'case-created':
      // A need that is part of a surge joins its incident instead of fanning out to agents. Not
      // on a retry finishing the mention's own case: that case must be written first.
      disposition =
        (threadCaseId === ownCaseId
          ? undefined
          : await joinSurge({ mention, classification, customerId }, ports, policy)) ??
        (await placeServiceNeed(
          { mention, classification, reason: decision.reason, customerId, finishOwnCase: threadCaseId === ownCaseId },
          ports,
          policy,
        ));
      break;
    case 'case-appended': {
      const caseId = await appendTo(ports.cases, decision.caseId, mention, decidedAt);
      disposition = { kind: 'case-appended', reason: decision.reason, caseId, decidedAt };
      break;
    }
    case 'duplicate':
      disposition = { kind: 'duplicate', reason: decision.reason, duplicateOf: decision.duplicateOf, decidedAt };
      break;
    default:
      disposition = { kind: decision.kind, reason: decision.reason, decidedAt };
  }
  // Before the disposition is recorded, so a failure here retries the whole (idempotent) delivery.
  if (customerId !== undefined && disposition.kind === 'case-appended') await refreshServiceHold(customerId, ports);
  const item = triageItemFor(
    {
      mention,
      classification,
      disposition,
      dueAt: dueTimes(classification.priority, now, policy.serviceLevels).firstResponseAt,
      at: decidedAt,
    },
    customerId === undefined,
  );
  if (item) await ports.triage.add(item);
  // An idea is heard, not lost: a thank-you draft, and the product team's queue.
  if (classification.intent === 'idea' && disposition.kind === 'chatter') {
    await acknowledgeIdea({ mention, classification, disposition }, ports.ideas);
  }

  const record: MentionRecord = { mention, classification, disposition };
  const stored = await ports.mentions.recordDisposition(record);
  // A deletion processed while this mention was being decided found no record to redact: do it now.
  const lateDeletion = await ports.deletions.deletedAt(mention.mentionId);
  if (lateDeletion !== undefined) await redactIfRecorded(mention.mentionId, lateDeletion, ports);
  return { disposition: stored.record.disposition, redelivered: !stored.recorded };
};
