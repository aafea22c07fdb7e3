import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, type Staffed, WeekHours } from '../../lambdas/domain/business-hours.ts';
import { caseDue, defaultServiceLevels, dueTimes, ServiceLevels } from '../../lambdas/domain/service-levels.ts';

const weekdays = (range: string) => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range] });

/** The billing queue of config/routing.json: weekdays 08:00-20:00, Saturday 09:00-17:00, London. */
const billing: Staffed = {
  timeZone: 'Europe/London',
  hours: WeekHours.parse({ ...weekdays('08:00-20:00'), sat: ['09:00-17:00'] }),
};
const claims: Staffed = { timeZone: 'Europe/London', hours: WeekHours.parse(weekdays('09:00-17:00')) };
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('counts only opening hours, carrying what is left over a closed Sunday into Monday', () => {
    // Arrange: Saturday 16:00 in London (GMT in January), an hour before billing closes for the weekend.
    const start = at('2030-01-05T16:00:00Z');
    // Act
    const due = addBusinessMinutes(billing, start, 240);
    // Assert: one hour on Saturday, three on Monday from 08:00.
    expect(due.toISOString()).toBe('2030-01-07T11:00:00.000Z');
  });

  it('starts counting at the next opening when the queue is closed', () => {
    // Arrange: Friday 21:00, after billing closed.
    const start = at('2030-01-04T21:00:00Z');
    // Act
    const due = addBusinessMinutes(billing, start, 60);
    // Assert: Saturday opens at 09:00.
    expect(due.toISOString()).toBe('2030-01-05T10:00:00.000Z');
  });

  it('reads opening hours on the local wall clock across the spring change to summer time', () => {
    // Arrange: Friday 29 March 2030, 16:00 GMT; the clocks go forward on Sunday 31 March.
    const start = at('2030-03-29T16:00:00Z');
    // Act
    const due = addBusinessMinutes(claims, start, 120);
    // Assert: an hour on Friday, then Monday 09:00 BST (08:00 UTC) plus an hour.
    expect(due.toISOString()).toBe('2030-04-01T09:00:00.000Z');
  });

  it('gives a day the clocks go forward 23 hours and one they go back 25', () => {
    // Arrange: open all Sunday, and Monday 09:00-17:00.
    const queue: Staffed = {
      timeZone: 'Europe/London',
      hours: WeekHours.parse({ sun: ['00:00-24:00'], mon: ['09:00-17:00'] }),
    };
    // Act: a full day's minutes from the start of each changeover Sunday.
    const spring = addBusinessMinutes(queue, at('2030-03-31T00:00:00Z'), 24 * 60);
    const autumn = addBusinessMinutes(queue, at('2030-10-27T00:00:00+01:00'), 24 * 60);
    // Assert: spring's Sunday held 23 hours, so one is left for Monday 09:00 BST; autumn's held 25, so the
    // day is done at 23:00 GMT on the Sunday itself.
    expect(spring.toISOString()).toBe('2030-04-01T09:00:00.000Z');
    expect(autumn.toISOString()).toBe('2030-10-27T23:00:00.000Z');
  });

  it('opens at 09:00 on the wall clock on the very days the clocks change', () => {
    // Arrange: open Sundays 09:00-17:00; both changeover Sundays, counted from the midnight before.
    const sundays: Staffed = { timeZone: 'Europe/London', hours: WeekHours.parse({ sun: ['09:00-17:00'] }) };
    // Act
    const spring = addBusinessMinutes(sundays, at('2030-03-31T00:00:00Z'), 60);
    const autumn = addBusinessMinutes(sundays, at('2030-10-26T23:00:00Z'), 60);
    // Assert: 09:00 BST is 08:00 UTC in spring; 09:00 GMT is 09:00 UTC after autumn's change.
    expect(spring.toISOString()).toBe('2030-03-31T09:00:00.000Z');
    expect(autumn.toISOString()).toBe('2030-10-27T10:00:00.000Z');
  });

  it('skips the break between two openings of a day', () => {
    // Arrange: Madrid, 09:00-14:00 and 15:00-19:00; Wednesday 13:30 CET.
    const split: Staffed = {
      timeZone: 'Europe/Madrid',
      hours: WeekHours.parse({ wed: ['09:00-14:00', '15:00-19:00'] }),
    };
    // Act
    const due = addBusinessMinutes(split, at('2030-01-09T12:30:00Z'), 60);
    // Assert: half an hour before lunch, half an hour after: 15:30 CET.
    expect(due.toISOString()).toBe('2030-01-09T14:30:00.000Z');
  });

  it('counts elapsed time in a 24x7 queue and in a queue that never opens', () => {
    // Act
    const roundTheClock = addBusinessMinutes(
      { timeZone: 'Europe/London', hours: '24x7' },
      at('2030-03-30T23:00:00Z'),
      120,
    );
    const never = addBusinessMinutes(
      { timeZone: 'Europe/London', hours: WeekHours.parse({}) },
      at('2030-01-09T10:00:00Z'),
      90,
    );
    // Assert: across the spring change, two real hours.
    expect(roundTheClock.toISOString()).toBe('2030-03-31T01:00:00.000Z');
    expect(never.toISOString()).toBe('2030-01-09T11:30:00.000Z');
  });
});

