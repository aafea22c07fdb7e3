import { z } from 'zod';
import './zod-messages.ts';
import { type Classification, Intent, Priority, Topic } from './classification.ts';
import type { Disposition } from './disposition.ts';
import { type Mention, Network } from './mention.ts';

/**
 * Why a person must look at a mention: `decide` when the bridge would not decide alone (low
 * confidence, a language it does not read); `identify` when it opened a case for an author it
 * could not tie to a customer.
 */
export const TriageKind = z.enum(['decide', 'identify']);
export type TriageKind = z.infer<typeof TriageKind>;

export const TriageState = z.enum(['open', 'done']);
export type TriageState = z.infer<typeof TriageState>;

/** What the social team can do with an item; each is audited with who, when, before and after. */
export const TriageActionKind = z.enum([
  'confirm',
  'dismiss',
  'priority',
  'topic',
  'link',
  'merge',
  'assign',
  'draft-reply',
]);
export type TriageActionKind = z.infer<typeof TriageActionKind>;

/** A dismissal says what the mention was instead: it becomes a training label. */
export const DismissAs = z.enum(['chatter', 'spam', 'praise', 'idea']);
export type DismissAs = z.infer<typeof DismissAs>;

/** One labelled example the team produced, in the format `bridge train --data` reads. */
export const TrainingLabel = z.object({
  text: z.string(),
  intent: Intent,
  topic: Topic.optional(),
  mentionId: z.string(),
  labelledBy: z.string(),
  labelledAt: z.string(),
});
export type TrainingLabel = z.infer<typeof TrainingLabel>;

export const TriageHistoryEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: TriageActionKind,
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
});
export type TriageHistoryEntry = z.infer<typeof TriageHistoryEntry>;

export const TriageItem = z.object({
  /** The mention's id. */
  itemId: z.string().min(1),
  kind: TriageKind,
  state: TriageState,
  /** Why it is here, in words, from the disposition. */
  reason: z.string(),
  network: Network,
  author: z.object({ id: z.string(), handle: z.string() }),
  /** The start of the text, for the list; the full mention is read with the item. */
  excerpt: z.string(),
  /** `network:conversationId`: the thread. */
  conversation: z.string(),
  language: z.string().optional(),
  intent: Intent,
  topic: Topic,
  priority: Priority,
  confidence: z.number().min(0).max(1),
  /** When the first response is due: the case's, or as a case of this priority would have it. */
  dueAt: z.string(),
  unknownCustomer: z.boolean(),
  caseId: z.string().optional(),
  /** The team the case was assigned to, when one was chosen here. */
  team: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** How it was settled; set when `state` is `done`. */
  outcome: z
    .object({
      action: TriageActionKind,
      by: z.string(),
      at: z.string(),
      caseId: z.string().optional(),
      label: TrainingLabel.optional(),
    })
    .optional(),
  history: z.array(TriageHistoryEntry).default([]),
  version: z.number().int().nonnegative().default(0),
});
export type TriageItem = z.infer<typeof TriageItem>;

/** The sort key that puts open items in work order: highest priority, then earliest due. */
export const triageRank = (item: Pick<TriageItem, 'priority' | 'dueAt' | 'itemId'>): string =>
  `${item.priority}#${item.dueAt}#${item.itemId}`;

/** How much of the text the list shows. */
const excerptLength = 200;

export interface TriageSource {
  readonly mention: Mention;
  readonly classification: Classification;
  readonly disposition: Disposition;
  /** When a case of the mention's priority would be due for a first response. */
  readonly dueAt: string;
  readonly at: string;
}

/**
 * The triage item a decided mention needs, if it needs one: `decide` when the bridge left the
 * decision to a person, `identify` when it opened a case for an author it could not tie to a
 * customer. Undefined for everything the bridge settled alone.
 */
export const triageItemFor = (source: TriageSource, unknownCustomer: boolean): TriageItem | undefined => {
  const { mention, classification, disposition } = source;
  const kind: TriageKind | undefined =
    disposition.kind === 'triage'
      ? 'decide'
      : disposition.kind === 'case-created' && unknownCustomer
        ? 'identify'
        : undefined;
  if (kind === undefined) return undefined;
  return {
    itemId: mention.mentionId,
    kind,
    state: 'open',
    reason: disposition.reason,
    network: mention.network,
    author: { id: mention.author.id, handle: mention.author.handle },
    excerpt: Array.from(mention.text).slice(0, excerptLength).join(''),
    conversation: `${mention.network}:${mention.conversationId}`,
    ...(classification.language === undefined ? {} : { language: classification.language.code }),
    intent: classification.intent,
    topic: classification.topic,
    priority: classification.priority,
    confidence: classification.confidence,
    dueAt: source.dueAt,
    unknownCustomer,
    ...(disposition.caseId === undefined ? {} : { caseId: disposition.caseId }),
    createdAt: source.at,
    updatedAt: source.at,
    history: [],
    version: 0,
  };
};

/** The item once its post was deleted by its author: no trace of the text, in the list or a label. */
export const redactTriageItem = (item: TriageItem, redacted: string): TriageItem => ({
  ...item,
  excerpt: redacted,
  ...(item.outcome?.label ? { outcome: { ...item.outcome, label: { ...item.outcome.label, text: redacted } } } : {}),
});
