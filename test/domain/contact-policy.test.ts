import { describe, expect, it } from 'vitest';
import { contactPolicy, holdChanged, holdEvent } from '../../lambdas/domain/contact-policy.ts';
import { customerTimeline } from '../../lambdas/domain/customer-timeline.ts';
import { aCase } from '../support/case-builder.ts';

describe('contactPolicy', () => {
  it('holds marketing while any case is open, since the earliest was opened', () => {
    // Arrange
    const cases = [
      aCase({ caseId: 'case-b', createdAt: '2030-01-05T00:00:00.000Z' }),
      aCase({
        caseId: 'case-a',
        createdAt: '2030-01-01T00:00:00.000Z',
        status: 'resolved',
        resolvedAt: '2030-01-02T00:00:00.000Z',
      }),
      aCase({
        caseId: 'case-c',
        createdAt: '2029-12-01T00:00:00.000Z',
        status: 'open',
        reopenedAt: '2030-01-04T00:00:00.000Z',
      }),
    ];
    // Act
    const policy = contactPolicy('C1', cases);
    // Assert
    expect(policy).toMatchObject({
      marketing: 'hold',
      caseIds: ['case-c', 'case-b'],
      since: '2030-01-04T00:00:00.000Z',
    });
    expect(policy.reason).toContain('open service cases case-c (billing, from phone), case-b');
  });

  it('allows marketing when nothing is open, since the last case was settled', () => {
    // Arrange
    const cases = [aCase({ status: 'resolved', resolvedAt: '2030-01-02T00:00:00.000Z' })];
    // Act / Assert
    expect(contactPolicy('C1', cases)).toEqual({
      customerId: 'C1',
      marketing: 'allowed',
      reason: 'no open service case',
      caseIds: [],
      since: '2030-01-02T00:00:00.000Z',
    });
    expect(contactPolicy('C2', [])).toMatchObject({
      marketing: 'allowed',
      since: null,
      reason: 'no service case on record',
    });
  });

  it('announces a change of state once, with an id fixed by the state', () => {
    // Arrange
    const hold = contactPolicy('C1', [aCase()]);
    const state = { marketing: hold.marketing, since: hold.since, caseIds: hold.caseIds, published: false };
    // Act / Assert
    expect(holdChanged(undefined, hold)).toBe(true);
    expect(holdChanged(state, hold)).toBe(false);
    expect(holdEvent('C1', state, '2030-01-03T00:00:00.000Z')).toEqual({
      id: 'customer.service-hold:C1:started:2030-01-02T10:00:00.000Z',
      type: 'customer.service-hold',
      at: '2030-01-03T00:00:00.000Z',
      detail: { customerId: 'C1', state: 'started', since: '2030-01-02T10:00:00.000Z', caseIds: ['case-1'] },
    });
  });
});

describe('customerTimeline', () => {
  it('interleaves every channel in time order and skips merged-away cases', () => {
    // Arrange
    const phone = aCase();
    const store = aCase({
      caseId: 'case-store',
      timeline: [{ at: '2030-01-01T08:00:00.000Z', channel: 'store', kind: 'visit', summary: 'Returned the card' }],
    });
    const merged = aCase({ caseId: 'case-gone', mergedInto: 'case-1', status: 'closed' });
    // Act
    const story = customerTimeline([phone, store, merged]);
    // Assert
    expect(story.map((entry) => [entry.channel, entry.caseId])).toEqual([
      ['store', 'case-store'],
      ['phone', 'case-1'],
    ]);
  });
});
