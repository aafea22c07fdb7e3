import { z } from 'zod';
import './zod-messages.ts';
import { type Case, Channel, type Interaction, InteractionKind } from './case.ts';
import { Priority, Topic } from './classification.ts';
import { queueFor, type TopicQueues } from './routing.ts';
import { caseDue, type DuePolicy } from './service-levels.ts';

/** Channels other systems report from; social mentions come in through the connectors instead. */
export const ContactChannel = Channel.exclude(['social']);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** What a contact on a channel is, when its caller does not say. */
const defaultKind: Readonly<Record<ContactChannel, InteractionKind>> = {
  phone: 'call',
  store: 'visit',
  email: 'email',
  web: 'message',
};

const caseIdPattern = /^[\w.:-]{1,64}$/;
const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time, e.g. 2026-11-02T09:00:00Z' });

/** An interaction another channel adds to a case: a call note, a store visit, an e-mail. */
export const NewInteraction = z.strictObject({
  channel: ContactChannel,
  kind: InteractionKind.exclude(['mention', 'status-change']).optional(),
  summary: z.string().trim().min(1).max(4000),
  /** When it happened; when the request arrived if absent. */
  at: isoInstant.optional(),
  /** Who recorded it; the caller's `x-actor` header if absent. */
  by: z.string().trim().min(1).max(200).optional(),
  /** The caller's id for it: sending it again adds nothing. */
  interactionId: z.string().trim().min(1).max(200).optional(),
});
export type NewInteraction = z.infer<typeof NewInteraction>;

/** A case opened by the phone, store or e-mail system for a known customer. */
export const NewContactCase = NewInteraction.extend({
  /** The caller's own case id; it makes a retried request return the same case. */
  caseId: z.string().regex(caseIdPattern, 'letters, digits, and . _ : - only, at most 64').optional(),
  customerId: z.string().trim().min(1).max(200),
  topic: Topic.default('other'),
  priority: Priority.default('P3'),
  queue: z.string().trim().min(1).max(100).optional(),
  assignee: z.string().trim().min(1).max(200).optional(),
  /**
   * A deadline the customer stated ("I need the replacement card by Friday"): the case is due the
   * fulfilment lead time before it, when that is sooner than its service level.
   */
  deadline: z
    .strictObject({
      at: isoInstant,
      /** The customer's words, as the agent noted them. */
      phrase: z.string().trim().min(1).max(200),
    })
    .optional(),
});
export type NewContactCase = z.infer<typeof NewContactCase>;

/** The timeline entry an interaction from another channel becomes. */
export const contactInteraction = (input: NewInteraction, receivedAt: string, actor: string): Interaction => ({
  at: input.at === undefined ? receivedAt : new Date(input.at).toISOString(),
  channel: input.channel,
  kind: input.kind ?? defaultKind[input.channel],
  summary: input.summary,
  by: input.by ?? actor,
  ...(input.interactionId === undefined ? {} : { interactionId: input.interactionId }),
});

/** Due times (service levels in the queues' business hours, stated deadlines) and the first queue per topic. */
export interface ContactCasePolicy extends DuePolicy {
  readonly topicQueues?: TopicQueues;
}

/** The case a phone, store or e-mail contact opens, with that contact as its first entry. */
export const newContactCase = (
  caseId: string,
  input: NewContactCase,
  openedAt: Date,
  actor: string,
  policy: ContactCasePolicy = {},
): Case => {
  const at = openedAt.toISOString();
  const first = contactInteraction(input, at, actor);
  const queue = input.queue ?? queueFor(input.topic, policy.topicQueues);
  const dues = caseDue(
    {
      priority: input.priority,
      queue,
      openedAt,
      ...(input.deadline === undefined ? {} : { deadline: input.deadline }),
    },
    policy,
  );
  return {
    caseId,
    party: { kind: 'customer', customerId: input.customerId },
    originChannel: input.channel,
    status: 'open',
    priority: input.priority,
    topic: input.topic,
    queue,
    ...(input.assignee === undefined ? {} : { assignee: input.assignee }),
    due: dues.due,
    ...(dues.statedDeadline === undefined ? {} : { statedDeadline: dues.statedDeadline }),
    conversations: [],
    timeline: [first],
    createdAt: at,
    updatedAt: at,
    audit: [
      {
        at,
        actor: first.by ?? actor,
        action: 'created',
        after: { status: 'open', channel: input.channel, customerId: input.customerId },
        // Why the case is due when it is: the service level, the queue's hours, a deadline the customer stated.
        note: dues.reason,
      },
    ],
    flags: [],
    version: 0,
    mergedFrom: [],
    kind: 'case',
    slaAlerts: [],
    breaches: [],
  };
};

export const validCaseId = (value: string): boolean => caseIdPattern.test(value);
