import { describe, expect, it } from 'vitest';
import type { Case, CaseInput } from '../../lambdas/domain/case.ts';
import { applyCaseChange } from '../../lambdas/domain/case-change.ts';
import {
  type DueSoonPolicy,
  notificationOf,
  type SlaAlert,
  slaCheck,
  unnotifiedAlerts,
} from '../../lambdas/domain/sla-check.ts';
import { aCase } from '../support/case-builder.ts';

const policy: DueSoonPolicy = { minutes: 30, share: 0.5 };

/** A P3 case opened Wednesday 10:00, first response due 14:00, resolution due Friday 10:00. */
const open = (overrides: Partial<CaseInput> = {}): Case =>
  aCase({
    caseId: 'case-1',
    priority: 'P3',
    createdAt: '2030-01-09T10:00:00.000Z',
    due: { firstResponseAt: '2030-01-09T14:00:00.000Z', resolutionAt: '2030-01-11T10:00:00.000Z' },
    ...overrides,
  });

const at = (iso: string) => new Date(iso);
const keys = (alerts: readonly SlaAlert[]) => alerts.map((alert) => alert.key);

/** The case after the monitor recorded each alert, as the case system would apply it. */
const raise = (value: Case, alerts: readonly SlaAlert[], when: string): Case =>
  alerts.reduce(
    (current, alert) =>
      applyCaseChange(
        current,
        {
          kind: 'sla-alert',
          alert: alert.key,
          dueAt: alert.dueAt,
          message: alert.message,
          ...(alert.escalateTo === undefined ? {} : { escalateTo: alert.escalateTo }),
        },
        when,
        'bridge',
      ).case,
    value,
  );

describe('slaCheck', () => {
  it('raises nothing before the due-soon window', () => {
    expect(slaCheck(open(), at('2030-01-09T13:29:00Z'), policy)).toEqual([]);
  });

  it('raises first response due soon within the window, escalating one priority step, in the queue’s zone', () => {
    // Act
    const alerts = slaCheck(open(), at('2030-01-09T13:35:00Z'), policy, 'Europe/London');
    // Assert
    expect(alerts).toEqual([
      {
        key: 'first-response:due-soon',
        due: 'first-response',
        stage: 'due-soon',
        dueAt: '2030-01-09T14:00:00.000Z',
        escalateTo: 'P2',
        message: 'Case case-1: first response is due Wed 9 Jan 14:00 GMT, in 25 min.',
      },
    ]);
  });

  it('shrinks the window to a share of the time a short service level gives', () => {
    // Arrange: a P1 with 15 minutes to first response: due soon 7.5 minutes before, not 30.
    const p1 = open({
      priority: 'P1',
      due: { firstResponseAt: '2030-01-09T10:15:00.000Z', resolutionAt: '2030-01-09T14:00:00.000Z' },
    });
    // Act
    const early = slaCheck(p1, at('2030-01-09T10:05:00Z'), policy);
    const late = slaCheck(p1, at('2030-01-09T10:08:00Z'), policy);
    // Assert: and a P1 has no step above it.
    expect(early).toEqual([]);
    expect(late.map((alert) => [alert.key, alert.escalateTo])).toEqual([['first-response:due-soon', undefined]]);
  });

  it('does not repeat an alert the case already raised, and does not escalate the breach after it', () => {
    // Arrange: due soon was raised (and escalated to P2) at 13:35.
    const warned = raise(open(), slaCheck(open(), at('2030-01-09T13:35:00Z'), policy), '2030-01-09T13:35:00Z');
    // Act
    const again = slaCheck(warned, at('2030-01-09T13:50:00Z'), policy);
    const missed = slaCheck(warned, at('2030-01-09T14:00:00Z'), policy);
    // Assert
    expect(warned.priority).toBe('P2');
    expect(again).toEqual([]);
    expect(missed).toMatchObject([{ key: 'first-response:breached', stage: 'breached' }]);
    expect(missed[0]?.escalateTo).toBeUndefined();
    expect(slaCheck(raise(warned, missed, '2030-01-09T14:00:00Z'), at('2030-01-09T18:00:00Z'), policy)).toEqual([]);
  });

  it('escalates a breach whose due-soon alert never came, but one step per check however much was missed', () => {
    // Arrange: the monitor was down until after both due times.
    const value = open();
    // Act
    const alerts = slaCheck(value, at('2030-01-11T11:00:00Z'), policy);
    // Assert
    expect(alerts.map((alert) => [alert.key, alert.escalateTo])).toEqual([
      ['first-response:breached', 'P2'],
      ['resolution:breached', undefined],
    ]);
  });

  it('raises nothing about the first response once it was given in time, and a breach when it came late', () => {
    // Act
    const inTime = slaCheck(open({ firstRespondedAt: '2030-01-09T13:00:00.000Z' }), at('2030-01-09T15:00:00Z'), policy);
    const late = slaCheck(open({ firstRespondedAt: '2030-01-09T14:30:00.000Z' }), at('2030-01-09T15:00:00Z'), policy);
    const answeredSoon = slaCheck(
      open({ firstRespondedAt: '2030-01-09T13:40:00.000Z' }),
      at('2030-01-09T13:45:00Z'),
      policy,
    );
    // Assert
    expect(inTime).toEqual([]);
    expect(keys(late)).toEqual(['first-response:breached']);
    expect(answeredSoon).toEqual([]);
  });

  it('raises resolution due soon for a case answered in time but not resolved', () => {
    // Act
    const alerts = slaCheck(open({ firstRespondedAt: '2030-01-09T11:00:00.000Z' }), at('2030-01-11T09:45:00Z'), policy);
    // Assert
    expect(alerts.map((alert) => [alert.key, alert.escalateTo])).toEqual([['resolution:due-soon', 'P2']]);
  });

  it('leaves resolved, closed and merged cases alone', () => {
    const late = at('2030-01-20T00:00:00Z');
    expect(slaCheck(open({ status: 'resolved' }), late, policy)).toEqual([]);
    expect(slaCheck(open({ status: 'closed' }), late, policy)).toEqual([]);
    expect(slaCheck(open({ mergedInto: 'case-2' }), late, policy)).toEqual([]);
  });
});

