import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import './zod-messages.ts';

/** The days of a week as the routing file names them, Monday first (luxon's weekday 1..7). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clock = /^(\d{2}):(\d{2})$/;

/** Minutes since midnight of `HH:MM`, with `24:00` as the end of the day; undefined when it is no time. */
const minutesOf = (text: string): number | undefined => {
  const match = clock.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return 24 * 60;
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
};

/** Opening time within one day as minutes since local midnight: from `start` (inclusive) to `end` (exclusive). */
export interface OpenRange {
  readonly start: number;
  readonly end: number;
}

const rangeShape = /^\d{2}:\d{2}-\d{2}:\d{2}$/;

/**
 * One opening within a day, `"09:00-17:00"`, read as local wall-clock time in the queue's zone.
 * `24:00` ends a day; a range across midnight is written as two, one on each day, so that each
 * day of the week says plainly when it is open.
 */
export const HoursRange = z
  .string()
  .regex(rangeShape, { error: (issue) => `"${String(issue.input)}" is not a range like "09:00-17:30"` })
  .superRefine((text, ctx) => {
    if (!rangeShape.test(text)) return;
    const [from = '', to = ''] = text.split('-');
    const start = minutesOf(from);
    const end = minutesOf(to);
    if (start === undefined || end === undefined || start === 24 * 60) {
      ctx.addIssue({ code: 'custom', message: `"${text}" names a time that does not exist; times run 00:00 to 24:00` });
    } else if (end <= start) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" ends before it starts; write a range across midnight as two, "${from}-24:00" on one day and "00:00-${to}" on the next`,
      });
    }
  })
  .transform((text): OpenRange => {
    const [from = '', to = ''] = text.split('-');
    return { start: minutesOf(from) ?? 0, end: minutesOf(to) ?? 0 };
  });

/** One day's openings, in order and not overlapping; an empty list (or a day left out) is closed. */
const DayHours = z.array(HoursRange).superRefine((ranges, ctx) => {
  // A range that failed its own check is not a range yet: only compare those that passed.
  const sorted = ranges.filter((range) => typeof range === 'object').sort((a, b) => a.start - b.start);
  for (let index = 1; index < sorted.length; index += 1) {
    const before = sorted[index - 1] as OpenRange;
    const after = sorted[index] as OpenRange;
    if (after.start < before.end) {
      ctx.addIssue({
        code: 'custom',
        message: `the ranges ${formatRange(before)} and ${formatRange(after)} overlap; make them one`,
      });
    }
  }
});

/** Opening hours per weekday; a day left out is closed all day. */
export const WeekHours = z.strictObject(
  Object.fromEntries(weekdays.map((day) => [day, DayHours.optional()])) as {
    [day in Weekday]: z.ZodOptional<typeof DayHours>;
  },
);
export type WeekHours = z.output<typeof WeekHours>;

/** When a queue is staffed: `"24x7"`, or opening ranges per weekday. */
export const BusinessHours = z.union([z.literal('24x7'), WeekHours], {
  // Only when neither fits; a week with a bad range reports that range.
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'must be "24x7" or an object of weekdays (mon … sun), each a list of ranges like "09:00-17:00"'
      : undefined,
});
export type BusinessHours = z.output<typeof BusinessHours>;

/** An IANA time zone such as `Europe/London`, checked against the zones this runtime knows. */
export const TimeZone = z
  .string()
  .trim()
  .min(1)
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: (issue) => `"${String(issue.input)}" is not an IANA time zone (like "Europe/London" or "America/New_York")`,
  });

