import { bridgeActor, type Case, isOpenCase } from '../domain/case.ts';
import type { Classification } from '../domain/classification.ts';
import { type CaseTargetPolicy, decideCaseTarget } from '../domain/decide-case-target.ts';
import type { Disposition } from '../domain/disposition.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { holdingStatementText, incidentPartyOf, newIncidentCase } from '../domain/incident.ts';
import type { Mention } from '../domain/mention.ts';
import { type CasePolicy, conversationKey } from '../domain/new-case.ts';
import { type RepliedMention, replyTarget } from '../domain/reply.ts';
import {
  joinWindow,
  minutesBetween,
  type SurgeDecision,
  type SurgeGroup,
  type SurgeIncident,
  type SurgeMember,
  type SurgePolicy,
  type SurgeSample,
  surgeLaneOf,
  surgeTermsOf,
  windowExpiry,
} from '../domain/surge.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationIndex } from '../ports/conversation-index.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { IncidentRegister } from '../ports/incident-register.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { ReplyStore } from '../ports/reply-store.ts';
import type { SurgeWindow } from '../ports/surge-window.ts';
import { draftReply } from './draft-reply.ts';
import { appendTo, ownCaseIdOf, type PlacementPorts } from './place-service-need.ts';
import { customerCaseLimit } from './refresh-service-hold.ts';

export interface SurgePorts {
  readonly windows: SurgeWindow;
  readonly incidents: IncidentRegister;
  readonly cases: CaseSystem;
  readonly conversations: ConversationIndex;
  /** Where the earlier mentions of a surge are read, to find one the holding statement can answer. */
  readonly mentions: Pick<MentionStore, 'getRecord'>;
  readonly replies: ReplyStore;
  readonly events: EventPublisher;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
  readonly routeNewCase: PlacementPorts['routeNewCase'];
}

export interface JoinSurgePolicy extends CasePolicy, CaseTargetPolicy {
  readonly surge: SurgePolicy;
}

/** A confident service need, as escalate has it when it is about to place it. */
export interface SurgeCandidate {
  readonly mention: Mention;
  readonly classification: Classification;
  /** The customer the author is linked to; undefined when the author is not known. */
  readonly customerId: string | undefined;
}

/** Compare-and-set attempts on a lane's window before the delivery is handed back for a retry. */
const maxWindowAttempts = 8;

/** The id of an incident's holding statement: one per incident, whoever drafts it. */
export const statementIdOf = (incidentCaseId: string): string => `statement-${incidentCaseId}`;

/** Counts the sample into its lane's window and returns what the window decided. */
const countIn = async (sample: SurgeSample, lane: Case['topic'], ports: SurgePorts, policy: SurgePolicy) => {
  for (let attempt = 0; attempt < maxWindowAttempts; attempt += 1) {
    const { state, version } = await ports.windows.read(lane);
    const step = joinWindow(state, sample, policy);
    if (!step.changed) return step.decision;
    if (await ports.windows.write(step.state, version, windowExpiry(step.state, sample.at, policy))) {
      return step.decision;
    }
  }
  throw new DomainError('CONFLICT', `the ${lane} surge window kept changing while a mention was counted; try again`, {
    retryable: true,
    details: { lane },
  });
};

/** Whether the customer has an open case from any channel that their new contact belongs on. */
const hasOpenCase = async (customerId: string, ports: SurgePorts, policy: CaseTargetPolicy): Promise<boolean> => {
  const customerCases = await ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit);
  return decideCaseTarget({ customerId, customerCases, now: ports.clock.now() }, policy).kind === 'append';
};

/**
 * Brings one earlier mention of the surge into the incident. Its thread is claimed for the
 * incident: when the mention is still being placed, its placement then joins the incident itself.
 * When its own case was opened already, that case is merged into the incident (not yet written:
 * a retryable conflict, so the opening delivery comes back once it is). A thread on some other
 * case (a customer's case from another channel) stays there.
 */
const foldIn = async (member: SurgeMember, incidentId: string, ports: SurgePorts, at: string): Promise<void> => {
  const ownCaseId = ownCaseIdOf(member.mentionId, ports.fingerprints);
  const owner = await ports.conversations.claim(member.conversation, incidentId);
  if (owner !== incidentId && owner !== ownCaseId) return;
  if (owner === ownCaseId) {
    const own = await ports.cases.getCase(ownCaseId);
    if (own === undefined) {
      throw new DomainError(
        'CONFLICT',
        `case ${ownCaseId} of an earlier mention of the surge is not written yet; try again`,
        {
          retryable: true,
          details: { caseId: ownCaseId, incidentId },
        },
      );
    }
    if (isOpenCase(own)) await ports.cases.mergeCases(incidentId, ownCaseId, at, bridgeActor);
    else if (own.mergedInto !== incidentId) {
      return; // Resolved or closed by someone meanwhile: theirs to keep.
    }
  }
  await ports.incidents.addMember(incidentId, member.mentionId);
};

