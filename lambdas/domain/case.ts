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

export const Interaction = z.object({
  at: z.string(),
  channel: Channel,
  kind: z.enum(['mention', 'note', 'status-change']),
  summary: z.string(),
  mentionId: z.string().optional(),
  network: Network.optional(),
  /** The thread it belongs to, as `network:conversationId`. */
  conversation: z.string().optional(),
  url: z.string().optional(),
});
export type Interaction = z.infer<typeof Interaction>;

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
});
export type Case = z.infer<typeof Case>;
