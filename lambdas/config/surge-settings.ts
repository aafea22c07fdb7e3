import { z } from 'zod';
import type { SurgePolicy } from '../domain/surge.ts';

const number = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `to ${what}` })
    .min(min, `to ${what}, at least ${min}`)
    .max(max, `to ${what}, at most ${max}`);

/** When a burst of similar needs becomes one incident (CDK context in AWS, options locally). */
export const SurgeSettings = z.object({
  SURGE_THRESHOLD: number('the number of similar service needs within the window that open an incident', 2, 10_000),
  SURGE_WINDOW_MINUTES: number('the minutes within which the threshold counts', 1, 24 * 60),
  SURGE_SIMILARITY: number('how alike (0..1) a mention must be to a surge’s words to join it', 0, 1),
});
export type SurgeSettings = z.output<typeof SurgeSettings>;

/** What the stack and the local runtime pass when the operator sets nothing. */
export const surgeDefaults = {
  SURGE_THRESHOLD: '10',
  SURGE_WINDOW_MINUTES: '15',
  SURGE_SIMILARITY: '0.3',
} as const satisfies Record<keyof SurgeSettings, string>;

/** Beyond the tunables: an incident goes quiet after 6 h; its timeline keeps a 100-mention sample. */
export const surgePolicyFrom = (settings: SurgeSettings): SurgePolicy => ({
  threshold: settings.SURGE_THRESHOLD,
  windowMinutes: settings.SURGE_WINDOW_MINUTES,
  similarity: settings.SURGE_SIMILARITY,
  incidentIdleMinutes: 6 * 60,
  timelineMentions: 100,
});
