import { bridgeActor, type Case, type CaseParty } from './case.ts';
import type { Priority, Topic } from './classification.ts';
import type { Network } from './mention.ts';
import { greetedText } from './reply.ts';
import { queueFor } from './routing.ts';
import type { CasePolicy } from './new-case.ts';
import { dueTimes } from './service-levels.ts';

/**
 * An incident: the parent case of a surge (see surge.ts), which the surge's mentions join instead
 * of each becoming a case for an agent, and the replies that close the loop with the people in it.
 */

/** The handle an incident's party carries, so people and the console can tell it from a person. */
export const incidentHandle = 'incident';

/**
 * Who an incident's case is for. No single customer: a social party whose user id is the
 * incident's own id, so its party key (`social#<network>#incident-…`) is nobody else's, and no
 * customer's "open case from any channel" ever turns out to be an incident. `network` is where the
 * surge was first seen; it routes like any social case.
 */
export const incidentPartyOf = (caseId: string, network: Network): CaseParty => ({
  kind: 'social',
  identity: { network, userId: caseId, handle: incidentHandle },
});

/** Whether a case is an incident's parent case. */
export const isIncident = (value: Pick<Case, 'kind'>): boolean => value.kind === 'incident';

export interface IncidentFacts {
  readonly caseId: string;
  /** The surge's lane: the incident's topic. */
  readonly topic: Topic;
  readonly signature: string;
  /** When the surge's first mention was counted. */
  readonly startedAt: string;
  /** Mentions in the surge when it became an incident. */
  readonly mentions: number;
  /** The priority of the mention that opened it; an incident is never below P2. */
  readonly priority: Priority;
  readonly network: Network;
}

/** An incident touches many customers at once: it is at least P2, whatever one mention said. */
const atLeastP2 = (priority: Priority): Priority => (priority === 'P1' ? 'P1' : 'P2');

/**
 * The parent case of a surge, opened by the bridge: open, routed like any case of its topic, with
 * an empty timeline (the surge's mentions are appended as they attach) and due times from the
 * service levels. No conversation is claimed by it here: each attached mention brings its own.
 */
export const newIncidentCase = (facts: IncidentFacts, openedAt: Date, policy: CasePolicy = {}): Case => {
  const at = openedAt.toISOString();
  const priority = atLeastP2(facts.priority);
  return {
    caseId: facts.caseId,
    party: incidentPartyOf(facts.caseId, facts.network),
    originChannel: 'social',
    status: 'open',
    priority,
    topic: facts.topic,
    queue: queueFor(facts.topic, policy.topicQueues),
    due: dueTimes(priority, openedAt, policy.serviceLevels),
    conversations: [],
    timeline: [],
    createdAt: at,
    updatedAt: at,
    audit: [
      {
        at,
        actor: bridgeActor,
        action: 'created',
        after: { status: 'open', kind: 'incident', signature: facts.signature, mentions: facts.mentions },
        note: `${facts.mentions} mentions about ${facts.topic} since ${facts.startedAt}`,
      },
    ],
    flags: [],
    version: 0,
    mergedFrom: [],
    kind: 'incident',
    incident: { topic: facts.topic, signature: facts.signature, startedAt: facts.startedAt, mentions: facts.mentions },
    slaAlerts: [],
    breaches: [],
  };
};

/** What customers call the thing that went wrong, per topic, for the statement and closure replies. */
const troubleWith: Readonly<Record<Topic, string>> = {
  billing: 'billing and payments',
  'orders-delivery': 'orders and deliveries',
  'outage-technical': 'our app and website',
  'account-access': 'signing in to your account',
  'product-quality': 'one of our products',
  'store-staff': 'our stores',
  'travel-disruption': 'travel',
  'lost-damaged-property': 'lost and damaged property',
  other: 'our service',
};

/**
 * The holding statement the social team gets as a draft when an incident opens: that we know,
 * that we are on it, and where the update will come. Short enough for an X post, and free of
 * personal data (it names no one), so it passes the reply checks on every network.
 */
export const holdingStatementText = (topic: Topic): string =>
  `We know many of you are having trouble with ${troubleWith[topic]} right now. We're working on it and will post an update here as soon as it's fixed. Sorry for the disruption.`;

/** The reply each person in an incident gets as a draft when it is resolved, greeting them by handle. */
export const closureReplyText = (topic: Topic, handle: string | undefined): string =>
  greetedText(
    handle,
    `the trouble with ${troubleWith[topic]} is fixed now. Thank you for your patience, and sorry for the disruption.`,
  );
