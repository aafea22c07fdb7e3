import { describe, expect, it } from 'vitest';
import { decideCaseTarget } from '../../lambdas/domain/decide-case-target.ts';
import { aCase } from '../support/case-builder.ts';

const now = new Date('2030-01-10T10:00:00.000Z');
const policy = { openCaseWindowHours: 72, reopenWindowHours: 48 };

describe('decideCaseTarget', () => {
  it('creates a case flagged as an unknown customer when the author is not linked', () => {
    // Act
    const target = decideCaseTarget({ customerCases: [], now }, policy);
    // Assert
    expect(target).toEqual({
      kind: 'create',
      unknownCustomer: true,
      reason: 'the author is not linked to a customer yet',
    });
  });

  it("appends to the customer's open case from any channel, naming its owner", () => {
    // Arrange
    const phone = aCase({ caseId: 'case-phone', assignee: 'agent-7', updatedAt: '2030-01-09T10:00:00.000Z' });
    const older = aCase({ caseId: 'case-store', originChannel: 'store', updatedAt: '2030-01-08T10:00:00.000Z' });
    // Act
    const target = decideCaseTarget({ customerId: 'C1', customerCases: [older, phone], now }, policy);
    // Assert
    expect(target).toMatchObject({ kind: 'append', caseId: 'case-phone', owner: 'agent-7' });
    expect(target.reason).toContain('customer C1 already has case case-phone open (from phone');
  });

  it('ignores an open case untouched for longer than the window, and merged cases', () => {
    // Arrange
    const stale = aCase({ caseId: 'case-stale', updatedAt: '2030-01-06T09:59:59.000Z' });
    const merged = aCase({ caseId: 'case-merged', mergedInto: 'case-x', status: 'closed' });
    // Act
    const target = decideCaseTarget({ customerId: 'C1', customerCases: [stale, merged], now }, policy);
    // Assert
    expect(target.kind).toBe('create');
  });

  it('reopens a case resolved within the window, and not one resolved before it', () => {
    // Arrange
    const recent = aCase({ caseId: 'case-recent', status: 'resolved', resolvedAt: '2030-01-08T10:00:01.000Z' });
    const old = aCase({ caseId: 'case-old', status: 'resolved', resolvedAt: '2030-01-08T09:59:59.000Z' });
    // Act
    const reopen = decideCaseTarget({ customerId: 'C1', customerCases: [old, recent], now }, policy);
    const none = decideCaseTarget({ customerId: 'C1', customerCases: [old], now }, policy);
    // Assert
    expect(reopen).toMatchObject({ kind: 'reopen', caseId: 'case-recent', owner: 'queue:billing' });
    expect(none).toEqual({
      kind: 'create',
      unknownCustomer: false,
      reason: 'customer C1 has no open or lately resolved case',
    });
  });
});