/**
 * Merging a customer's case into another hands the customer's party to the target (see the
 * domain's `mergeCases`); an incident is nobody's case, so its own party is put back. (Written so
 * it does nothing once the merge itself leaves an incident's party alone.)
 */
const keepIncidentParty = async (value: Case, trigger: Mention, ports: SurgePorts, at: string): Promise<Case> => {
  const { party } = value;
  if (party.kind === 'social' && party.identity.userId === value.caseId) return value;
  const { case: restored } = await ports.cases.changeCase(
    value.caseId,
    {
      kind: 'party',
      party: incidentPartyOf(value.caseId, trigger.network),
      note: 'an incident is the surge’s case, not one customer’s',
    },
    at,
    bridgeActor,
  );
  return restored;
};

/** Whether the bridge can post a public reply on the mention's thread. */
const answersPublicly = (mention: RepliedMention): boolean => {
  try {
    replyTarget(mention, 'public');
    return true;
  } catch (error) {
    if (isDomainError(error) && error.code === 'VALIDATION_FAILED') return false;
    throw error;
  }
};

/**
 * Drafts the incident's holding statement, once: a public reply on the thread of the first of
 * the surge's mentions the bridge can answer publicly (the one that opened it, else an earlier
 * one). None when no mention of the surge can be answered in public (all reviews or direct
 * messages): `incident.opened` still tells the social team, who post where they see fit.
 */
const draftStatement = async (
  incidentCase: Case,
  trigger: Mention,
  earlier: readonly SurgeMember[],
  ports: SurgePorts,
): Promise<string | undefined> => {
  const replyId = statementIdOf(incidentCase.caseId);
  if (await ports.replies.get(replyId)) return replyId;
  let target: RepliedMention | undefined = answersPublicly(trigger) ? trigger : undefined;
  for (const member of earlier) {
    if (target) break;
    const record = await ports.mentions.getRecord(member.mentionId);
    if (record && record.mention.deletedAt === undefined && answersPublicly(record.mention)) target = record.mention;
  }
  if (target === undefined) return undefined;
  try {
    await draftReply(
      {
        itemId: incidentCase.caseId,
        mention: target,
        kind: 'public',
        text: holdingStatementText(incidentCase.topic),
        createdBy: bridgeActor,
        replyId,
      },
      ports,
    );
  } catch (error) {
    // Drafted a moment ago on another of the surge's mentions: one statement is what is wanted.
    if (!(isDomainError(error) && error.code === 'CONFLICT')) throw error;
  }
  return replyId;
};

/**
 * Opens the incident of a group that reached the threshold: its parent case (routed by the rules
 * like any case of its topic), listed among the open incidents, a holding statement drafted,
 * `incident.opened` published, and the group's earlier mentions folded in. Every step is
 * idempotent, so whoever finds the incident missing (the delivery that opened it, a retry of it,
 * or a later mention of the surge when that delivery failed before writing the case) runs it all.
 */
const openIncident = async (
  group: SurgeGroup,
  incident: SurgeIncident,
  candidate: SurgeCandidate,
  ports: SurgePorts,
  policy: JoinSurgePolicy,
): Promise<Case> => {
  const { mention, classification } = candidate;
  const now = ports.clock.now();
  const at = now.toISOString();
  const lane = surgeLaneOf(classification);
  const earlier = group.members.filter((member) => member.mentionId !== mention.mentionId);
  const { case: created } = await ports.cases.createCase(
    newIncidentCase(
      {
        caseId: incident.caseId,
        topic: lane,
        signature: incident.signature,
        startedAt: group.startedAt,
        mentions: group.members.length,
        priority: classification.priority,
        network: mention.network,
      },
      now,
      policy,
    ),
  );
  await ports.routeNewCase(incident.caseId, { network: mention.network });
  await ports.incidents.markOpen(incident.caseId);
  const routed = (await ports.cases.getCase(incident.caseId)) ?? created;
  const statementReplyId = await draftStatement(routed, mention, earlier, ports);
  await ports.events.publish([
    {
      id: `incident.opened:${incident.caseId}`,
      type: 'incident.opened',
      at: incident.openedAt,
      detail: {
        caseId: incident.caseId,
        topic: lane,
        signature: incident.signature,
        startedAt: group.startedAt,
        mentions: group.members.length,
        queue: routed.queue,
        ...(statementReplyId === undefined ? {} : { statementReplyId }),
      },
    },
  ]);
  // Last: an earlier mention whose case is not written yet holds the opening delivery up (it
  // comes back), and by then the team has the incident, its statement and the event.
  for (const member of earlier) await foldIn(member, incident.caseId, ports, at);
  return keepIncidentParty((await ports.cases.getCase(incident.caseId)) ?? routed, mention, ports, at);
};

