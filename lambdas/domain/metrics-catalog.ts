/**
 * The bridge's business metrics, declared once: each metric's name, unit and dimensions, and pure
 * mappings from what happened (a mention decided, a contact joined to a case, a case answered or
 * resolved, an SLA missed, Comprehend called) to the data points that say so.
 *
 * Handlers emit the points through `emitMetrics` (handlers/observability.ts) as CloudWatch embedded
 * metrics; the stack's dashboard and alarms read the same names from here; the local runtime's
 * `GET /metrics` aggregates the very points the handlers emitted. So a name cannot drift between
 * the code that counts and the charts that show the count.
 */
import type { Case, Channel } from './case.ts';
import { type Disposition, DispositionKind } from './disposition.ts';

/** CloudWatch namespace of every metric the bridge emits. */
export const metricsNamespace = 'SocialServiceBridge';
/** The `service` dimension of every metric the bridge emits. */
export const serviceName = 'social-service-bridge';

/** The CloudWatch units the catalog uses, spelled as CloudWatch (and Powertools' `MetricUnit`) spell them. */
export type MetricUnitName = 'Count' | 'Seconds' | 'None';

/** One data point to emit. */
export interface MetricPoint {
  readonly name: string;
  readonly unit: MetricUnitName;
  readonly value: number;
}

export interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnitName;
  /**
   * The dimensions it is published under. Only `service`: a case is resolved by the agent API, the
   * cases API or the triage API alike, and CloudWatch cannot merge the percentiles of separate
   * series, so every function's points land in the one series per metric.
   */
  readonly dimensions: readonly ['service'];
  /** `count`: read as a sum per period; `value`: read as percentiles (p50, p95, …). */
  readonly kind: 'count' | 'value';
  readonly description: string;
  /** Upper bounds of the histogram buckets of a value metric, as the local runtime and console draw it. */
  readonly buckets?: readonly number[];
}

/** A due time a case can miss (`Case['breaches']`). */
export type BreachKind = Case['breaches'][number];
export const breachKinds: readonly BreachKind[] = ['first-response', 'resolution'];

/** The names of the metrics other than the per-kind families below. */
export const metricNames = {
  mentionsDecided: 'MentionsDecided',
  escalated: 'Escalated',
  caseContacts: 'CaseContacts',
  crossChannelJoin: 'CrossChannelJoin',
  modelConfidence: 'ModelConfidence',
  firstResponseTime: 'FirstResponseTime',
  resolutionTime: 'ResolutionTime',
  slaBreaches: 'SlaBreaches',
  slaAlerts: 'SlaAlerts',
  comprehendCalls: 'ComprehendCalls',
  comprehendSpend: 'ComprehendSpendUsd',
} as const;

/** `Disposition_case-created`, …: one count per disposition kind. */
export const dispositionMetricName = (kind: DispositionKind): string => `Disposition_${kind}`;
/** `SlaBreach_first-response`, `SlaBreach_resolution`. */
export const breachMetricName = (kind: BreachKind): string => `SlaBreach_${kind}`;

/** A disposition that hands the mention to people: a case (new or joined), or the triage queue. */
const escalatedKinds: ReadonlySet<DispositionKind> = new Set(['case-created', 'case-appended', 'triage']);

/** Tenths: where the classifier's confidence falls, 0–0.1 … 0.9–1. */
const confidenceBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

const count = (name: string, description: string): MetricDefinition => ({
  name,
  unit: 'Count',
  dimensions: ['service'],
  kind: 'count',
  description,
});

