import { z } from 'zod';
import './zod-messages.ts';
import {
  type AuditEntry,
  type Case,
  CaseDue,
  CaseParty,
  CaseStatus,
  canTransition,
  caseTransitions,
  partyKeyOf,
} from './case.ts';
import { Priority, Topic } from './classification.ts';
import { DomainError } from './errors.ts';
import { outranks, partsOf, SlaAlertKey, wasNotified } from './sla-check.ts';

/** A change an agent, another channel or the bridge makes to a case. */
export const CaseChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), to: CaseStatus, note: z.string().optional() }),
  z.object({
    kind: z.literal('assign'),
    /** null takes the case off whoever had it. */
    assignee: z.string().trim().min(1).nullable().optional(),
    queue: z.string().trim().min(1).optional(),
  }),
  z.object({ kind: z.literal('priority'), priority: Priority }),
  z.object({ kind: z.literal('topic'), topic: Topic }),
  z.object({ kind: z.literal('party'), party: CaseParty, note: z.string().optional() }),
  z.object({ kind: z.literal('merge-offer'), caseId: z.string().min(1), reason: z.string().min(1) }),
  z.object({
    kind: z.literal('route'),
    rule: z.string().min(1),
    queue: z.string().min(1),
    reason: z.string().min(1),
    /** Due times counted in the new queue's hours; the case keeps its own when absent. */
    due: CaseDue.optional(),
    /** The stated deadline as the new due times honour it. */
    statedDeadline: z.object({ at: z.string(), phrase: z.string(), dueBy: z.string() }).optional(),
  }),
  /** The case reached its team's work order (the team queue's consumer says so). */
  z.object({ kind: z.literal('enqueue') }),
  /** An agent takes the case; refused when someone else holds it. */
  z.object({ kind: z.literal('claim'), assignee: z.string().trim().min(1) }),
  /** The agent gives the case back to its queue, in its place. */
  z.object({ kind: z.literal('release') }),
  /**
   * The SLA monitor raises an alert: recorded in `slaAlerts` (once: raising it again changes
   * nothing), a breach also in `breaches`, and the priority raised to `escalateTo` when that is
   * more urgent than the case's priority at the time of writing.
   */
  z.object({
    kind: z.literal('sla-alert'),
    alert: SlaAlertKey,
    dueAt: z.string(),
    message: z.string().min(1),
    escalateTo: Priority.optional(),
  }),
  /** The alert's notification was handed over: audited, so it is not sent again. */
  z.object({ kind: z.literal('sla-notified'), alert: SlaAlertKey, notificationId: z.string().min(1) }),
  /** The customer heard back from us (a reply sent, an agent's note): kept the first time only. */
  z.object({ kind: z.literal('first-response'), at: z.string(), via: z.enum(['reply', 'note']) }),
]);
export type CaseChange = z.infer<typeof CaseChange>;

export interface ChangeOutcome {
  readonly case: Case;
  /** False when the case already was as asked: nothing written, nothing audited. */
  readonly changed: boolean;
}

const unchanged = (value: Case): ChangeOutcome => ({ case: value, changed: false });

const changed = (
  value: Case,
  patch: Partial<Case>,
  entry: Omit<AuditEntry, 'at' | 'actor'>,
  at: string,
  actor: string,
) => ({
  case: { ...value, ...patch, updatedAt: at, audit: [...value.audit, { at, actor, ...entry }] },
  changed: true,
});

const changeStatus = (
  value: Case,
  to: Case['status'],
  note: string | undefined,
  at: string,
  actor: string,
): ChangeOutcome => {
  if (value.status === to) return unchanged(value);
  if (!canTransition(value.status, to)) {
    const allowed = caseTransitions[value.status];
    throw new DomainError(
      'CONFLICT',
      `case ${value.caseId} is ${value.status}; it can become ${allowed.length > 0 ? allowed.join(', ') : 'nothing else'}, not ${to}`,
      { details: { caseId: value.caseId, status: value.status, requested: to, allowed } },
    );
  }
  const reopening = value.status === 'resolved' && to === 'open';
  return changed(
    value,
    {
      status: to,
      ...(to === 'resolved' ? { resolvedAt: at } : {}),
      ...(reopening ? { reopenedAt: at } : {}),
    },
    {
      action: reopening ? 'reopened' : 'status-changed',
      before: { status: value.status },
      after: { status: to },
      ...(note === undefined ? {} : { note }),
    },
    at,
    actor,
  );
};

/**
 * The case after `change`, with the change in its audit history. Changing a case to what it
 * already is changes nothing, so a retried request is harmless. Throws CONFLICT for a status
 * the lifecycle does not allow, or for any change to a case merged into another.
 */
