import { describe, expect, it } from 'vitest';
import {
  BusinessHours,
  describeHours,
  isOpenAt,
  localTimeLabel,
  type Staffed,
  TimeZone,
} from '../../lambdas/domain/business-hours.ts';
import { toFieldIssues } from '../../lambdas/domain/validation.ts';

const weekdaysNineToFive = {
  mon: ['09:00-17:00'],
  tue: ['09:00-17:00'],
  wed: ['09:00-17:00'],
  thu: ['09:00-17:00'],
  fri: ['09:00-17:00'],
};

const queue = (timeZone: string, hours: unknown): Staffed => ({ timeZone, hours: BusinessHours.parse(hours) });

/** The problems of some hours, as `path: message`. */
const hoursProblems = (hours: unknown): string[] => {
  const result = BusinessHours.safeParse(hours);
  return result.success ? [] : toFieldIssues(result.error).map((issue) => `${issue.path}: ${issue.message}`);
};

describe('isOpenAt', () => {
  // 2030-01-07 and 2030-07-01 are Mondays: one in GMT, one in British Summer Time.
  const london = queue('Europe/London', weekdaysNineToFive);

  it('reads the hours on the queue’s own wall clock in winter: 09:00 London is 09:00 UTC', () => {
    // Arrange
    const instants = ['2030-01-07T08:59:00Z', '2030-01-07T09:00:00Z', '2030-01-07T16:59:00Z', '2030-01-07T17:00:00Z'];
    // Act
    const open = instants.map((at) => isOpenAt(london, new Date(at)));
    // Assert
    expect(open).toEqual([false, true, true, false]);
  });

  it('follows summer time: 09:00 London is 08:00 UTC in July', () => {
    // Arrange
    const instants = ['2030-07-01T07:59:00Z', '2030-07-01T08:00:00Z', '2030-07-01T15:59:00Z', '2030-07-01T16:00:00Z'];
    // Act
    const open = instants.map((at) => isOpenAt(london, new Date(at)));
    // Assert
    expect(open).toEqual([false, true, true, false]);
  });

  it('changes with the clocks on the day they go forward (Sunday 31 March 2030 in London)', () => {
    // Arrange: open on Sunday mornings; at 11:30 UTC it is 11:30 the week before, 12:30 on the day.
    const sundays = queue('Europe/London', { sun: ['09:00-12:00'] });
    // Act
    const weekBefore = isOpenAt(sundays, new Date('2030-03-24T11:30:00Z'));
    const onTheDay = isOpenAt(sundays, new Date('2030-03-31T11:30:00Z'));
    const anHourEarlier = isOpenAt(sundays, new Date('2030-03-31T10:30:00Z'));
    // Assert
    expect([weekBefore, onTheDay, anHourEarlier]).toEqual([true, false, true]);
  });

  it('changes with the clocks when they go back in New York (Sunday 3 November 2030)', () => {
    // Arrange
    const newYork = queue('America/New_York', weekdaysNineToFive);
    // Act: 13:00 UTC is 09:00 EDT before the change, 08:00 EST after it.
    const before = isOpenAt(newYork, new Date('2030-10-28T13:00:00Z'));
    const after = isOpenAt(newYork, new Date('2030-11-04T13:00:00Z'));
    const afterAnHourLater = isOpenAt(newYork, new Date('2030-11-04T14:00:00Z'));
    // Assert
    expect([before, after, afterAnHourLater]).toEqual([true, false, true]);
  });

  it('answers differently for the same instant in different zones, weekday included', () => {
    // Arrange: Friday 17:30 UTC is Friday 17:30 in London, 12:30 in New York, Saturday 02:30 in Tokyo.
    const at = new Date('2030-01-11T17:30:00Z');
    const zones = ['Europe/London', 'America/New_York', 'Asia/Tokyo'];
    // Act
    const open = zones.map((zone) => isOpenAt(queue(zone, weekdaysNineToFive), at));
    const labels = zones.map((zone) => localTimeLabel({ timeZone: zone }, at));
    // Assert
    expect(open).toEqual([false, true, false]);
    expect(labels).toEqual(['Fri 17:30', 'Fri 12:30', 'Sat 02:30']);
  });

  it('keeps a day with several ranges closed between them, and a day left out closed all day', () => {
    // Arrange
    const madrid = queue('Europe/Madrid', { wed: ['09:00-14:00', '15:00-19:00'] });
    // Act: Wednesday 2030-01-09 in CET (UTC+1); then Thursday.
    const open = ['2030-01-09T12:59:00Z', '2030-01-09T13:30:00Z', '2030-01-09T14:00:00Z', '2030-01-10T12:00:00Z'].map(
      (at) => isOpenAt(madrid, new Date(at)),
    );
    // Assert
    expect(open).toEqual([true, false, true, false]);
  });

  it('is open until midnight with 24:00, and always with 24x7', () => {
    // Arrange
    const lateShift = queue('UTC', { mon: ['18:00-24:00'], tue: ['00:00-02:00'] });
    const always = queue('Pacific/Auckland', '24x7');
    // Act
    const open = ['2030-01-07T23:59:00Z', '2030-01-08T00:00:00Z', '2030-01-08T02:00:00Z'].map((at) =>
      isOpenAt(lateShift, new Date(at)),
    );
    // Assert
    expect(open).toEqual([true, true, false]);
    expect(isOpenAt(always, new Date('2030-01-12T03:00:00Z'))).toBe(true);
  });
});

