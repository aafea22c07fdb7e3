import { bridgeActor, type Case } from '../domain/case.ts';
import type { Classification } from '../domain/classification.ts';
import { type CaseTarget, type CaseTargetPolicy, decideCaseTarget } from '../domain/decide-case-target.ts';
import type { Disposition } from '../domain/disposition.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { Mention, Network } from '../domain/mention.ts';
import { type CasePolicy, conversationKey, interactionFor, newCaseFromMention } from '../domain/new-case.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { ConversationIndex } from '../ports/conversation-index.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';
import { customerCaseLimit, refreshServiceHold } from './refresh-service-hold.ts';

export interface PlacementPorts {
  readonly cases: CaseSystem;
  readonly conversations: ConversationIndex;
  readonly directory: Pick<IdentityDirectory, 'findLink'>;
  readonly holds: ServiceHolds;
  readonly events: EventPublisher;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
  /**
   * Sends a newly opened case to its team by the routing rules. Idempotent: a case already
   * routed keeps its decision, so a retried delivery routes it once.
   */
  readonly routeNewCase: (caseId: string, hints: RoutingHints) => Promise<void>;
}

/** What the routing rules may need that the case does not record. */
export interface RoutingHints {
  readonly language?: string;
  readonly network: Network;
}

export type PlacementPolicy = CasePolicy & CaseTargetPolicy;

/** The case a mention opens when it opens one: derived from its id, so every retry names the same case. */
export const ownCaseIdOf = (mentionId: string, fingerprints: Fingerprints): string =>
  `case-${fingerprints.digest(`case:${mentionId}`)}`;

/** The customer the mention's author is linked to, if any. */
export const customerOf = async (
  mention: Mention,
  directory: Pick<IdentityDirectory, 'findLink'>,
): Promise<string | undefined> =>
  (await directory.findLink({ network: mention.network, userId: mention.author.id, handle: mention.author.handle }))
    ?.customerId;

/**
 * Appends the mention to the case its thread is on. The thread may point at a case whose first
 * mention is still being written (or will be, on that mention's retry): not there yet is worth
 * a retry, never a dead letter.
 */
export const appendTo = async (cases: CaseSystem, caseId: string, mention: Mention, at: string): Promise<string> => {
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
  ports: PlacementPorts,
  policy: PlacementPolicy,
): Promise<Disposition> => {
  const now = ports.clock.now();
  const decidedAt = now.toISOString();
  const owner = await ports.conversations.claim(conversationKey(mention), caseId);
  if (owner === caseId) {
    const opened: Case = newCaseFromMention(caseId, mention, classification, now, policy, customerId);
    await ports.cases.createCase(opened);
    await ports.routeNewCase(caseId, {
      network: mention.network,
      ...(classification.language === undefined ? {} : { language: classification.language.code }),
    });
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
  ports: PlacementPorts,
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

export interface ServiceNeed {
  readonly mention: Mention;
  readonly classification: Classification;
  /** Why it is a service need, in words: the start of the disposition's reason. */
  readonly reason: string;
  readonly customerId: string | undefined;
  /** An earlier attempt claimed the thread for the mention's own case: finish creating it. */
  readonly finishOwnCase?: boolean;
}

/**
 * Puts a service need whose thread is on no case yet where it belongs (escalate does this for
 * confident needs, triage when a person confirms one): the customer's open case from any
 * channel, a lately resolved one (reopened), or a new case, and brings the customer's marketing
 * hold in line. Idempotent, as each step is.
 */
export const placeServiceNeed = async (
  need: ServiceNeed,
  ports: PlacementPorts,
  policy: PlacementPolicy,
): Promise<Disposition> => {
  const { mention, customerId } = need;
  const now = ports.clock.now();
  const ownCaseId = ownCaseIdOf(mention.mentionId, ports.fingerprints);
  const target: CaseTarget = need.finishOwnCase
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
  const disposition =
    target.kind === 'create'
      ? await createCase(ownCaseId, mention, need.classification, need.reason, customerId, ports, policy)
      : await joinCustomerCase(target, mention, customerId ?? '', ports, now.toISOString());
  if (customerId !== undefined) await refreshServiceHold(customerId, ports);
  return disposition;
};
