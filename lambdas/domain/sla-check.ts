import { z } from 'zod';
import './zod-messages.ts';
import { type Case, isOpenCase } from './case.ts';
import { Priority } from './classification.ts';
import { readableTime } from './stated-deadline.ts';

/** The two promises a case carries: a first response, and a resolution. */
export const SlaDue = z.enum(['first-response', 'resolution']);
export type SlaDue = z.infer<typeof SlaDue>;

/** Due soon: escalate while there is still time. Breached: the due time passed unmet. */
export const SlaStage = z.enum(['due-soon', 'breached']);
export type SlaStage = z.infer<typeof SlaStage>;

/** An alert as recorded in a case's `slaAlerts`: raised once per case, ever. */
export const SlaAlertKey = z.enum([
  'first-response:due-soon',
  'first-response:breached',
  'resolution:due-soon',
  'resolution:breached',
]);
export type SlaAlertKey = z.infer<typeof SlaAlertKey>;

export const alertKey = (due: SlaDue, stage: SlaStage): SlaAlertKey => `${due}:${stage}`;

export const partsOf = (key: SlaAlertKey): { due: SlaDue; stage: SlaStage } => {
  const [due, stage] = key.split(':') as [SlaDue, SlaStage];
  return { due, stage };
};

/**
 * Whether the case recorded that the alert's notification was handed over (an `sla-notified`
 * audit entry of its own, not one a merge brought from another case). An alert raised and not
 * yet handed over is an outbox entry: its notification is sent (again, under the same id) until
 * it is.
 */
export const wasNotified = (value: Pick<Case, 'audit'>, key: SlaAlertKey): boolean =>
  value.audit.some(
    (entry) => entry.action === 'sla-notified' && entry.after?.alert === key && entry.fromCase === undefined,
  );

/** When a due time counts as soon: within `minutes` of it, but never earlier than `share` of the time the case was given. */
export interface DueSoonPolicy {
  readonly minutes: number;
  /** 0..1: with 0.5, a P1 given 15 minutes to first response is due soon 7.5 minutes before, not 30. */
  readonly share: number;
}

/** One alert a case should raise now. */
export interface SlaAlert {
  readonly key: SlaAlertKey;
  readonly due: SlaDue;
  readonly stage: SlaStage;
  readonly dueAt: string;
  /** The priority the alert raises the case to; absent when it does not (a P1, or the due time was escalated for already). */
  readonly escalateTo?: Priority;
  /** For people: what is due when, in the queue's time zone. */
  readonly message: string;
}

/** The priority one step more urgent, or undefined for a P1. */
export const priorityAbove = (priority: Priority): Priority | undefined => {
  const index = Priority.options.indexOf(priority);
  return index > 0 ? Priority.options[index - 1] : undefined;
};

/** Whether `a` is more urgent than `b`. */
export const outranks = (a: Priority, b: Priority): boolean =>
  Priority.options.indexOf(a) < Priority.options.indexOf(b);

const dueLabel: Readonly<Record<SlaDue, string>> = { 'first-response': 'first response', resolution: 'resolution' };

const span = (ms: number): string => {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return `${Math.round(hours / 24)} days`;
};

/** The alert in words: `Case c-1: first response is due Wed 9 Jan 12:15 GMT, in 12 min.` */
export const describeAlert = (caseId: string, key: SlaAlertKey, dueAt: string, now: Date, timeZone: string): string => {
  const { due, stage } = partsOf(key);
  const when = readableTime(new Date(dueAt), timeZone);
  const gap = span(Date.parse(dueAt) - now.getTime());
  return stage === 'due-soon'
    ? `Case ${caseId}: ${dueLabel[due]} is due ${when}, in ${gap}.`
    : `Case ${caseId}: ${dueLabel[due]} was due ${when}, ${gap} ago, and has not been met.`;
};

const dueAtOf = (value: Case, due: SlaDue): string =>
  due === 'first-response' ? value.due.firstResponseAt : value.due.resolutionAt;

/** Whether the promise was kept: a first response given by its due time, or (still open) nothing to say yet. */
const metBy = (value: Case, due: SlaDue, dueAt: number): boolean =>
  due === 'first-response' && value.firstRespondedAt !== undefined && Date.parse(value.firstRespondedAt) <= dueAt;

