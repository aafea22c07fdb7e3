import type { AuditEntry, Case, CaseParty, Interaction } from '../../../lambdas/domain/case.ts';

export const domainId = 'domain-1';
export const templateId = 'template-1';
export const unlinkedProfileArn = 'arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/unlinked';
export const profileArnOf = (customerId: string) =>
  `arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/${customerId}`;

export const fieldMap = {
  fields: {
    title: 'title',
    status: 'status',
    summary: 'summary',
    caseId: 'f-case-id',
    partyKey: 'f-party-key',
    customerId: 'f-customer-id',
    priority: 'f-priority',
    topic: 'f-topic',
    queue: 'f-queue',
    assignee: 'f-assignee',
    bridgeState: 'f-bridge-state',
  },
  statusValues: { new: 'open', open: 'open', pending: 'pending', resolved: 'resolved', closed: 'closed' },
  priorityValues: { P1: 'urgent', P2: 'high', P3: 'normal', P4: 'low' },
  customerProfileArn: 'arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/{customerId}',
  unlinkedProfileArn,
};

export const env = {
  CONNECT_CASES_DOMAIN_ID: domainId,
  CONNECT_CASES_TEMPLATE_ID: templateId,
  CONNECT_CASES_FIELD_MAP: JSON.stringify(fieldMap),
};

/** The fields the adapter asks GetCase and SearchCases for, in the order it asks. */
export const fieldsRead = [
  'title',
  'status',
  'summary',
  'f-case-id',
  'f-party-key',
  'f-customer-id',
  'f-priority',
  'f-topic',
  'f-queue',
  'f-assignee',
  'f-bridge-state',
  'customer_id',
  'created_datetime',
  'last_updated_datetime',
].map((id) => ({ id }));

export const openedAt = '2030-03-01T09:00:00.000Z';
export const due = { firstResponseAt: '2030-03-01T10:00:00.000Z', resolutionAt: '2030-03-02T09:00:00.000Z' };
export const ann: CaseParty = { kind: 'social', identity: { network: 'x', userId: 'u-1', handle: 'ann' } };

/** A mention entry, its keys in the order the Interaction schema gives them. */
export const mentionEntry = (mentionId: string, at: string, summary: string): Interaction => ({
  at,
  channel: 'social',
  kind: 'mention',
  summary,
  mentionId,
  network: 'x',
  conversation: `x:conv-${mentionId}`,
  url: `https://x.com/ann/status/${mentionId}`,
});

export const createdAudit = (mentionId: string, at = openedAt): AuditEntry => ({
  at,
  actor: 'bridge',
  action: 'created',
  after: { status: 'open', mentionId },
});

/** Ann's case about a double charge, opened by the bridge from her mention m-1. */
export const annCase = (): Case => ({
  caseId: 'case-ann',
  party: ann,
  originChannel: 'social',
  status: 'open',
  priority: 'P2',
  topic: 'billing',
  queue: 'billing-team',
  due,
  conversations: ['x:conv-m-1'],
  timeline: [mentionEntry('m-1', '2030-03-01T08:59:00.000Z', 'charged twice for my card')],
  createdAt: openedAt,
  updatedAt: openedAt,
  audit: [createdAudit('m-1')],
  flags: ['unknown-customer'],
  version: 0,
  mergedFrom: [],
  kind: 'case',
  slaAlerts: [],
  breaches: [],
});

/** Customer c-42's case, opened an hour later from mention m-10. */
export const customerCase = (): Case => ({
  caseId: 'case-c42',
  party: { kind: 'customer', customerId: 'c-42' },
  originChannel: 'social',
  status: 'open',
  priority: 'P3',
  topic: 'billing',
  queue: 'billing-team',
  due: { firstResponseAt: '2030-03-01T12:00:00.000Z', resolutionAt: '2030-03-03T10:00:00.000Z' },
  conversations: ['x:conv-m-10'],
  timeline: [mentionEntry('m-10', '2030-03-01T09:59:00.000Z', 'still no refund')],
  createdAt: '2030-03-01T10:00:00.000Z',
  updatedAt: '2030-03-01T10:00:00.000Z',
  audit: [createdAudit('m-10', '2030-03-01T10:00:00.000Z')],
  flags: [],
  version: 0,
  mergedFrom: [],
  kind: 'case',
  slaAlerts: [],
  breaches: [],
});

/**
 * The bridge-state JSON of Ann's case, key by key in the order the adapter writes it, with what
 * a test changed. Written out here, not computed by the adapter's code, so the tests check it.
 */
export const annState = (changes: Record<string, unknown> = {}): string => {
  const value: Record<string, unknown> = {
    v: 1,
    party: ann,
    originChannel: 'social',
    status: 'open',
    priority: 'P2',
    topic: 'billing',
    queue: 'billing-team',
    assignee: undefined,
    due,
    conversations: [],
    createdAt: openedAt,
    updatedAt: openedAt,
    audit: [createdAudit('m-1')],
    flags: ['unknown-customer'],
    version: 0,
    resolvedAt: undefined,
    reopenedAt: undefined,
    mergedInto: undefined,
    mergedFrom: [],
    mergeOffer: undefined,
  };
  for (const [key, changed] of Object.entries(changes)) value[key] = changed;
  return JSON.stringify(value);
};