export const metricsCatalog: readonly MetricDefinition[] = [
  count(
    metricNames.mentionsDecided,
    'Mentions decided: one per disposition recorded (redeliveries and edits not counted)',
  ),
  ...DispositionKind.options.map((kind) =>
    count(dispositionMetricName(kind), `Mentions whose one disposition was ${kind}`),
  ),
  count(
    metricNames.escalated,
    'Mentions handed to people: a new case, a case joined, or the triage queue (escalation rate = Escalated / MentionsDecided)',
  ),
  count(metricNames.caseContacts, 'Contacts from any channel put on a case, new or existing'),
  count(
    metricNames.crossChannelJoin,
    'Contacts joined to a case opened on another channel (join rate = CrossChannelJoin / CaseContacts)',
  ),
  {
    name: metricNames.modelConfidence,
    unit: 'None',
    dimensions: ['service'],
    kind: 'value',
    description: 'The classifier’s confidence (0–1) in each mention it decided',
    buckets: confidenceBuckets,
  },
  {
    name: metricNames.firstResponseTime,
    unit: 'Seconds',
    dimensions: ['service'],
    kind: 'value',
    description: 'From a case’s creation to the customer first hearing back, emitted when that happens',
  },
  {
    name: metricNames.resolutionTime,
    unit: 'Seconds',
    dimensions: ['service'],
    kind: 'value',
    description: 'From a case’s creation to its resolution, emitted each time it is resolved',
  },
  count(metricNames.slaBreaches, 'Due times missed, first response or resolution, counted when flagged'),
  ...breachKinds.map((kind) => count(breachMetricName(kind), `Cases that missed their ${kind} due time`)),
  count(metricNames.slaAlerts, 'SLA alerts sent about cases, due soon or missed (each alert once per case)'),
  count(metricNames.comprehendCalls, 'Amazon Comprehend calls (documents) the daily budget granted'),
  {
    name: metricNames.comprehendSpend,
    unit: 'None',
    dimensions: ['service'],
    kind: 'count',
    description:
      'Estimated Amazon Comprehend spend in USD: calls × 3 units of 100 characters × USD 0.0001, the minimum charge a call (adapters/comprehend/limits.ts)',
  },
];

const byName: ReadonlyMap<string, MetricDefinition> = new Map(metricsCatalog.map((entry) => [entry.name, entry]));

/** The catalog's entry for a metric name, if it is one of the catalog's. */
export const catalogEntry = (name: string): MetricDefinition | undefined => byName.get(name);

/** One point of a catalog metric; none for a value that is not a number (a date that did not parse). */
const point = (name: string, value: number): MetricPoint[] => {
  const entry = byName.get(name);
  if (entry === undefined) throw new Error(`${name} is not in the metrics catalog`);
  return Number.isFinite(value) ? [{ name, unit: entry.unit, value }] : [];
};

const secondsBetween = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** A contact put on a case: `caseOriginChannel` is the channel the case was opened on, when it joined an existing one. */
export interface CaseContact {
  readonly channel: Channel;
  /** Absent when the contact opened a new case. */
  readonly caseOriginChannel?: Channel;
}

/** CaseContacts, and CrossChannelJoin when the contact joined a case opened on another channel. */
export const metricsOfCaseContact = (contact: CaseContact): MetricPoint[] => [
  ...point(metricNames.caseContacts, 1),
  ...(contact.caseOriginChannel !== undefined && contact.caseOriginChannel !== contact.channel
    ? point(metricNames.crossChannelJoin, 1)
    : []),
];

/**
 * What escalate knows of one freshly decided mention. A `MentionRecord` fits, and so does the
 * outcome of `escalateMention` once it carries the classification and the joined case's channel.
 */
export interface DispositionFacts {
  readonly disposition: Pick<Disposition, 'kind'>;
  readonly classification?: { readonly confidence: number } | undefined;
  /** For `case-appended`: the channel the case the mention joined was opened on. */
  readonly caseOriginChannel?: Channel | undefined;
}

/**
 * The points of one mention decided (not of a redelivery or an edit): MentionsDecided,
 * Disposition_<kind>, Escalated when people take it on, CaseContacts (and CrossChannelJoin) when it
 * went on a case, and ModelConfidence when it was classified. A mention is a social contact.
 */
