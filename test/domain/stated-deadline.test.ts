import { describe, expect, it } from 'vitest';
import type { Classification } from '../../lambdas/domain/classification.ts';
import { WeekHours } from '../../lambdas/domain/business-hours.ts';
import { MentionInput, normaliseMention } from '../../lambdas/domain/mention.ts';
import { newCaseFromMention } from '../../lambdas/domain/new-case.ts';
import { honourStatedDeadline } from '../../lambdas/domain/stated-deadline.ts';

const openedAt = new Date('2030-01-09T10:00:00Z'); // Wednesday
const slaDue = new Date('2030-01-12T10:00:00Z'); // Saturday
const byFriday = { at: '2030-01-11T23:59:59Z', phrase: 'by Friday' };

describe('honourStatedDeadline', () => {
  it('makes the case due the lead time before the deadline when that is sooner than the service level', () => {
    // Act
    const honoured = honourStatedDeadline({
      deadline: byFriday,
      serviceLevelDue: slaDue,
      openedAt,
      leadHours: 24,
      timeZone: 'Europe/London',
    });
    // Assert
    expect(honoured).toEqual({
      statedDeadline: { at: '2030-01-11T23:59:59.000Z', phrase: 'by Friday', dueBy: '2030-01-10T23:59:59.000Z' },
      resolutionAt: '2030-01-10T23:59:59.000Z',
      tightened: true,
      explanation:
        'the customer needs it by Fri 11 Jan 23:59 GMT ("by Friday"); with 24 hours to fulfil, it must be resolved by Thu 10 Jan 23:59 GMT, before the service level\'s Sat 12 Jan 10:00 GMT',
    });
  });

  it('keeps the service level when the deadline less the lead time is later, and says so', () => {
    // Act
    const honoured = honourStatedDeadline({
      deadline: { at: '2030-01-20T12:00:00Z', phrase: 'before my flight on the 20th' },
      serviceLevelDue: slaDue,
      openedAt,
      leadHours: 24,
      timeZone: 'Europe/London',
    });
    // Assert
    expect(honoured.tightened).toBe(false);
    expect(honoured.resolutionAt).toBe(slaDue.toISOString());
    expect(honoured.statedDeadline.dueBy).toBe(slaDue.toISOString());
    expect(honoured.explanation).toBe(
      'the customer needs it by Sun 20 Jan 12:00 GMT ("before my flight on the 20th"); resolving it 24 hours before, by Sat 19 Jan 12:00 GMT, is later than the service level\'s Sat 12 Jan 10:00 GMT, which stands',
    );
  });

  it('makes the case due at once, never before it was opened, when the lead time no longer fits', () => {
    // Act: the deadline is 6 hours away; fulfilling takes 24.
    const honoured = honourStatedDeadline({
      deadline: { at: '2030-01-09T16:00:00Z', phrase: 'by 4pm today' },
      serviceLevelDue: slaDue,
      openedAt,
      leadHours: 24,
      timeZone: 'Europe/London',
    });
    // Assert
    expect(honoured.resolutionAt).toBe(openedAt.toISOString());
    expect(honoured.statedDeadline.dueBy).toBe(openedAt.toISOString());
    expect(honoured.explanation).toBe(
      'the customer needs it by Wed 9 Jan 16:00 GMT ("by 4pm today"); less than the 24 hours it takes to fulfil are left, so the case is due at once',
    );
  });

  it('says a deadline already passed has passed', () => {
    // Act
    const honoured = honourStatedDeadline({
      deadline: { at: '2030-01-09T08:00:00Z', phrase: 'by this morning' },
      serviceLevelDue: slaDue,
      openedAt,
      leadHours: 1,
      timeZone: 'Europe/London',
    });
    // Assert
    expect(honoured.resolutionAt).toBe(openedAt.toISOString());
    expect(honoured.explanation).toMatch(/\("by this morning"\); it has passed, so the case is due at once$/);
  });
});

describe('a new case from a mention that states a deadline', () => {
  it('shows the deadline on the case, due in its queue’s hours, with the reasoning in its audit', () => {
    // Arrange: a billing complaint on Wednesday 10:00 that needs the card "by Friday".
    const mention = normaliseMention(
      MentionInput.parse({
        network: 'x',
        postId: '42',
        author: { id: 'u1', handle: 'ana' },
        text: 'I need the replacement card by Friday, you charged me twice',
        createdAt: '2030-01-09T09:59:00Z',
      }),
      '2030-01-09T09:59:30Z',
    );
    const classification: Classification = {
      intent: 'complaint',
      serviceNeed: true,
      topic: 'billing',
      priority: 'P3',
      confidence: 0.9,
      reasons: [],
      modelVersion: 'test',
      deadline: byFriday,
    };
    const billing = {
      name: 'billing',
      timeZone: 'Europe/London',
      hours: WeekHours.parse({ wed: ['08:00-20:00'], thu: ['08:00-20:00'], fri: ['08:00-20:00'] }),
    };
    // Act
    const opened = newCaseFromMention('case-1', mention, classification, openedAt, {
      queueHours: [billing],
      fulfilmentLeadHours: 24,
    });
    // Assert: 4 business hours to first response; the deadline less a day beats 3 business days.
    expect(opened.queue).toBe('billing');
    expect(opened.due).toEqual({
      firstResponseAt: '2030-01-09T14:00:00.000Z',
      resolutionAt: '2030-01-10T23:59:59.000Z',
    });
    expect(opened.statedDeadline).toEqual({
      at: '2030-01-11T23:59:59.000Z',
      phrase: 'by Friday',
      dueBy: '2030-01-10T23:59:59.000Z',
    });
    expect(opened.audit[0]?.note).toContain('with 24 hours to fulfil, it must be resolved by Thu 10 Jan 23:59 GMT');
  });
});