describe('BusinessHours and TimeZone', () => {
  it('refuses a range that ends before it starts, saying how to cross midnight', () => {
    // Act
    const problems = hoursProblems({ fri: ['22:00-06:00'] });
    // Assert
    expect(problems).toEqual([
      'fri[0]: "22:00-06:00" ends before it starts; write a range across midnight as two, "22:00-24:00" on one day and "00:00-06:00" on the next',
    ]);
  });

  it('refuses overlapping ranges, times that do not exist, malformed ranges and unknown days', () => {
    // Act / Assert
    expect(hoursProblems({ mon: ['09:00-13:00', '12:00-17:00'] })).toEqual([
      'mon: the ranges 09:00-13:00 and 12:00-17:00 overlap; make them one',
    ]);
    expect(hoursProblems({ tue: ['09:00-25:00'] })).toEqual([
      'tue[0]: "09:00-25:00" names a time that does not exist; times run 00:00 to 24:00',
    ]);
    expect(hoursProblems({ wed: ['9-5'] })).toEqual(['wed[0]: "9-5" is not a range like "09:00-17:30"']);
    expect(hoursProblems({ monday: ['09:00-17:00'] })).toEqual([': Unrecognized key: "monday"']);
    expect(hoursProblems('always')).toEqual([
      ': must be "24x7" or an object of weekdays (mon … sun), each a list of ranges like "09:00-17:00"',
    ]);
  });

  it('takes IANA zones and refuses anything else', () => {
    // Act / Assert
    expect(TimeZone.safeParse('Europe/London').success).toBe(true);
    expect(TimeZone.safeParse('America/Argentina/Buenos_Aires').success).toBe(true);
    const bad = TimeZone.safeParse('Europe/Londres');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(
      '"Europe/Londres" is not an IANA time zone (like "Europe/London" or "America/New_York")',
    );
  });

  it('describes hours briefly, with runs of days that share their hours', () => {
    // Arrange
    const hours = BusinessHours.parse({ ...weekdaysNineToFive, sat: ['10:00-14:00'], sun: ['10:00-14:00'] });
    // Act / Assert
    expect(describeHours(hours)).toBe('mon-fri 09:00-17:00, sat-sun 10:00-14:00');
    expect(describeHours(BusinessHours.parse({ mon: ['09:00-12:00'], wed: ['09:00-12:00'] }))).toBe(
      'mon 09:00-12:00, wed 09:00-12:00',
    );
    expect(describeHours(BusinessHours.parse({}))).toBe('never open');
    expect(describeHours('24x7')).toBe('24x7');
  });
});
