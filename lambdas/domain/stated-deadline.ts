import { DateTime } from 'luxon';
import type { Case } from './case.ts';
import type { StatedDeadline } from './classification.ts';

/** What a stated deadline does to a case's resolution due time, and why, in words. */
export interface DeadlineHonoured {
  /** What the case shows: the deadline, the customer's words, and when the case must be resolved to meet it. */
  readonly statedDeadline: NonNullable<Case['statedDeadline']>;
  /** The resolution due time of the case: the earlier of the service level's and `dueBy`. */
  readonly resolutionAt: string;
  /** True when the deadline brought the resolution due time forward. */
  readonly tightened: boolean;
  readonly explanation: string;
}

export interface DeadlineFacts {
  readonly deadline: StatedDeadline;
  /** The resolution due time the service level gives the case. */
  readonly serviceLevelDue: Date;
  /** When the case was opened: the due time is never before it. */
  readonly openedAt: Date;
  /** Hours between resolving the case and the customer having what they need (a card posted, a refund landed). */
  readonly leadHours: number;
  /** The zone times are written in for people (the case's queue's). */
  readonly timeZone: string;
}

/** An instant as people in `zone` read it: `Thu 26 Nov 23:59 GMT`. */
export const readableTime = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).setLocale('en').toFormat('ccc d LLL HH:mm ZZZZ');

const hoursText = (hours: number): string => (hours === 1 ? '1 hour' : `${hours} hours`);

/**
 * Honours a deadline the customer stated ("I need the replacement card by Friday"): the case must
 * be resolved `leadHours` before it, so that what the customer needs reaches them in time. That
 * due time is never later than the service level's own (a far-off deadline does not slow a case
 * down) and never before the case was opened (a deadline too close to meet with the full lead time
 * makes the case due at once: someone must act now, and the monitor will say so).
 */
export const honourStatedDeadline = (facts: DeadlineFacts): DeadlineHonoured => {
  const { deadline, serviceLevelDue, openedAt, leadHours, timeZone } = facts;
  const stated = new Date(deadline.at);
  const wanted = new Date(stated.getTime() - leadHours * 3_600_000);
  const dueBy = new Date(Math.min(Math.max(wanted.getTime(), openedAt.getTime()), serviceLevelDue.getTime()));
  const time = (at: Date) => readableTime(at, timeZone);
  const needs = `the customer needs it by ${time(stated)} ("${deadline.phrase}")`;
  const lead = hoursText(leadHours);
  let explanation: string;
  if (wanted.getTime() >= serviceLevelDue.getTime()) {
    explanation = `${needs}; resolving it ${lead} before, by ${time(wanted)}, is later than the service level's ${time(serviceLevelDue)}, which stands`;
  } else if (wanted.getTime() >= openedAt.getTime()) {
    explanation = `${needs}; with ${lead} to fulfil, it must be resolved by ${time(dueBy)}, before the service level's ${time(serviceLevelDue)}`;
  } else {
    const left =
      stated.getTime() > openedAt.getTime() ? `less than the ${lead} it takes to fulfil are left` : 'it has passed';
    explanation = `${needs}; ${left}, so the case is due at once`;
  }
  return {
    statedDeadline: { at: stated.toISOString(), phrase: deadline.phrase, dueBy: dueBy.toISOString() },
    resolutionAt: dueBy.toISOString(),
    tightened: dueBy.getTime() < serviceLevelDue.getTime(),
    explanation,
  };
};
