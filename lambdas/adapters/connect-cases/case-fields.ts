import type { FieldValue } from '@aws-sdk/client-connectcases';
import { z } from 'zod';
import '../../domain/zod-messages.ts';
import { AuditEntry, Case, CaseDue, CaseFlag, CaseParty, CaseStatus, Channel, partyKeyOf } from '../../domain/case.ts';
import { Priority, Topic } from '../../domain/classification.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  customerIdFromProfileArn,
  type FieldMap,
  priorityFromValue,
  priorityValueOf,
  profileArnOf,
  statusFromValue,
  systemFields,
} from './field-map.ts';

/** The most a multi-line text field holds (admin guide, "Text fields"). */
export const maxStateLength = 4100;
/** The summary system field holds at most 3000 characters (API reference, FieldValueUnion). */
const maxSummaryLength = 3000;
const maxTitleLength = 200;

/** What a case opened outside the bridge (a phone agent in Connect) reads as where the bridge has no value. */
export const foreignDefaults = {
  originChannel: 'phone',
  priority: 'P3',
  topic: 'other',
  queue: 'connect',
  /** No bridge SLA: Connect's own SLAs govern a case the bridge did not open. */
  due: '9999-12-31T23:59:59.999Z',
} as const;

/**
 * The part of a case Connect has no field for, kept as JSON in one text field the bridge owns.
 * Timeline entries and later audit entries are comments, not state: the state stays small, and
 * appends never rewrite it.
 */
export const BridgeState = z.object({
  v: z.literal(1),
  party: CaseParty,
  originChannel: Channel,
  status: CaseStatus,
  priority: Priority,
  topic: Topic,
  queue: z.string().min(1),
  assignee: z.string().optional(),
  due: CaseDue,
  /** Conversations no timeline entry carries (those that one does are read from the comments). */
  conversations: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The audit entries the case was created with. */
  audit: z.array(AuditEntry),
  flags: z.array(CaseFlag),
  version: z.number().int().nonnegative(),
  resolvedAt: z.string().optional(),
  reopenedAt: z.string().optional(),
  mergedInto: z.string().optional(),
  mergedFrom: z.array(z.string()),
  mergeOffer: z.object({ caseId: z.string(), reason: z.string(), offeredAt: z.string() }).optional(),
  // Added after v1 was written: optional or defaulted, so states stored before read as they were.
  routing: Case.shape.routing,
  queuedAt: z.string().optional(),
  kind: z.literal('incident').optional(),
  incident: Case.shape.incident,
  firstRespondedAt: z.string().optional(),
  statedDeadline: Case.shape.statedDeadline,
  slaAlerts: z.array(z.string()).optional(),
  breaches: Case.shape.breaches.unwrap().optional(),
});
export type BridgeState = z.infer<typeof BridgeState>;