const two = (value: number): string => String(value).padStart(2, '0');
const formatMinutes = (minutes: number): string => `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
const formatRange = (range: OpenRange): string => `${formatMinutes(range.start)}-${formatMinutes(range.end)}`;

/** What a queue's opening hours need: its zone and its hours. */
export interface Staffed {
  readonly timeZone: string;
  readonly hours: BusinessHours;
}

const localTime = (queue: Pick<Staffed, 'timeZone'>, now: Date): DateTime =>
  DateTime.fromJSDate(now, { zone: queue.timeZone }).setLocale('en');

/**
 * Whether the queue is staffed at `now`, by the wall clock of its own time zone, so that a
 * queue open 09:00-17:00 in Europe/London opens at 08:00 UTC in summer and 09:00 UTC in winter.
 */
export const isOpenAt = (queue: Staffed, now: Date): boolean => {
  if (queue.hours === '24x7') return true;
  const local = localTime(queue, now);
  const day = weekdays[local.weekday - 1] as Weekday;
  const minute = local.hour * 60 + local.minute;
  return (queue.hours[day] ?? []).some((range) => range.start <= minute && minute < range.end);
};

/** `now` as people in the queue's zone read it, for explanations: `Sat 22:10`. */
export const localTimeLabel = (queue: Pick<Staffed, 'timeZone'>, now: Date): string =>
  localTime(queue, now).toFormat('ccc HH:mm');

/** The hours in short, for lists and explanations: `24x7`, or `mon-fri 08:00-20:00, sat 09:00-17:00`. */
export const describeHours = (hours: BusinessHours): string => {
  if (hours === '24x7') return '24x7';
  const runs: { from: Weekday; to: Weekday; ranges: string }[] = [];
  for (const day of weekdays) {
    const ranges = (hours[day] ?? []).map(formatRange).join(' ');
    const last = runs.at(-1);
    if (ranges === '') continue;
    // Consecutive days with the same hours read as one run: mon-fri.
    if (last && last.ranges === ranges && weekdays.indexOf(last.to) === weekdays.indexOf(day) - 1) last.to = day;
    else runs.push({ from: day, to: day, ranges });
  }
  if (runs.length === 0) return 'never open';
  return runs.map((run) => `${run.from === run.to ? run.from : `${run.from}-${run.to}`} ${run.ranges}`).join(', ');
};

/** A week with no opening at all: counting business time in it would never end. */
const neverOpen = (hours: WeekHours): boolean => weekdays.every((day) => (hours[day] ?? []).length === 0);

/** The instant `minutes` after local midnight of `day`, read on the wall clock (so 09:00 is 09:00 on a DST day too). */
const wallClockAt = (day: DateTime, minutes: number): DateTime =>
  minutes >= 24 * 60
    ? day.plus({ days: 1 }).startOf('day')
    : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });

/**
 * The instant `minutes` of the queue's business time after `start`: only the minutes the queue is
 * open count, read on its own wall clock, so that four business hours from Friday 18:00 in a queue
 * open 09:00-20:00 on weekdays end on Monday 11:00 — in summer and in winter alike, and across the
 * night the clocks change (an opening is as long as the wall clock says it is). A `24x7` queue
 * counts elapsed time. A queue whose week has no opening at all also counts elapsed time: a due
 * time that never comes would hide the case from every SLA check.
 */
export const addBusinessMinutes = (queue: Staffed, start: Date, minutes: number): Date => {
  const hours = queue.hours;
  if (hours === '24x7' || neverOpen(hours) || minutes <= 0)
    return new Date(start.getTime() + Math.max(0, minutes) * 60_000);
  let remaining = minutes * 60_000;
  let day = localTime(queue, start).startOf('day');
  // Every week has an opening (checked above), so each pass through a week takes some time off.
  for (;;) {
    const ranges = [...(hours[weekdays[day.weekday - 1] as Weekday] ?? [])].sort((a, b) => a.start - b.start);
    for (const range of ranges) {
      const opens = wallClockAt(day, range.start).toMillis();
      const closes = wallClockAt(day, range.end).toMillis();
      const from = Math.max(opens, start.getTime());
      if (from >= closes) continue;
      if (remaining <= closes - from) return new Date(from + remaining);
      remaining -= closes - from;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
};
