import { z } from 'zod';
import './zod-messages.ts';
import { addBusinessMinutes, describeHours, type Staffed } from './business-hours.ts';
import type { Case, CaseDue } from './case.ts';
import type { Priority, StatedDeadline } from './classification.ts';
import { honourStatedDeadline, readableTime } from './stated-deadline.ts';

const minutes = (what: string) =>
  z
    .number({ error: `${what} in minutes, a whole number` })
    .int(`${what} in minutes, a whole number`)
    .positive(`${what} must be at least one minute`)
    .max(365 * 24 * 60, `${what} must be at most a year`);

/** Minutes to first response and to resolution of one priority, counted in the business hours of the case's queue. */
export const ServiceLevel = z
  .strictObject({
    firstResponseMinutes: minutes('firstResponseMinutes'),
    resolutionMinutes: minutes('resolutionMinutes'),
  })
  .refine((level) => level.firstResponseMinutes <= level.resolutionMinutes, {
    error: 'firstResponseMinutes must not exceed resolutionMinutes: a case is answered before it is resolved',
  });
export type ServiceLevel = z.output<typeof ServiceLevel>;

/** A service level for every priority. */
export const ServiceLevels = z.strictObject({ P1: ServiceLevel, P2: ServiceLevel, P3: ServiceLevel, P4: ServiceLevel });
export type ServiceLevels = Readonly<Record<Priority, ServiceLevel>>;

/**
 * Defaults in the spirit of social care: a P1 is answered within the quarter hour. Business
 * minutes: in a queue open round the clock they are plain minutes; in a queue open 08:00-20:00 on
 * weekdays a P3's 4320 resolution minutes are six working days.
 */
export const defaultServiceLevels: ServiceLevels = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 24 * 60 },
  P3: { firstResponseMinutes: 4 * 60, resolutionMinutes: 3 * 24 * 60 },
  P4: { firstResponseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60 },
};

/** Hours from resolving a case to the customer having what they asked for, when nobody says otherwise. */
export const defaultFulfilmentLeadHours = 24;

/** Hours of a queue nobody declared: counted round the clock. */
export const roundTheClock: Staffed = { timeZone: 'UTC', hours: '24x7' };

/**
 * Due times of a case opened at `openedAt` with the given priority, counted in the business hours
 * of its queue (`staffed`; round the clock when not given).
 */
export const dueTimes = (
  priority: Priority,
  openedAt: Date,
  levels: ServiceLevels = defaultServiceLevels,
  staffed: Staffed = roundTheClock,
): CaseDue => {
  const level = levels[priority];
  return {
    firstResponseAt: addBusinessMinutes(staffed, openedAt, level.firstResponseMinutes).toISOString(),
    resolutionAt: addBusinessMinutes(staffed, openedAt, level.resolutionMinutes).toISOString(),
  };
};

/** A team queue's name and hours, as the routing file declares them. */
export interface QueueHours extends Staffed {
  readonly name: string;
}

/** How due times are worked out; every part has a default, so callers pass what they know. */
export interface DuePolicy {
  readonly serviceLevels?: ServiceLevels;
  /** The queues' hours (the routing file's `queues`); a queue not listed counts round the clock. */
  readonly queueHours?: readonly QueueHours[];
  /** See {@link defaultFulfilmentLeadHours}. */
  readonly fulfilmentLeadHours?: number;
}

/** What the due times of a case depend on. */
export interface DueFacts {
  readonly priority: Priority;
  readonly queue: string;
  readonly openedAt: Date;
  /** A deadline the customer stated, when they did. */
  readonly deadline?: StatedDeadline;
}

/** A case's due times, the deadline it honours, and the reasoning in words (for its audit). */
export interface DueDecision {
  readonly due: CaseDue;
  readonly statedDeadline?: NonNullable<Case['statedDeadline']>;
  readonly reason: string;
}

/** The hours of `queue` under `policy`: its declared hours, or round the clock. */
export const hoursOf = (queue: string, policy: Pick<DuePolicy, 'queueHours'>): Staffed =>
  policy.queueHours?.find((candidate) => candidate.name === queue) ?? roundTheClock;

/**
 * The due times of a case: its priority's service level counted in its queue's business hours,
 * then a deadline the customer stated, less the fulfilment lead time, brings the resolution due
 * time forward (see `honourStatedDeadline`). The first response is never due after the resolution.
 */
export const caseDue = (facts: DueFacts, policy: DuePolicy = {}): DueDecision => {
  const levels = policy.serviceLevels ?? defaultServiceLevels;
  const staffed = hoursOf(facts.queue, policy);
  const level = levels[facts.priority];
  const serviceLevel = dueTimes(facts.priority, facts.openedAt, levels, staffed);
  const time = (at: string) => readableTime(new Date(at), staffed.timeZone);
  const counted = staffed.hours === '24x7' ? 'round the clock' : `${describeHours(staffed.hours)}, ${staffed.timeZone}`;
  const levelReason =
    `${facts.priority} in ${facts.queue} (${counted}): first response within ${level.firstResponseMinutes} business minutes, ` +
    `by ${time(serviceLevel.firstResponseAt)}; resolution within ${level.resolutionMinutes}, by ${time(serviceLevel.resolutionAt)}`;
  if (facts.deadline === undefined) return { due: serviceLevel, reason: levelReason };

  const honoured = honourStatedDeadline({
    deadline: facts.deadline,
    serviceLevelDue: new Date(serviceLevel.resolutionAt),
    openedAt: facts.openedAt,
    leadHours: policy.fulfilmentLeadHours ?? defaultFulfilmentLeadHours,
    timeZone: staffed.timeZone,
  });
  const resolutionAt = honoured.resolutionAt;
  const firstResponseAt =
    Date.parse(serviceLevel.firstResponseAt) > Date.parse(resolutionAt) ? resolutionAt : serviceLevel.firstResponseAt;
  return {
    due: { firstResponseAt, resolutionAt },
    statedDeadline: honoured.statedDeadline,
    reason: `${levelReason}; ${honoured.explanation}`,
  };
};