/** A case as its fields hold it, before its comments are read: no timeline, only the creation audit. */
export interface CaseRecord {
  readonly connectId: string;
  readonly case: Case;
  /** The audit entries kept in the state field; the rest of the audit is in comments. */
  readonly stateAudit: readonly AuditEntry[];
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** The state JSON for a case, in a fixed key order so equal cases write equal text. */
export const stateOf = (value: Case, stateAudit: readonly AuditEntry[]): string => {
  const carried = new Set(value.timeline.flatMap((entry) => entry.conversation ?? []));
  const state: BridgeState = {
    v: 1,
    party: value.party,
    originChannel: value.originChannel,
    status: value.status,
    priority: value.priority,
    topic: value.topic,
    queue: value.queue,
    ...optional('assignee', value.assignee),
    due: value.due,
    conversations: value.conversations.filter((conversation) => !carried.has(conversation)),
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
    audit: [...stateAudit],
    flags: value.flags,
    version: value.version,
    ...optional('resolvedAt', value.resolvedAt),
    ...optional('reopenedAt', value.reopenedAt),
    ...optional('mergedInto', value.mergedInto),
    mergedFrom: value.mergedFrom,
    ...optional('mergeOffer', value.mergeOffer),
    ...optional('routing', value.routing),
    ...optional('queuedAt', value.queuedAt),
    // Written only when they say something, so a plain case's state reads as it always did.
    ...optional('kind', value.kind === 'incident' ? ('incident' as const) : undefined),
    ...optional('incident', value.incident),
    ...optional('firstRespondedAt', value.firstRespondedAt),
    ...optional('statedDeadline', value.statedDeadline),
    ...optional('slaAlerts', value.slaAlerts.length > 0 ? value.slaAlerts : undefined),
    ...optional('breaches', value.breaches.length > 0 ? value.breaches : undefined),
  };
  const text = JSON.stringify(state);
  if (text.length > maxStateLength) {
    throw new DomainError(
      'INTERNAL',
      `case ${value.caseId} has outgrown the ${maxStateLength} characters of the bridge-state field (${text.length})`,
      { details: { caseId: value.caseId, length: text.length } },
    );
  }
  return text;
};

const text = (id: string, value: string): FieldValue => ({ id, value: { stringValue: value } });
const empty = (id: string): FieldValue => ({ id, value: { emptyValue: {} } });
const textOrEmpty = (id: string, value: string | undefined): FieldValue =>
  value === undefined ? empty(id) : text(id, value);

const customerIdOf = (party: CaseParty): string | undefined =>
  party.kind === 'customer' ? party.customerId : undefined;

const who = (party: CaseParty): string =>
  party.kind === 'customer'
    ? `customer ${party.customerId}`
    : `@${party.identity.handle.replace(/^@/, '')} on ${party.identity.network}`;

const clip = (value: string, length: number): string =>
  value.length > length ? `${value.slice(0, length - 1)}…` : value;

/** What agents see as the case title in Connect. */
export const titleOf = (value: Case): string => clip(`${value.topic} · ${who(value.party)}`, maxTitleLength);

/** The fields CreateCase sends: everything mapped, the required customer_id and title included. */
export const fieldsForCreate = (map: FieldMap, value: Case, stateAudit: readonly AuditEntry[]): FieldValue[] => {
  const { fields } = map;
  const summary = value.timeline[0]?.summary;
  const customerId = customerIdOf(value.party);
  return [
    text(fields.title, titleOf(value)),
    text(fields.status, map.statusValues[value.status]),
    ...(fields.summary !== undefined && summary !== undefined
      ? [text(fields.summary, clip(summary, maxSummaryLength))]
      : []),
    text(systemFields.customerProfile, profileArnOf(map, customerId)),
    text(fields.caseId, value.caseId),
    text(fields.partyKey, partyKeyOf(value.party)),
    ...(customerId === undefined ? [] : [text(fields.customerId, customerId)]),
    text(fields.priority, priorityValueOf(map, value.priority)),
    text(fields.topic, value.topic),
    ...(fields.queue === undefined ? [] : [text(fields.queue, value.queue)]),
    ...(fields.assignee === undefined || value.assignee === undefined ? [] : [text(fields.assignee, value.assignee)]),
    text(fields.bridgeState, stateOf(value, stateAudit)),
  ];
};

/**
 * The fields UpdateCase sends for a change from `before` to `after`: the mapped fields whose value
 * changed, and the state. Title and summary are left as agents may have edited them.
 */
export const fieldsForUpdate = (
  map: FieldMap,
  before: Case,
  after: Case,
  stateAudit: readonly AuditEntry[],
): FieldValue[] => {
  const { fields } = map;
  const partyChanged = partyKeyOf(before.party) !== partyKeyOf(after.party);
  const customerId = customerIdOf(after.party);
  return [
    ...(map.statusValues[before.status] === map.statusValues[after.status]
      ? []
      : [text(fields.status, map.statusValues[after.status])]),
    ...(partyChanged
      ? [
          text(systemFields.customerProfile, profileArnOf(map, customerId)),
          text(fields.partyKey, partyKeyOf(after.party)),
          textOrEmpty(fields.customerId, customerId),
        ]
      : []),
    ...(before.priority === after.priority ? [] : [text(fields.priority, priorityValueOf(map, after.priority))]),
    ...(before.topic === after.topic ? [] : [text(fields.topic, after.topic)]),
    ...(fields.queue === undefined || before.queue === after.queue ? [] : [text(fields.queue, after.queue)]),
    ...(fields.assignee === undefined || before.assignee === after.assignee
      ? []
      : [textOrEmpty(fields.assignee, after.assignee)]),
    text(fields.bridgeState, stateOf(after, stateAudit)),
  ];
};

/** Every field the bridge reads, for GetCase and SearchCases. */
export const fieldsToRead = (map: FieldMap): { id: string }[] =>
  [
    ...new Set([
      ...Object.values(map.fields).filter((id): id is string => id !== undefined),
      systemFields.customerProfile,
      systemFields.created,
      systemFields.lastUpdated,
    ]),
  ].map((id) => ({ id }));

/** A date-time field's value as an ISO timestamp (Connect may give text or epoch milliseconds). */
const isoOf = (value: string | number | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

const parseState = (raw: string | undefined): BridgeState | undefined => {
  if (raw === undefined) return undefined;
  try {
    const parsed = BridgeState.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // An agent (or a tool) rewrote the field: read the case as Connect's fields say.
    return undefined;
  }
};

const partyFrom = (
  map: FieldMap,
  state: BridgeState | undefined,
  values: ReadonlyMap<string, string | number>,
): CaseParty => {
  const field = (id: string) => {
    const value = values.get(id);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const customerId = field(map.fields.customerId);
  const partyKey = field(map.fields.partyKey);
  // The state's party carries the handle; it stands as long as the fields still say the same.
  if (state !== undefined && partyKeyOf(state.party) === partyKey && customerIdOf(state.party) === customerId) {
    return state.party;
  }
  if (customerId !== undefined) return { kind: 'customer', customerId };
  const profile = field(systemFields.customerProfile);
  if (state?.party.kind === 'social' && profile === map.unlinkedProfileArn) return state.party;
  return { kind: 'customer', customerId: customerIdFromProfileArn(map, profile) ?? profile ?? 'unknown' };
};

/** Reads a case's fields (from GetCase or SearchCases) into a case with no comments yet. */
export const recordFromFields = (map: FieldMap, connectId: string, fieldValues: readonly FieldValue[]): CaseRecord => {
  const values = new Map<string, string | number>();
  for (const { id, value } of fieldValues) {
    if (id === undefined || value === undefined) continue;
    const plain = value.stringValue ?? value.doubleValue ?? value.userArnValue;
    if (plain !== undefined) values.set(id, plain);
  }
  const string = (id: string | undefined): string | undefined => {
    const value = id === undefined ? undefined : values.get(id);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const state = parseState(string(map.fields.bridgeState));
  const createdAt = state?.createdAt ?? isoOf(values.get(systemFields.created)) ?? new Date(0).toISOString();
  const updatedAt = later(state?.updatedAt, isoOf(values.get(systemFields.lastUpdated))) ?? createdAt;
  const topic = Topic.safeParse(string(map.fields.topic));
  const stateAudit = state?.audit ?? [];
  const value: Case = {
    caseId: string(map.fields.caseId) ?? connectId,
    party: partyFrom(map, state, values),
    originChannel: state?.originChannel ?? foreignDefaults.originChannel,
    status: statusFromValue(map, string(map.fields.status), state?.status),
    priority: priorityFromValue(map, string(map.fields.priority)) ?? state?.priority ?? foreignDefaults.priority,
    topic: topic.success ? topic.data : (state?.topic ?? foreignDefaults.topic),
    // Agents reassign in Connect: a mapped field wins over what the bridge last wrote.
    queue: string(map.fields.queue) ?? state?.queue ?? foreignDefaults.queue,
    ...optional('assignee', map.fields.assignee === undefined ? state?.assignee : string(map.fields.assignee)),
    due: state?.due ?? { firstResponseAt: foreignDefaults.due, resolutionAt: foreignDefaults.due },
    conversations: state?.conversations ?? [],
    timeline: [],
    createdAt,
    updatedAt,
    audit: [...stateAudit],
    flags: state?.flags ?? [],
    version: state?.version ?? 0,
    ...optional('resolvedAt', state?.resolvedAt),
    ...optional('reopenedAt', state?.reopenedAt),
    ...optional('mergedInto', state?.mergedInto),
    mergedFrom: state?.mergedFrom ?? [],
    ...optional('mergeOffer', state?.mergeOffer),
    ...optional('routing', state?.routing),
    ...optional('queuedAt', state?.queuedAt),
    kind: state?.kind ?? 'case',
    ...optional('incident', state?.incident),
    ...optional('firstRespondedAt', state?.firstRespondedAt),
    ...optional('statedDeadline', state?.statedDeadline),
    slaAlerts: state?.slaAlerts ?? [],
    breaches: state?.breaches ?? [],
  };
  return { connectId, case: value, stateAudit };
};