describe('recording SLA alerts on a case', () => {
  it('records a breach in slaAlerts and breaches, escalating and auditing it with its message', () => {
    // Arrange
    const [alert] = slaCheck(open(), at('2030-01-09T14:10:00Z'), policy);
    // Act
    const { case: flagged, changed } = applyCaseChange(
      open(),
      {
        kind: 'sla-alert',
        alert: 'first-response:breached',
        dueAt: alert?.dueAt ?? '',
        message: alert?.message ?? '',
        escalateTo: 'P2',
      },
      '2030-01-09T14:10:00.000Z',
      'bridge',
    );
    // Assert
    expect(changed).toBe(true);
    expect(flagged).toMatchObject({
      priority: 'P2',
      slaAlerts: ['first-response:breached'],
      breaches: ['first-response'],
    });
    expect(flagged.audit.at(-1)).toEqual({
      at: '2030-01-09T14:10:00.000Z',
      actor: 'bridge',
      action: 'sla-breached',
      before: { priority: 'P3' },
      after: { alert: 'first-response:breached', dueAt: '2030-01-09T14:00:00.000Z', priority: 'P2' },
      note: 'Case case-1: first response was due Wed 9 Jan 14:00 UTC, 10 min ago, and has not been met. Priority raised P3 → P2.',
    });
  });

  it('changes nothing when the alert was raised already, and never lowers a priority someone raised meanwhile', () => {
    // Arrange
    const change = {
      kind: 'sla-alert',
      alert: 'first-response:due-soon',
      dueAt: '2030-01-09T14:00:00.000Z',
      message: 'due soon',
      escalateTo: 'P2',
    } as const;
    const once = applyCaseChange(open(), change, '2030-01-09T13:35:00.000Z', 'bridge').case;
    // Act
    const twice = applyCaseChange(once, change, '2030-01-09T13:40:00.000Z', 'bridge');
    const onP1 = applyCaseChange(open({ priority: 'P1' }), change, '2030-01-09T13:35:00.000Z', 'bridge').case;
    // Assert
    expect(twice.changed).toBe(false);
    expect(onP1.priority).toBe('P1');
    expect(onP1.audit.at(-1)?.note).toBe('due soon');
  });

  it('keeps the outbox: an alert raised is owed until its hand-over is recorded, once', () => {
    // Arrange
    const raised = raise(open(), slaCheck(open(), at('2030-01-09T13:35:00Z'), policy), '2030-01-09T13:35:00Z');
    const notification = notificationOf(raised, 'first-response:due-soon');
    // Act
    const notified = applyCaseChange(
      raised,
      { kind: 'sla-notified', alert: 'first-response:due-soon', notificationId: notification?.id ?? '' },
      '2030-01-09T13:35:01.000Z',
      'bridge',
    );
    const again = applyCaseChange(
      notified.case,
      { kind: 'sla-notified', alert: 'first-response:due-soon', notificationId: notification?.id ?? '' },
      '2030-01-09T13:40:00.000Z',
      'bridge',
    );
    // Assert
    expect(unnotifiedAlerts(raised)).toEqual(['first-response:due-soon']);
    expect(notification).toEqual({
      id: 'sla:case-1:first-response:due-soon',
      caseId: 'case-1',
      queue: 'billing',
      kind: 'first-response:due-soon',
      priority: 'P2',
      message: 'Case case-1: first response is due Wed 9 Jan 14:00 UTC, in 25 min. Priority raised P3 → P2.',
      dueAt: '2030-01-09T14:00:00.000Z',
      raisedAt: '2030-01-09T13:35:00Z',
    });
    expect(unnotifiedAlerts(notified.case)).toEqual([]);
    expect(again.changed).toBe(false);
  });

  it('keeps the first response the first time only', () => {
    // Act
    const first = applyCaseChange(
      open(),
      { kind: 'first-response', at: '2030-01-09T11:00:00.000Z', via: 'reply' },
      '2030-01-09T11:00:01.000Z',
      'agent-7',
    );
    const second = applyCaseChange(
      first.case,
      { kind: 'first-response', at: '2030-01-09T12:00:00.000Z', via: 'note' },
      '2030-01-09T12:00:01.000Z',
      'agent-8',
    );
    // Assert
    expect(first.case.firstRespondedAt).toBe('2030-01-09T11:00:00.000Z');
    expect(first.case.audit.at(-1)).toMatchObject({
      actor: 'agent-7',
      action: 'first-responded',
      after: { via: 'reply' },
    });
    expect(second.changed).toBe(false);
  });
});
