import { bridgeActor, type Case } from '../domain/case.ts';
import { type CaseTarget, type CaseTargetPolicy, decideCaseTarget } from '../domain/decide-case-target.ts';
import { type DecisionPolicy, decideDisposition } from '../domain/decide-disposition.ts';
import type { Classification } from '../domain/classification.ts';
import type { Disposition, MentionRecord } from '../domain/disposition.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { Mention } from '../domain/mention.ts';
import { redactedText } from '../domain/queue-message.ts';
import { reviseRecordText, summaryOf } from '../domain/revise-record.ts';
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
import type { DeletionRegister } from '../ports/deletion-register.ts';
import type { DuplicateIndex } from '../ports/duplicate-index.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';
import { redactIfRecorded } from './redact-deleted-post.ts';
import { customerCaseLimit, refreshServiceHold } from './refresh-service-hold.ts';

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
  readonly holds: ServiceHolds;
  readonly events: EventPublisher;
}

export interface EscalatePolicy extends DecisionPolicy, CasePolicy, CaseTargetPolicy {
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
 * Appends the mention to the case its thread is on. The thread may point at a case whose first
 * mention is still being written (or will be, on that mention's retry): not there yet is worth
 * a retry, never a dead letter.
 */
const appendTo = async (cases: CaseSystem, caseId: string, mention: Mention, at: string): Promise<string> => {
  try {
    return (await cases.appendInteraction(caseId, interactionFor(mention), at)).caseId;
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

/** Opens the mention's own case, unless its thread was put on another case a moment ago. */
const createCase = async (
  caseId: string,
  mention: Mention,
  classification: Classification,
  reason: string,
  customerId: string | undefined,
  ports: EscalatePorts,
  policy: EscalatePolicy,
): Promise<Disposition> => {
  const now = ports.clock.now();
  const decidedAt = now.toISOString();
  const owner = await ports.conversations.claim(conversationKey(mention), caseId);
  if (owner === caseId) {
    const opened: Case = newCaseFromMention(caseId, mention, classification, now, policy, customerId);
    await ports.cases.createCase(opened);
    const unknown = customerId === undefined ? '; the author is not linked to a customer yet' : '';
    return { kind: 'case-created', reason: `${reason}${unknown}`, caseId, decidedAt };
  }
  // Another mention of the thread opened a case a moment ago: join it.
  const joined = await appendTo(ports.cases, owner, mention, decidedAt);
  return {
    kind: 'case-appended',
    reason: `the conversation was put on case ${joined} while this mention was decided`,
    caseId: joined,
    decidedAt,
  };
};

/**
 * Puts the mention on the customer's case from another channel (reopening it when it was
 * resolved lately), joins the thread to that case, and tells the case's owner. Each step is
 * idempotent, and the event id is fixed by case and mention, so a redelivery repeats nothing.
 */
const joinCustomerCase = async (
  target: Exclude<CaseTarget, { kind: 'create' }>,
  mention: Mention,
  customerId: string,
  ports: EscalatePorts,
  decidedAt: string,
): Promise<Disposition> => {
  // In this order because a retry after the thread is claimed takes the plain thread path:
  // by then the case must be open again and its owner told.
  if (target.kind === 'reopen') {
    await ports.cases.changeCase(
      target.caseId,
      { kind: 'status', to: 'open', note: target.reason },
      decidedAt,
      bridgeActor,
    );
  }
  await ports.events.publish([
    {
      id: `case.customer-contacted:${target.caseId}:${mention.mentionId}`,
      type: 'case.customer-contacted',
      at: decidedAt,
      detail: {
        caseId: target.caseId,
        owner: target.owner,
        customerId,
        channel: 'social',
        network: mention.network,
        mentionId: mention.mentionId,
        reopened: target.kind === 'reopen',
        ...(mention.url === undefined ? {} : { url: mention.url }),
      },
    },
  ]);
  const threadCase = await ports.conversations.claim(conversationKey(mention), target.caseId);
  const caseId = await appendTo(ports.cases, threadCase, mention, decidedAt);
  const reason =
    threadCase === target.caseId
      ? `${target.reason}; ${target.owner} notified`
      : `the conversation was put on case ${caseId} while this mention was decided`;
  return { kind: 'case-appended', reason, caseId, decidedAt };
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
  // Who is behind the account matters only to a mention that goes on a case.
  const customerId =
    decision.kind === 'case-created' || decision.kind === 'case-appended'
      ? (
          await ports.directory.findLink({
            network: mention.network,
            userId: mention.author.id,
            handle: mention.author.handle,
          })
        )?.customerId
      : undefined;
  let disposition: Disposition;
  switch (decision.kind) {
    case 'case-created': {
      const target: CaseTarget =
        threadCaseId === ownCaseId
          ? { kind: 'create', unknownCustomer: customerId === undefined, reason: 'finishing an earlier attempt' }
          : decideCaseTarget(
              {
                ...(customerId === undefined ? {} : { customerId }),
                customerCases:
                  customerId === undefined
                    ? []
                    : await ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit),
                now,
              },
              policy,
            );
      disposition =
        target.kind === 'create'
          ? await createCase(ownCaseId, mention, classification, decision.reason, customerId, ports, policy)
          : await joinCustomerCase(target, mention, customerId ?? '', ports, decidedAt);
      break;
    }
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
  if (customerId !== undefined && disposition.caseId !== undefined) await refreshServiceHold(customerId, ports);

  const record: MentionRecord = { mention, classification, disposition };
  const stored = await ports.mentions.recordDisposition(record);
  // A deletion processed while this mention was being decided found no record to redact: do it now.
  const lateDeletion = await ports.deletions.deletedAt(mention.mentionId);
  if (lateDeletion !== undefined) await redactIfRecorded(mention.mentionId, lateDeletion, ports);
  return { disposition: stored.record.disposition, redelivered: !stored.recorded };
};
