import { bridgeActor, type Case, type CaseParty, type Interaction } from './case.ts';
import type { Classification } from './classification.ts';
import type { Mention } from './mention.ts';
import { summaryOf } from './revise-record.ts';
import { queueFor, type TopicQueues } from './routing.ts';
import { caseDue, type DuePolicy } from './service-levels.ts';

/** The conversation key under which a thread is joined to a case. */
export const conversationKey = (mention: Pick<Mention, 'network' | 'conversationId'>): string =>
  `${mention.network}:${mention.conversationId}`;

/** The timeline entry a social mention adds to a case. */
export const interactionFor = (mention: Mention): Interaction => ({
  at: mention.createdAt,
  channel: 'social',
  kind: 'mention',
  summary: summaryOf(mention.text),
  mentionId: mention.mentionId,
  network: mention.network,
  conversation: conversationKey(mention),
  ...(mention.url === undefined ? {} : { url: mention.url }),
});

/** Due times (service levels in the queues' business hours, stated deadlines) and the first queue per topic. */
export interface CasePolicy extends DuePolicy {
  readonly topicQueues?: TopicQueues;
}

/** The party a mention speaks for when its author is not linked to a customer. */
export const socialPartyOf = (mention: Pick<Mention, 'network' | 'author'>): CaseParty => ({
  kind: 'social',
  identity: { network: mention.network, userId: mention.author.id, handle: mention.author.handle },
});

/**
 * A new case opened from a social mention: for the customer its author is linked to, or else
 * for the social identity itself, flagged so the social team can find out who it is.
 */
export const newCaseFromMention = (
  caseId: string,
  mention: Mention,
  classification: Classification,
  openedAt: Date,
  policy: CasePolicy = {},
  customerId?: string,
): Case => {
  const at = openedAt.toISOString();
  const party: CaseParty = customerId === undefined ? socialPartyOf(mention) : { kind: 'customer', customerId };
  const queue = queueFor(classification.topic, policy.topicQueues);
  const dues = caseDue(
    {
      priority: classification.priority,
      queue,
      openedAt,
      ...(classification.deadline === undefined ? {} : { deadline: classification.deadline }),
    },
    policy,
  );
  return {
    caseId,
    party,
    originChannel: 'social',
    // Routed straight to a team queue, so it is open; `new` is for cases awaiting routing.
    status: 'open',
    priority: classification.priority,
    topic: classification.topic,
    queue,
    due: dues.due,
    ...(dues.statedDeadline === undefined ? {} : { statedDeadline: dues.statedDeadline }),
    conversations: [conversationKey(mention)],
    timeline: [interactionFor(mention)],
    createdAt: at,
    updatedAt: at,
    audit: [
      {
        at,
        actor: bridgeActor,
        action: 'created',
        after: { status: 'open', mentionId: mention.mentionId },
        // Why the case is due when it is: the service level, the queue's hours, a deadline the customer stated.
        note: dues.reason,
      },
    ],
    flags: customerId === undefined ? ['unknown-customer'] : [],
    version: 0,
    mergedFrom: [],
    kind: 'case',
    slaAlerts: [],
    breaches: [],
  };
};

/**
 * What marks two mentions as the same content from the same person: network, handle and text
 * (case and spacing aside). The handle, not the user id, because listening-tool exports often
 * carry only the handle, and the same post must match whether it came by webhook or by export.
 */
export const contentFingerprintInput = (mention: Pick<Mention, 'network' | 'author' | 'text'>): string =>
  [
    mention.network,
    mention.author.handle.replace(/^@/, '').toLowerCase(),
    mention.text.toLowerCase().replace(/\s+/g, ' ').trim(),
  ].join('\u0000');
