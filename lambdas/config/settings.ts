import { z } from 'zod';
import { commonEnv, queues, tables } from '../../lib/definitions.ts';

const required = (what: string) =>
  z
    .string({ error: `to ${what}` })
    .trim()
    .min(1, `to ${what} (it is empty)`);

/** What the cases API reads: cases and mentions, nothing else. */
export const CasesApiSettings = z.object({
  [tables.cases.envVar]: required('the name of the cases table'),
  [tables.mentions.envVar]: required('the name of the mentions table'),
});

export const TableSettings = CasesApiSettings.extend({
  [tables.lookups.envVar]: required('the name of the lookups table'),
});

export const tableNamesFrom = (settings: z.output<typeof TableSettings>) => ({
  cases: settings[tables.cases.envVar],
  mentions: settings[tables.mentions.envVar],
  lookups: settings[tables.lookups.envVar],
});

export const AuthorizerSettings = z.object({
  [commonEnv.apiKeySecretArn]: required('the ARN of the Secrets Manager secret holding the API key'),
});

export const IngestSettings = z.object({
  [queues.mentions.envVar]: z.url({ error: 'to the URL of the mentions queue' }),
});

/** Comma-separated ids; empty is a real value ("no brand accounts configured"), absent is not. */
const idList = z
  .string({ error: 'to the comma-separated user ids of the brand’s own accounts (may be empty)' })
  .transform(
    (value) =>
      new Set(
        value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      ),
  );

const number = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `to ${what}` })
    .min(min, `to ${what}, at least ${min}`)
    .max(max, `to ${what}, at most ${max}`);

/** The escalate settings an operator tunes (CDK context in AWS, options locally). */
export const EscalateTunables = z.object({
  [commonEnv.brandAccountIds]: idList,
  CASE_CONFIDENCE_THRESHOLD: number('the confidence (0..1) a service need needs to open a case', 0, 1),
  DUPLICATE_WINDOW_HOURS: number('the hours during which a repeated post counts as a duplicate', 72, 24 * 30),
  COMPREHEND_DAILY_CALLS: number(
    'the Amazon Comprehend calls allowed a day (0 keeps classification local)',
    0,
    10_000_000,
  ),
  COMPREHEND_CLASSIFIER_ENDPOINT_ARN: z
    .string({ error: 'to a Comprehend custom classifier endpoint ARN, or to nothing (empty) for none' })
    .regex(
      /^(arn:aws[a-z-]*:comprehend:[a-z0-9-]+:\d{12}:document-classifier-endpoint\/[\w-]+)?$/,
      'to a Comprehend document-classifier-endpoint ARN, or to nothing (empty) for none',
    ),
});

export const EscalateSettings = TableSettings.extend({
  [queues.mentions.deadLetter.envVar]: z.url({ error: 'to the URL of the mentions dead-letter queue' }),
  ...EscalateTunables.shape,
});
export type EscalateSettings = z.output<typeof EscalateSettings>;

export const escalatePolicyFrom = (settings: EscalateSettings) => ({
  brandAccountIds: settings[commonEnv.brandAccountIds],
  caseConfidenceThreshold: settings.CASE_CONFIDENCE_THRESHOLD,
  duplicateWindowHours: settings.DUPLICATE_WINDOW_HOURS,
});

export const WebhooksSettings = IngestSettings.extend({
  [tables.quarantine.envVar]: required('the name of the quarantine table'),
  [commonEnv.connectorSecretArn]: required('the ARN of the Secrets Manager secret holding the connector secrets'),
  [commonEnv.brandAccountIds]: idList,
});
