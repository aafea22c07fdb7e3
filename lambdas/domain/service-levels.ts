import type { Priority } from './classification.ts';
import type { CaseDue } from './case.ts';

/** Minutes to first response and to resolution, per priority. */
export interface ServiceLevel {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
}

export type ServiceLevels = Readonly<Record<Priority, ServiceLevel>>;

/** Defaults in the spirit of social care: a P1 is answered within the quarter hour. */
export const defaultServiceLevels: ServiceLevels = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 24 * 60 },
  P3: { firstResponseMinutes: 4 * 60, resolutionMinutes: 3 * 24 * 60 },
  P4: { firstResponseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60 },
};

const minutesAfter = (start: Date, minutes: number): string =>
  new Date(start.getTime() + minutes * 60_000).toISOString();

/** Due times of a case opened at `openedAt` with the given priority (wall-clock; business hours come later). */
export const dueTimes = (priority: Priority, openedAt: Date, levels: ServiceLevels = defaultServiceLevels): CaseDue => {
  const level = levels[priority];
  return {
    firstResponseAt: minutesAfter(openedAt, level.firstResponseMinutes),
    resolutionAt: minutesAfter(openedAt, level.resolutionMinutes),
  };
};