describe('dueTimes', () => {
  it('counts the priority’s service level in the queue’s business hours', () => {
    // Act: a P3 (4 h to first response) opened on Friday at 18:00 in billing.
    const due = dueTimes('P3', at('2030-01-04T18:00:00Z'), defaultServiceLevels, billing);
    // Assert: 2 h on Friday, 2 h on Saturday from 09:00.
    expect(due.firstResponseAt).toBe('2030-01-05T11:00:00.000Z');
  });

  it('counts round the clock when no hours are given', () => {
    expect(dueTimes('P1', at('2026-01-01T00:00:00Z'))).toEqual({
      firstResponseAt: '2026-01-01T00:15:00.000Z',
      resolutionAt: '2026-01-01T04:00:00.000Z',
    });
  });
});

describe('caseDue', () => {
  const policy = { queueHours: [{ name: 'billing', ...billing }], fulfilmentLeadHours: 24 };

  it('explains the due times by priority, queue hours and zone', () => {
    // Act
    const decision = caseDue({ priority: 'P2', queue: 'billing', openedAt: at('2030-01-04T19:30:00Z') }, policy);
    // Assert: 30 min on Friday, 30 on Saturday from 09:00; a day's 1440 minutes end on Tuesday (0.5 + 8 + 12 + 3.5 h).
    expect(decision.due.firstResponseAt).toBe('2030-01-05T09:30:00.000Z');
    expect(decision.statedDeadline).toBeUndefined();
    expect(decision.reason).toBe(
      'P2 in billing (mon-fri 08:00-20:00, sat 09:00-17:00, Europe/London): first response within 60 business minutes, by Sat 5 Jan 09:30 GMT; resolution within 1440, by Tue 8 Jan 11:30 GMT',
    );
  });

  it('brings the resolution forward to the stated deadline less the lead time, and the first response with it', () => {
    // Arrange: Wednesday 10:00; "by Friday" resolves to Friday 23:59:59 UTC.
    const deadline = { at: '2030-01-11T23:59:59Z', phrase: 'by Friday' };
    // Act
    const decision = caseDue(
      { priority: 'P3', queue: 'billing', openedAt: at('2030-01-09T10:00:00Z'), deadline },
      { ...policy, fulfilmentLeadHours: 48 },
    );
    // Assert
    expect(decision.statedDeadline).toEqual({
      at: '2030-01-11T23:59:59.000Z',
      phrase: 'by Friday',
      dueBy: '2030-01-09T23:59:59.000Z',
    });
    expect(decision.due).toEqual({
      firstResponseAt: '2030-01-09T14:00:00.000Z',
      resolutionAt: '2030-01-09T23:59:59.000Z',
    });
    expect(decision.reason).toContain(
      'the customer needs it by Fri 11 Jan 23:59 GMT ("by Friday"); with 48 hours to fulfil, it must be resolved by Wed 9 Jan 23:59 GMT, before the service level\'s',
    );
  });

  it('never lets the first response be due after the resolution', () => {
    // Arrange: a deadline two hours away with no lead time; first response would be due in four.
    const deadline = { at: '2030-01-09T12:00:00Z', phrase: 'by noon' };
    // Act
    const { due } = caseDue(
      { priority: 'P3', queue: 'billing', openedAt: at('2030-01-09T10:00:00Z'), deadline },
      { ...policy, fulfilmentLeadHours: 0 },
    );
    // Assert
    expect(due).toEqual({ firstResponseAt: '2030-01-09T12:00:00.000Z', resolutionAt: '2030-01-09T12:00:00.000Z' });
  });
});

describe('ServiceLevels', () => {
  it('refuses a first response slower than the resolution, saying why', () => {
    // Act
    const result = ServiceLevels.safeParse({
      ...defaultServiceLevels,
      P2: { firstResponseMinutes: 600, resolutionMinutes: 60 },
    });
    // Assert
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'firstResponseMinutes must not exceed resolutionMinutes: a case is answered before it is resolved',
    );
  });
});
