import { z } from 'zod';
import '../domain/zod-messages.ts';
import { tables } from '../../lib/definitions.ts';
import type { DueSoonPolicy } from '../domain/sla-check.ts';
import {
  type DuePolicy,
  defaultFulfilmentLeadHours,
  defaultServiceLevels,
  type QueueHours,
  ServiceLevels,
} from '../domain/service-levels.ts';
import { CaseSystemSettings } from './settings.ts';

/** The environment variables of service levels and the SLA monitor. */
export const slaEnv = {
  /** JSON: per priority, `{"firstResponseMinutes": …, "resolutionMinutes": …}` in the queue's business minutes. */
  policy: 'SLA_POLICY',
  /** Hours from resolving a case to the customer having what they need; a stated deadline is met this much sooner. */
  fulfilmentLeadHours: 'FULFILMENT_LEAD_HOURS',
  /** A due time is soon within this many minutes of it… */
  dueSoonMinutes: 'DUE_SOON_MINUTES',
  /** …but never earlier than this share (0..1) of the time the case was given. */
  dueSoonShare: 'DUE_SOON_SHARE',
  /** Where alerts go: `sns:<topic ARN>` or `webhook:<https URL>`. */
  notify: 'NOTIFY',
  /** With a webhook: the Secrets Manager secret (a plain string) its requests are signed with. */
  webhookSecretArn: 'NOTIFY_WEBHOOK_SECRET_ARN',
} as const;

/**
 * The values the stack passes when the operator sets none, and the local runtime passes: the
 * functions themselves have no defaults. `NOTIFY` is not here: the stack points it at the topic
 * it creates, and the local runtime writes notifications to a file instead.
 */
export const slaDefaults = {
  [slaEnv.policy]: JSON.stringify(defaultServiceLevels),
  [slaEnv.fulfilmentLeadHours]: String(defaultFulfilmentLeadHours),
  [slaEnv.dueSoonMinutes]: '30',
  [slaEnv.dueSoonShare]: '0.5',
} as const;

const number = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `to ${what}` })
    .min(min, `to ${what}, at least ${min}`)
    .max(max, `to ${what}, at most ${max}`);

const policyHelp =
  'to JSON with the service level of each priority in business minutes, like {"P1": {"firstResponseMinutes": 15, "resolutionMinutes": 240}, "P2": …, "P3": …, "P4": …}';

/** `SLA_POLICY`: JSON with a service level for each of P1..P4. */
const PolicyJson = z
  .string({ error: policyHelp })
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${policyHelp}; it is not JSON` });
      return z.NEVER;
    }
  })
  .pipe(ServiceLevels);

/** What a function that opens or routes cases needs to give them due times. */
export const DuePolicySettings = z.object({
  [slaEnv.policy]: PolicyJson,
  [slaEnv.fulfilmentLeadHours]: number(
    'the hours from resolving a case to the customer having what they asked for',
    0,
    24 * 90,
  ),
});
export type DuePolicySettings = z.output<typeof DuePolicySettings>;

/** The due-time policy from the settings, counted in the hours of `queues` (the routing file's). */
export const duePolicyFrom = (settings: DuePolicySettings, queues: readonly QueueHours[]): DuePolicy => ({
  serviceLevels: settings[slaEnv.policy],
  fulfilmentLeadHours: settings[slaEnv.fulfilmentLeadHours],
  queueHours: queues,
});

/** Where SLA alerts go. */
export type NotifyTarget =
  | { readonly kind: 'sns'; readonly topicArn: string }
  | { readonly kind: 'webhook'; readonly url: string };

const topicArn = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const local = new Set(['localhost', '127.0.0.1', '[::1]']);
const notifyHelp = 'to "sns:<topic ARN>" or "webhook:<https URL>"';

const urlOf = (text: string): URL | null => {
  try {
    return new URL(text);
  } catch {
    return null;
  }
};

const NotifyTarget = z.string({ error: notifyHelp }).transform((text, ctx): NotifyTarget => {
  const value = text.trim();
  if (value.startsWith('sns:')) {
    const arn = value.slice('sns:'.length);
    if (topicArn.test(arn)) return { kind: 'sns', topicArn: arn };
    ctx.addIssue({ code: 'custom', message: `${notifyHelp}; "${arn}" is not an SNS topic ARN` });
    return z.NEVER;
  }
  if (value.startsWith('webhook:')) {
    const url = urlOf(value.slice('webhook:'.length));
    // The body says which case missed what: it goes over TLS, except to this machine.
    if (url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && local.has(url.hostname)))) {
      return { kind: 'webhook', url: url.href };
    }
    ctx.addIssue({ code: 'custom', message: `${notifyHelp}; the webhook must be an https URL` });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: notifyHelp });
  return z.NEVER;
});

/** When a due time counts as soon (the local runtime reads these alone; it notifies through a file). */
export const DueSoonSettings = z.object({
  [slaEnv.dueSoonMinutes]: number('the minutes before a due time from which it is due soon', 1, 7 * 24 * 60),
  [slaEnv.dueSoonShare]: number('the share (0..1) of a case’s time after which a due time can be soon', 0, 1),
});
export type DueSoonSettings = z.output<typeof DueSoonSettings>;

/** The SLA monitor: the cases (in the chosen case system), the due-soon window, and where alerts go. */
export const SlaMonitorSettings = z
  .object({
    [tables.cases.envVar]: z
      .string({ error: 'to the name of the cases table' })
      .trim()
      .min(1, 'to the name of the cases table (it is empty)'),
    ...CaseSystemSettings.shape,
    ...DueSoonSettings.shape,
    [slaEnv.notify]: NotifyTarget,
    [slaEnv.webhookSecretArn]: z.string().trim().optional(),
  })
  .superRefine((settings, ctx) => {
    if (settings[slaEnv.notify].kind === 'webhook' && !settings[slaEnv.webhookSecretArn]) {
      ctx.addIssue({
        code: 'custom',
        path: [slaEnv.webhookSecretArn],
        message: 'to the ARN of the Secrets Manager secret the webhook requests are signed with',
      });
    }
  });
export type SlaMonitorSettings = z.output<typeof SlaMonitorSettings>;

export const dueSoonPolicyFrom = (settings: DueSoonSettings): DueSoonPolicy => ({
  minutes: settings[slaEnv.dueSoonMinutes],
  share: settings[slaEnv.dueSoonShare],
});
