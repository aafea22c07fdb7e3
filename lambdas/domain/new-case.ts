import { bridgeActor, type Case, type CaseParty, type Interaction } from './case.ts';
import type { Classification } from './classification.ts';
import type { Mention } from './mention.ts';
import { summaryOf } from './revise-record.ts';
import { queueFor, type TopicQueues } from './routing.ts';
import { dueTimes, type ServiceLevels } from './service-levels.ts';

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

export interface CasePolicy {
  readonly serviceLevels?: ServiceLevels;
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
  return {
    caseId,
    party,
    originChannel: 'social',
    // Routed straight to a team queue, so it is open; `new` is for cases awaiting routing.
    status: 'open',
    priority: classification.priority,
    topic: classification.topic,
    queue: queueFor(classification.topic, policy.topicQueues),
    due: dueTimes(classification.priority, openedAt, policy.serviceLevels),
    conversations: [conversationKey(mention)],
    timeline: [interactionFor(mention)],
    createdAt: at,
    updatedAt: at,
    audit: [{ at, actor: bridgeActor, action: 'created', after: { status: 'open', mentionId: mention.mentionId } }],
    flags: customerId === undefined ? ['unknown-customer'] : [],
    version: 0,
    mergedFrom: [],
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
