import { describe, expect, it } from 'vitest';
import { alreadyMerged, mergeCases } from '../../lambdas/domain/merge-cases.ts';
import { aCase } from '../support/case-builder.ts';

const at = '2030-01-03T09:00:00.000Z';

const phone = aCase({
  caseId: 'case-phone',
  priority: 'P3',
  audit: [{ at: '2030-01-02T10:00:00.000Z', actor: 'agent-7', action: 'created' }],
});
const social = aCase({
  caseId: 'case-social',
  party: { kind: 'social', identity: { network: 'x', userId: 'u1', handle: 'ana' } },
  originChannel: 'social',
  priority: 'P2',
  flags: ['unknown-customer'],
  conversations: ['x:100'],
  due: { firstResponseAt: '2030-01-02T11:00:00.000Z', resolutionAt: '2030-01-06T10:00:00.000Z' },
  timeline: [
    {
      at: '2030-01-02T09:30:00.000Z',
      channel: 'social',
      kind: 'mention',
      summary: 'Still charged twice!',
      mentionId: 'x:100',
      conversation: 'x:100',
    },
  ],
  audit: [{ at: '2030-01-02T09:30:00.000Z', actor: 'bridge', action: 'created' }],
  mergeOffer: { caseId: 'case-phone', reason: 'linked', offeredAt: '2030-01-02T12:00:00.000Z' },
});

describe('mergeCases', () => {
  it('keeps both timelines in time order and both audit histories, and closes the source', () => {
    // Act
    const { target, source } = mergeCases(phone, social, at, 'agent-7');
    // Assert
    expect(target.timeline.map((entry) => [entry.summary, entry.fromCase])).toEqual([
      ['Still charged twice!', 'case-social'],
      ['Charged twice', undefined],
    ]);
    expect(target.audit.map((entry) => [entry.action, entry.fromCase])).toEqual([
      ['created', 'case-social'],
      ['created', undefined],
      ['merged-in', undefined],
    ]);
    expect(target).toMatchObject({
      party: { kind: 'customer', customerId: 'C1' },
      priority: 'P2',
      conversations: ['x:100'],
      mergedFrom: ['case-social'],
      due: { firstResponseAt: '2030-01-02T11:00:00.000Z', resolutionAt: '2030-01-05T10:00:00.000Z' },
    });
    expect(source).toMatchObject({ status: 'closed', mergedInto: 'case-phone' });
    expect(source.mergeOffer).toBeUndefined();
    expect(source.audit.at(-1)).toMatchObject({
      action: 'merged-into',
      actor: 'agent-7',
      after: { mergedInto: 'case-phone' },
    });
    expect(alreadyMerged(target, source)).toBe(true);
  });

  it('takes the customer from the source when only the source knows them', () => {
    // Act
    const { target } = mergeCases(social, phone, at, 'agent-7');
    // Assert
    expect(target.party).toEqual({ kind: 'customer', customerId: 'C1' });
    expect(target.flags).toEqual([]);
  });

  it('refuses to merge a case into itself or a case that is no longer worked', () => {
    // Assert
    expect(() => mergeCases(phone, phone, at, 'a')).toThrow('a case cannot be merged into itself');
    expect(() => mergeCases(phone, aCase({ caseId: 'case-old', status: 'resolved' }), at, 'a')).toThrow(
      'case case-old is resolved: only open cases merge',
    );
  });
});