export const metricsOfDisposition = (facts: DispositionFacts): MetricPoint[] => {
  const { kind } = facts.disposition;
  const onCase = kind === 'case-created' || kind === 'case-appended';
  return [
    ...point(metricNames.mentionsDecided, 1),
    ...point(dispositionMetricName(kind), 1),
    ...(escalatedKinds.has(kind) ? point(metricNames.escalated, 1) : []),
    ...(onCase
      ? metricsOfCaseContact({
          channel: 'social',
          ...(kind === 'case-appended' && facts.caseOriginChannel !== undefined
            ? { caseOriginChannel: facts.caseOriginChannel }
            : {}),
        })
      : []),
    ...(facts.classification === undefined ? [] : point(metricNames.modelConfidence, facts.classification.confidence)),
  ];
};

/** FirstResponseTime of a case that has had its first response; nothing before. */
export const metricsOfFirstResponse = (value: Pick<Case, 'createdAt' | 'firstRespondedAt'>): MetricPoint[] =>
  value.firstRespondedAt === undefined
    ? []
    : point(metricNames.firstResponseTime, secondsBetween(value.createdAt, value.firstRespondedAt));

/** ResolutionTime of a resolved case (creation to its latest resolution); nothing for a case not resolved. */
export const metricsOfResolution = (value: Pick<Case, 'createdAt' | 'resolvedAt' | 'status'>): MetricPoint[] =>
  value.status !== 'resolved' || value.resolvedAt === undefined
    ? []
    : point(metricNames.resolutionTime, secondsBetween(value.createdAt, value.resolvedAt));

/** SlaBreaches, and SlaBreach_<kind> for each newly flagged breach. */
export const metricsOfBreaches = (kinds: readonly BreachKind[]): MetricPoint[] =>
  kinds.length === 0
    ? []
    : [...point(metricNames.slaBreaches, kinds.length), ...kinds.flatMap((kind) => point(breachMetricName(kind), 1))];

/** SlaAlerts for alerts newly sent. */
export const metricsOfSlaAlerts = (alerts: number): MetricPoint[] =>
  alerts > 0 ? point(metricNames.slaAlerts, alerts) : [];

type TrackedCase = Pick<Case, 'createdAt' | 'firstRespondedAt' | 'resolvedAt' | 'status' | 'breaches' | 'slaAlerts'>;

/**
 * The points of one change to a case, from the case before and after it: FirstResponseTime when
 * it got its first response, ResolutionTime when it was resolved (again), SlaBreaches for breaches
 * newly flagged, SlaAlerts for alerts newly sent. `before` is undefined for a case just created.
 * Nothing when nothing of this changed, so it is safe to call after every write.
 */
export const metricsOfCaseUpdate = (before: TrackedCase | undefined, after: TrackedCase): MetricPoint[] => {
  const firstResponse = before?.firstRespondedAt === undefined && after.firstRespondedAt !== undefined;
  const resolved =
    after.status === 'resolved' && (before?.status !== 'resolved' || before.resolvedAt !== after.resolvedAt);
  const earlierBreaches = new Set(before?.breaches ?? []);
  const earlierAlerts = new Set(before?.slaAlerts ?? []);
  return [
    ...(firstResponse ? metricsOfFirstResponse(after) : []),
    ...(resolved ? metricsOfResolution(after) : []),
    ...metricsOfBreaches(after.breaches.filter((kind) => !earlierBreaches.has(kind))),
    ...metricsOfSlaAlerts(after.slaAlerts.filter((alert) => !earlierAlerts.has(alert)).length),
  ];
};

/** ComprehendCalls and the estimated spend of calls the budget granted; the caller prices them (adapters/comprehend). */
export const metricsOfComprehendCalls = (calls: number, usd: number): MetricPoint[] =>
  calls > 0 ? [...point(metricNames.comprehendCalls, calls), ...point(metricNames.comprehendSpend, usd)] : [];
