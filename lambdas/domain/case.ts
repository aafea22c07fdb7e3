import { z } from 'zod';
import './zod-messages.ts';
import { Priority, Topic } from './classification.ts';
import { Network } from './mention.ts';

export const CaseStatus = z.enum(['new', 'open', 'pending', 'resolved', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** The lifecycle: which status may follow which. Resolved cases may reopen; closed is final. */
export const caseTransitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const canTransition = (from: CaseStatus, to: CaseStatus): boolean => caseTransitions[from].includes(to);

export const openStatuses: ReadonlySet<CaseStatus> = new Set(['new', 'open', 'pending']);

export const SocialIdentity = z.object({
  network: Network,
  userId: z.string().min(1),
  handle: z.string().min(1),
});
export type SocialIdentity = z.infer<typeof SocialIdentity>;

/** Who the case is for: a known customer, or a social identity not yet linked to one. */
export const CaseParty = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), customerId: z.string().min(1) }),
  z.object({ kind: z.literal('social'), identity: SocialIdentity }),
]);
export type CaseParty = z.infer<typeof CaseParty>;

export const Channel = z.enum(['social', 'phone', 'store', 'email', 'web']);
export type Channel = z.infer<typeof Channel>;

/** What a timeline entry records: a customer's contact on some channel, or a note about the case. */
export const InteractionKind = z.enum(['mention', 'call', 'visit', 'email', 'message', 'note', 'status-change']);
export type InteractionKind = z.infer<typeof InteractionKind>;

export const Interaction = z.object({
  at: z.string(),
  channel: Channel,
  kind: InteractionKind,
  summary: z.string(),
  mentionId: z.string().optional(),
  /** The caller's id for an interaction added through the cases API: adding it twice adds it once. */
  interactionId: z.string().optional(),
  /** Who recorded it: an agent, a store, a system. */
  by: z.string().optional(),
  /** The case it was first recorded on, when a merge brought it here. */
  fromCase: z.string().optional(),
  network: Network.optional(),
  /** The thread it belongs to, as `network:conversationId`. */
  conversation: z.string().optional(),
  url: z.string().optional(),
});
export type Interaction = z.infer<typeof Interaction>;

/** The key that makes adding an entry idempotent: its mention, or the id its caller gave it. */
export const entryKeyOf = (entry: Pick<Interaction, 'mentionId' | 'interactionId'>): string | undefined =>
  entry.mentionId !== undefined ? `mention:${entry.mentionId}` : entry.interactionId && `api:${entry.interactionId}`;

export const AuditAction = z.enum([
  'created',
  'interaction-added',
  'status-changed',
  'reopened',
  'assigned',
  'priority-changed',
  'topic-changed',
  'customer-linked',
  'merge-offered',
  'merged-in',
  'merged-into',
  'routed',
  'queued',
  'claimed',
  'released',
  'sla-alert',
  'sla-breached',
  'sla-notified',
  'first-responded',
  'incident-attached',
  'loop-closed',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** One change to a case: who made it, when, and the fields before and after. */
export const AuditEntry = z.object({
  at: z.string(),
  actor: z.string().min(1),
  action: AuditAction,
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  note: z.string().optional(),
  /** The case it was first recorded on, when a merge brought it here. */
  fromCase: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const CaseFlag = z.enum(['unknown-customer']);
export type CaseFlag = z.infer<typeof CaseFlag>;

/** The actor name the bridge itself uses in audit entries. */
export const bridgeActor = 'bridge';

export const CaseDue = z.object({
  firstResponseAt: z.string(),
  resolutionAt: z.string(),
});
export type CaseDue = z.infer<typeof CaseDue>;

export const Case = z.object({
  caseId: z.string().min(1),
  party: CaseParty,
  originChannel: Channel,
  status: CaseStatus,
  priority: Priority,
  topic: Topic,
  queue: z.string().min(1),
  assignee: z.string().optional(),
  due: CaseDue,
  /** Conversations on this case, as `network:conversationId`. */
  conversations: z.array(z.string()),
  timeline: z.array(Interaction),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Every change, oldest first. */
  audit: z.array(AuditEntry).default([]),
  flags: z.array(CaseFlag).default([]),
  /** Bumped by every write; updates are conditional on it. */
  version: z.number().int().nonnegative().default(0),
  resolvedAt: z.string().optional(),
  /** When a resolved case was last reopened. */
  reopenedAt: z.string().optional(),
  /** Set on a case merged into another; the other case carries its timeline and audit. */
  mergedInto: z.string().optional(),
  /** Cases merged into this one. */
  mergedFrom: z.array(z.string()).default([]),
  /** Which routing rule sent the case to its queue, and why: every automatic decision is explained. */
  routing: z.object({ rule: z.string(), queue: z.string(), reason: z.string(), at: z.string() }).optional(),
  /** When the case reached its team's work order; while set and nobody holds the case, it waits to be claimed. */
  queuedAt: z.string().optional(),
  /** `incident`: the parent case of a surge, which the surge's mentions join instead of fanning out. */
  kind: z.enum(['case', 'incident']).default('case'),
  /** On an incident's parent case: what the surge is about and how big it grew. */
  incident: z
    .object({ topic: z.string(), signature: z.string(), startedAt: z.string(), mentions: z.number().int() })
    .optional(),
  /** When the customer first heard back from us (a reply sent, an agent's note to them). */
  firstRespondedAt: z.string().optional(),
  /** A deadline the customer stated, and the due time it set (minus the fulfilment lead time). */
  statedDeadline: z.object({ at: z.string(), phrase: z.string(), dueBy: z.string() }).optional(),
  /** SLA alerts already sent, e.g. `first-response:due-soon`: nobody is told twice. */
  slaAlerts: z.array(z.string()).default([]),
  /** Which due times were missed. */
  breaches: z.array(z.enum(['first-response', 'resolution'])).default([]),
  /** A merge the bridge suggests to an agent, e.g. after the author was linked to a customer. */
  mergeOffer: z.object({ caseId: z.string(), reason: z.string(), offeredAt: z.string() }).optional(),
});
export type Case = z.infer<typeof Case>;
/** A case as a caller may write it: the bookkeeping fields may be left out. */
export type CaseInput = z.input<typeof Case>;

/** The key under which a party's cases are found: one customer, or one social identity. */
export const partyKeyOf = (party: CaseParty): string =>
  party.kind === 'customer'
    ? `customer#${party.customerId}`
    : `social#${party.identity.network}#${party.identity.userId}`;

/** The place a case waits in its team's work order: highest priority, then earliest first response due. */
export const workRankOf = (value: Pick<Case, 'priority' | 'due' | 'caseId'>): string =>
  `${value.priority}#${value.due.firstResponseAt}#${value.caseId}`;

/** Whether the case waits in its queue for an agent to claim it. */
export const isWaiting = (value: Pick<Case, 'status' | 'mergedInto' | 'assignee' | 'queuedAt'>): boolean =>
  openStatuses.has(value.status) &&
  value.mergedInto === undefined &&
  value.assignee === undefined &&
  value.queuedAt !== undefined;

/** Whether the case is still being worked (and not folded into another). */
export const isOpenCase = (value: Pick<Case, 'status' | 'mergedInto'>): boolean =>
  openStatuses.has(value.status) && value.mergedInto === undefined;
