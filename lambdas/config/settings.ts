import { z } from 'zod';
import { commonEnv, productFeedbackQueue, queues, tables } from '../../lib/definitions.ts';

const required = (what: string) =>
  z
    .string({ error: `to ${what}` })
    .trim()
    .min(1, `to ${what} (it is empty)`);

export const TableSettings = z.object({
  [tables.cases.envVar]: required('the name of the cases table'),
  [tables.mentions.envVar]: required('the name of the mentions table'),
  [tables.lookups.envVar]: required('the name of the lookups table'),
  [tables.customers.envVar]: required('the name of the customers table'),
  [tables.identities.envVar]: required('the name of the identities table'),
});

/** The triage queue, which escalate fills and the triage API works. */
export const TriageTableSettings = z.object({
  [tables.triage.envVar]: required('the name of the triage table'),
});

export const tableNamesFrom = (settings: z.output<typeof TableSettings>) => ({
  cases: settings[tables.cases.envVar],
  mentions: settings[tables.mentions.envVar],
  lookups: settings[tables.lookups.envVar],
  customers: settings[tables.customers.envVar],
  identities: settings[tables.identities.envVar],
});

/** Where the bridge publishes its events (marketing holds, contacts on a case). */
export const EventSettings = z.object({
  [commonEnv.eventBusName]: required('the name of the EventBridge bus the bridge publishes to'),
});

/** Which case system cases go to; `connect` needs the Connect Cases settings besides. */
export const CaseSystemSettings = z.object({
  [commonEnv.caseSystem]: z.enum(['builtin', 'connect'], {
    error: 'to "builtin" (the DynamoDB case store) or "connect" (Amazon Connect Cases)',
  }),
});

/** The cases API shared by every channel: every table it may touch, the bus, the case system. */
export const CasesApiSettings = TableSettings.extend({ ...EventSettings.shape, ...CaseSystemSettings.shape });

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

/** How a customer's contacts join their cases (CDK context in AWS, options locally). */
export const CaseJoinTunables = z.object({
  OPEN_CASE_WINDOW_HOURS: number(
    'the hours since a customer’s open case was last touched during which a new contact joins it',
    1,
    24 * 365,
  ),
  REOPEN_WINDOW_HOURS: number('the hours after a case is resolved during which a new contact reopens it', 0, 24 * 365),
});

export const caseJoinPolicyFrom = (settings: z.output<typeof CaseJoinTunables>) => ({
  openCaseWindowHours: settings.OPEN_CASE_WINDOW_HOURS,
  reopenWindowHours: settings.REOPEN_WINDOW_HOURS,
});

export const EscalateSettings = TableSettings.extend({
  [queues.mentions.deadLetter.envVar]: z.url({ error: 'to the URL of the mentions dead-letter queue' }),
  ...EscalateTunables.shape,
  ...CaseJoinTunables.shape,
  ...EventSettings.shape,
  ...CaseSystemSettings.shape,
  ...TriageTableSettings.shape,
});
export type EscalateSettings = z.output<typeof EscalateSettings>;

export const escalatePolicyFrom = (settings: EscalateSettings) => ({
  brandAccountIds: settings[commonEnv.brandAccountIds],
  caseConfidenceThreshold: settings.CASE_CONFIDENCE_THRESHOLD,
  duplicateWindowHours: settings.DUPLICATE_WINDOW_HOURS,
  ...caseJoinPolicyFrom(settings),
});

export const WebhooksSettings = IngestSettings.extend({
  [tables.quarantine.envVar]: required('the name of the quarantine table'),
  [commonEnv.connectorSecretArn]: required('the ARN of the Secrets Manager secret holding the connector secrets'),
  [commonEnv.brandAccountIds]: idList,
});

/** Where ideas go for the product team. */
export const ProductFeedbackSettings = z.object({
  [productFeedbackQueue.envVar]: z.url({ error: 'to the URL of the product-feedback queue' }),
});