/**
 * The alerts `value` should raise at `now`, none it raised before (`slaAlerts`), first response
 * first. For each due time of an open case that is not met:
 * - breached once `now` is at or past it (a first response given late counts as breached too);
 * - due soon while `now` is before it and within the due-soon window (see {@link DueSoonPolicy}).
 *   A first response already given is never due soon.
 * Each due time raises the case's priority one step, once: at due soon, or at the breach when due
 * soon was never raised (the monitor was not running then). One check raises it one step at most,
 * so a case found late with both dues missed is not thrown from P4 to P2 at once.
 */
export const slaCheck = (value: Case, now: Date, policy: DueSoonPolicy, timeZone = 'UTC'): SlaAlert[] => {
  if (!isOpenCase(value)) return [];
  const raised = new Set(value.slaAlerts);
  const alerts: SlaAlert[] = [];
  let escalated = false;
  for (const due of SlaDue.options) {
    const dueAt = dueAtOf(value, due);
    const dueMs = Date.parse(dueAt);
    if (Number.isNaN(dueMs) || metBy(value, due, dueMs)) continue;
    const answered = due === 'first-response' && value.firstRespondedAt !== undefined;
    let stage: SlaStage | undefined;
    if (now.getTime() >= dueMs) stage = 'breached';
    else if (!answered) {
      const given = Math.max(0, dueMs - Date.parse(value.createdAt));
      const window = Math.min(policy.minutes * 60_000, policy.share * given);
      if (dueMs - now.getTime() <= window) stage = 'due-soon';
    }
    if (stage === undefined) continue;
    const key = alertKey(due, stage);
    // A breach after its due-soon alert was raised is not escalated again; nor is anything once breached.
    if (raised.has(key) || (stage === 'due-soon' && raised.has(alertKey(due, 'breached')))) continue;
    const escalatedBefore = raised.has(alertKey(due, 'due-soon'));
    const escalateTo = escalated || escalatedBefore ? undefined : priorityAbove(value.priority);
    if (escalateTo !== undefined) escalated = true;
    alerts.push({
      key,
      due,
      stage,
      dueAt,
      ...(escalateTo === undefined ? {} : { escalateTo }),
      message: describeAlert(value.caseId, key, dueAt, now, timeZone),
    });
  }
  return alerts;
};

/** Alerts the case raised whose notification was not handed over yet: the outbox, oldest first. */
export const unnotifiedAlerts = (value: Pick<Case, 'slaAlerts' | 'audit'>): SlaAlertKey[] =>
  value.slaAlerts.flatMap((entry) => {
    const key = SlaAlertKey.safeParse(entry);
    return key.success && !wasNotified(value, key.data) ? [key.data] : [];
  });

/** What the owner and the queue are told about an alert. `id` is the same however often it is sent. */
export const SlaNotification = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  /** Who holds the case; absent while it waits in its queue. */
  owner: z.string().optional(),
  queue: z.string().min(1),
  kind: SlaAlertKey,
  priority: Priority,
  message: z.string().min(1),
  dueAt: z.string(),
  /** When the alert was raised. */
  raisedAt: z.string(),
});
export type SlaNotification = z.infer<typeof SlaNotification>;

/** The notification id of an alert: one per case and alert, so a receiver drops repeats. */
export const notificationIdOf = (caseId: string, key: SlaAlertKey): string => `sla:${caseId}:${key}`;

/**
 * The notification of an alert `value` raised, built from what the case recorded when it raised it
 * (its audit entry), so a notification sent again says exactly what the first did. Undefined
 * when the case holds no record of the alert.
 */
export const notificationOf = (value: Case, key: SlaAlertKey): SlaNotification | undefined => {
  const entry = value.audit.findLast(
    (candidate) =>
      (candidate.action === 'sla-alert' || candidate.action === 'sla-breached') &&
      candidate.after?.alert === key &&
      candidate.fromCase === undefined,
  );
  if (entry === undefined) return undefined;
  const priority = Priority.safeParse(entry.after?.priority);
  return {
    id: notificationIdOf(value.caseId, key),
    caseId: value.caseId,
    ...(value.assignee === undefined ? {} : { owner: value.assignee }),
    queue: value.queue,
    kind: key,
    priority: priority.success ? priority.data : value.priority,
    message: entry.note ?? `Case ${value.caseId}: ${key}`,
    dueAt: typeof entry.after?.dueAt === 'string' ? entry.after.dueAt : dueAtOf(value, partsOf(key).due),
    raisedAt: entry.at,
  };
};