/** How many of the case's timeline entries are mentions. */
const mentionEntries = (value: Case): number => value.timeline.filter((entry) => entry.mentionId !== undefined).length;

/**
 * Attaches the mention to the incident: counted among its members first (so a retry that finds
 * the thread already on the incident, and so never comes back here, has nothing left to count),
 * its thread joined to the incident, and its words onto the incident's timeline while that holds
 * fewer than `timelineMentions` mentions. A thread put on another case a moment ago keeps it.
 */
const attach = async (
  incidentCase: Case,
  mention: Mention,
  ports: SurgePorts,
  policy: SurgePolicy,
): Promise<{ caseId: string; members: number }> => {
  const at = ports.clock.now().toISOString();
  const { members } = await ports.incidents.addMember(incidentCase.caseId, mention.mentionId);
  const owner = await ports.conversations.claim(conversationKey(mention), incidentCase.caseId);
  if (owner !== incidentCase.caseId) return { caseId: await appendTo(ports.cases, owner, mention, at), members };
  if (mentionEntries(incidentCase) < policy.timelineMentions) await appendTo(ports.cases, owner, mention, at);
  return { caseId: owner, members };
};

/**
 * Joins a confident service need to a surge, if it is part of one; called by escalate for every
 * confident service need whose thread is on no case yet, before it is placed. Returns the
 * mention's disposition when the surge took it, or undefined to place it as usual:
 *
 * - a linked customer with an open case from any channel keeps to that case (the design's order:
 *   their own case comes before any surge), and is not counted;
 * - below the threshold the mention is counted and placed as usual (its own case);
 * - the mention that reaches the threshold opens the incident, folding the surge's earlier
 *   mentions (and the cases they opened) into it, and attaches to it;
 * - later mentions of the surge attach to the open incident (`case-appended`, with the reason).
 *
 * An incident resolved meanwhile takes no more mentions: they are placed as usual. Idempotent:
 * the window answers a mention it counted before as it did then, and every write after it is.
 */
export const joinSurge = async (
  candidate: SurgeCandidate,
  ports: SurgePorts,
  policy: JoinSurgePolicy,
): Promise<Disposition | undefined> => {
  const { mention, classification, customerId } = candidate;
  if (customerId !== undefined && (await hasOpenCase(customerId, ports, policy))) return undefined;
  const lane = surgeLaneOf(classification);
  // The redacted text: the window keeps words, and no personal data belongs among them.
  const terms = surgeTermsOf(classification.pii?.redactedText ?? mention.text, classification);
  const at = ports.clock.now().toISOString();
  const decision: SurgeDecision = await countIn(
    { mentionId: mention.mentionId, at, conversation: conversationKey(mention), terms },
    lane,
    ports,
    policy.surge,
  );
  if (decision.kind === 'none') return undefined;

  const { group, incident } = decision;
  const found = decision.kind === 'open' ? undefined : await ports.cases.getCase(incident.caseId);
  const incidentCase = found ?? (await openIncident(group, incident, candidate, ports, policy));
  if (!isOpenCase(incidentCase)) return undefined;
  const { caseId, members } = await attach(incidentCase, mention, ports, policy.surge);
  const size = `${members} mentions about ${lane} in ${minutesBetween(group.startedAt, at)} min`;
  const reason =
    caseId !== incidentCase.caseId
      ? `part of incident ${incidentCase.caseId} (${size}); the conversation was put on case ${caseId} while this mention was decided`
      : decision.kind === 'open'
        ? `opened incident ${incidentCase.caseId}: ${size} (${incident.signature})`
        : `part of incident ${incidentCase.caseId} (${size})`;
  return { kind: 'case-appended', reason, caseId, decidedAt: at };
};
