import { describe, expect, it } from 'vitest';
import { applyCaseChange } from '../../lambdas/domain/case-change.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { aCase } from '../support/case-builder.ts';

const at = '2030-01-03T09:00:00.000Z';

describe('applyCaseChange', () => {
  it('resolves an open case, stamping resolvedAt and auditing before and after', () => {
    // Arrange
    const open = aCase();
    // Act
    const { case: resolved, changed } = applyCaseChange(
      open,
      { kind: 'status', to: 'resolved', note: 'refunded' },
      at,
      'agent-7',
    );
    // Assert
    expect(changed).toBe(true);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at, updatedAt: at });
    expect(resolved.audit.at(-1)).toEqual({
      at,
      actor: 'agent-7',
      action: 'status-changed',
      before: { status: 'open' },
      after: { status: 'resolved' },
      note: 'refunded',
    });
  });

  it('reopens a resolved case as a reopening, with reopenedAt', () => {
    // Arrange
    const resolved = aCase({ status: 'resolved', resolvedAt: '2030-01-02T12:00:00.000Z' });
    // Act
    const { case: reopened } = applyCaseChange(resolved, { kind: 'status', to: 'open' }, at, 'bridge');
    // Assert
    expect(reopened).toMatchObject({ status: 'open', reopenedAt: at });
    expect(reopened.audit.at(-1)?.action).toBe('reopened');
  });

  it('refuses a transition the lifecycle forbids, naming the ones it allows', () => {
    // Arrange
    const closed = aCase({ status: 'closed' });
    // Act
    const attempt = () => applyCaseChange(closed, { kind: 'status', to: 'open' }, at, 'agent-7');
    // Assert
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow('case case-1 is closed; it can become nothing else, not open');
  });

  it('changes nothing, and audits nothing, when asked for what already is', () => {
    // Arrange
    const open = aCase({ assignee: 'agent-7' });
    // Act
    const same = applyCaseChange(open, { kind: 'assign', assignee: 'agent-7' }, at, 'agent-7');
    // Assert
    expect(same).toEqual({ case: open, changed: false });
  });

  it('assigns and unassigns, auditing the previous owner', () => {
    // Arrange
    const open = aCase({ assignee: 'agent-7' });
    // Act
    const moved = applyCaseChange(open, { kind: 'assign', assignee: null, queue: 'escalations' }, at, 'lead-1').case;
    // Assert
    expect(moved.assignee).toBeUndefined();
    expect(moved.queue).toBe('escalations');
    expect(moved.audit.at(-1)).toMatchObject({
      action: 'assigned',
      before: { assignee: 'agent-7', queue: 'billing' },
      after: { assignee: null, queue: 'escalations' },
    });
  });

  it('moves a social case to the customer once linked, clearing the unknown-customer flag', () => {
    // Arrange
    const social = aCase({
      party: { kind: 'social', identity: { network: 'x', userId: 'u1', handle: 'ana' } },
      flags: ['unknown-customer'],
    });
    // Act
    const linked = applyCaseChange(
      social,
      { kind: 'party', party: { kind: 'customer', customerId: 'C9' } },
      at,
      'agent-7',
    ).case;
    // Assert
    expect(linked.party).toEqual({ kind: 'customer', customerId: 'C9' });
    expect(linked.flags).toEqual([]);
    expect(linked.audit.at(-1)).toMatchObject({
      action: 'customer-linked',
      before: { party: 'social#x#u1' },
      after: { party: 'customer#C9' },
    });
  });

  it('refuses any change to a case merged into another', () => {
    // Arrange
    const merged = aCase({ status: 'closed', mergedInto: 'case-2' });
    // Act
    const attempt = () => applyCaseChange(merged, { kind: 'priority', priority: 'P1' }, at, 'agent-7');
    // Assert
    expect(attempt).toThrow('case case-1 was merged into case-2; change that case');
  });
});