export const applyCaseChange = (value: Case, change: CaseChange, at: string, actor: string): ChangeOutcome => {
  if (value.mergedInto !== undefined) {
    throw new DomainError('CONFLICT', `case ${value.caseId} was merged into ${value.mergedInto}; change that case`, {
      details: { caseId: value.caseId, mergedInto: value.mergedInto },
    });
  }
  switch (change.kind) {
    case 'status':
      return changeStatus(value, change.to, change.note, at, actor);
    case 'assign': {
      const assignee = change.assignee === undefined ? value.assignee : (change.assignee ?? undefined);
      const queue = change.queue ?? value.queue;
      if (assignee === value.assignee && queue === value.queue) return unchanged(value);
      const { assignee: _dropped, ...rest } = value;
      return changed(
        assignee === undefined ? rest : value,
        { queue, ...(assignee === undefined ? {} : { assignee }) },
        {
          action: 'assigned',
          before: { assignee: value.assignee ?? null, queue: value.queue },
          after: { assignee: assignee ?? null, queue },
        },
        at,
        actor,
      );
    }
    case 'priority':
      if (value.priority === change.priority) return unchanged(value);
      return changed(
        value,
        { priority: change.priority },
        { action: 'priority-changed', before: { priority: value.priority }, after: { priority: change.priority } },
        at,
        actor,
      );
    case 'topic':
      if (value.topic === change.topic) return unchanged(value);
      return changed(
        value,
        { topic: change.topic },
        { action: 'topic-changed', before: { topic: value.topic }, after: { topic: change.topic } },
        at,
        actor,
      );
    case 'party': {
      if (partyKeyOf(value.party) === partyKeyOf(change.party)) return unchanged(value);
      const known = change.party.kind === 'customer';
      return changed(
        value,
        { party: change.party, flags: known ? value.flags.filter((flag) => flag !== 'unknown-customer') : value.flags },
        {
          action: 'customer-linked',
          before: { party: partyKeyOf(value.party) },
          after: { party: partyKeyOf(change.party) },
          ...(change.note === undefined ? {} : { note: change.note }),
        },
        at,
        actor,
      );
    }
    case 'route': {
      if (value.routing?.rule === change.rule && value.queue === change.queue) return unchanged(value);
      const due = change.due ?? value.due;
      const dueMoved = due.firstResponseAt !== value.due.firstResponseAt || due.resolutionAt !== value.due.resolutionAt;
      return changed(
        value,
        {
          queue: change.queue,
          routing: { rule: change.rule, queue: change.queue, reason: change.reason, at },
          due,
          ...(change.statedDeadline === undefined ? {} : { statedDeadline: change.statedDeadline }),
        },
        {
          action: 'routed',
          before: { queue: value.queue, ...(dueMoved ? { due: value.due } : {}) },
          after: { queue: change.queue, rule: change.rule, ...(dueMoved ? { due } : {}) },
          note: change.reason,
        },
        at,
        actor,
      );
    }
    case 'enqueue':
      if (value.queuedAt !== undefined) return unchanged(value);
      return changed(value, { queuedAt: at }, { action: 'queued', after: { queue: value.queue } }, at, actor);
    case 'claim':
      if (value.assignee === change.assignee) return unchanged(value);
      if (value.assignee !== undefined) {
        throw new DomainError('CONFLICT', `case ${value.caseId} is already held by ${value.assignee}`, {
          details: { caseId: value.caseId, assignee: value.assignee },
        });
      }
      return changed(
        value,
        { assignee: change.assignee },
        { action: 'claimed', before: { assignee: null }, after: { assignee: change.assignee, queue: value.queue } },
        at,
        actor,
      );
    case 'release': {
      if (value.assignee === undefined) return unchanged(value);
      const { assignee: _held, ...rest } = value;
      return changed(
        rest,
        {},
        { action: 'released', before: { assignee: value.assignee }, after: { assignee: null, queue: value.queue } },
        at,
        actor,
      );
    }
    case 'sla-alert': {
      if (value.slaAlerts.includes(change.alert)) return unchanged(value);
      const { due, stage } = partsOf(change.alert);
      const escalated = change.escalateTo !== undefined && outranks(change.escalateTo, value.priority);
      const priority = escalated && change.escalateTo !== undefined ? change.escalateTo : value.priority;
      const breached = stage === 'breached';
      return changed(
        value,
        {
          priority,
          slaAlerts: [...value.slaAlerts, change.alert],
          ...(breached && !value.breaches.includes(due) ? { breaches: [...value.breaches, due] } : {}),
        },
        {
          action: breached ? 'sla-breached' : 'sla-alert',
          before: { priority: value.priority },
          after: { alert: change.alert, dueAt: change.dueAt, priority },
          note: escalated ? `${change.message} Priority raised ${value.priority} → ${priority}.` : change.message,
        },
        at,
        actor,
      );
    }
    case 'sla-notified':
      // The audit entry is the record: the outbox is the alerts without one.
      if (!value.slaAlerts.includes(change.alert) || wasNotified(value, change.alert)) return unchanged(value);
      return changed(
        value,
        {},
        { action: 'sla-notified', after: { alert: change.alert, notificationId: change.notificationId } },
        at,
        actor,
      );
    case 'first-response':
      if (value.firstRespondedAt !== undefined) return unchanged(value);
      return changed(
        value,
        { firstRespondedAt: change.at },
        { action: 'first-responded', after: { firstRespondedAt: change.at, via: change.via } },
        at,
        actor,
      );
    case 'merge-offer':
      if (value.mergeOffer?.caseId === change.caseId || change.caseId === value.caseId) return unchanged(value);
      return changed(
        value,
        { mergeOffer: { caseId: change.caseId, reason: change.reason, offeredAt: at } },
        { action: 'merge-offered', after: { caseId: change.caseId }, note: change.reason },
        at,
        actor,
      );
  }
};
