import { App, type AppProps } from 'aws-cdk-lib';
import { z } from 'zod';
import {
  ConnectCasesSettings,
  connectCasesContextKeys,
  connectCasesEnv,
} from '../lambdas/config/connect-cases-settings.ts';
import { CaseJoinTunables, EscalateTunables } from '../lambdas/config/settings.ts';
import { DuePolicySettings, SlaMonitorSettings, slaDefaults, slaEnv } from '../lambdas/config/sla-settings.ts';
import { domainPrefixProblem } from './constructs/user-pool.ts';
import { caseJoinDefaults, commonEnv, escalateDefaults } from './definitions.ts';
import { addNagChecks } from './nag.ts';
import {
  type CaseJoinSettings,
  type CaseSystemChoice,
  type ConsoleSettings,
  type EscalateSettings,
  type SlaSettings,
  SocialServiceBridgeStack,
} from './social-service-bridge-stack.ts';

export const stackName = 'SocialServiceBridge';

/** CDK context keys the operator may set (cdk.json, or `cdk deploy -c key=value`), and the variable each sets. */
export const contextKeys = {
  brandAccountIds: commonEnv.brandAccountIds,
  caseConfidenceThreshold: 'CASE_CONFIDENCE_THRESHOLD',
  duplicateWindowHours: 'DUPLICATE_WINDOW_HOURS',
  comprehendDailyCalls: 'COMPREHEND_DAILY_CALLS',
  comprehendClassifierEndpointArn: 'COMPREHEND_CLASSIFIER_ENDPOINT_ARN',
} as const satisfies Record<keyof EscalateSettings, keyof typeof escalateDefaults>;

/** CDK context keys for how contacts join cases, and the variable each sets (escalate and the cases API). */
export const caseJoinContextKeys = {
  openCaseWindowHours: 'OPEN_CASE_WINDOW_HOURS',
  reopenWindowHours: 'REOPEN_WINDOW_HOURS',
} as const satisfies Record<keyof CaseJoinSettings, keyof typeof caseJoinDefaults>;

const contextValue = (raw: unknown, fallback: string): string => {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (Array.isArray(raw)) return raw.map(String).join(',');
  // An object in cdk.json (the SLA policy) is the JSON the function reads.
  return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
};

/**
 * Context values read through the very schema the functions parse their environment with, so a
 * bad value fails `cdk synth` rather than the first Lambda start; each problem names its context key.
 */
const parseContext = <Schema extends z.ZodType>(
  app: App,
  keys: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  schema: Schema,
): z.output<Schema> => {
  const env = Object.fromEntries(
    Object.entries(keys).map(([key, envVar]) => [
      envVar,
      contextValue(app.node.tryGetContext(key), defaults[envVar] ?? ''),
    ]),
  );
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = Object.entries(keys).find(([, envVar]) => envVar === issue.path[0])?.[0];
      // Inside a JSON setting (the service levels) the message names the part, not the whole.
      const where = issue.path.slice(1).join('.');
      return where
        ? `context "${key}" is invalid at ${where}: ${issue.message}`
        : `context "${key}" is invalid: set it ${issue.message}`;
    });
    throw new Error(problems.join('; '));
  }
  return parsed.data;
};

/** The escalate settings from CDK context (see parseContext). */
export const escalateSettingsFrom = (app: App): EscalateSettings => {
  const parsed = parseContext(app, contextKeys, escalateDefaults, EscalateTunables);
  return {
    brandAccountIds: [...parsed[commonEnv.brandAccountIds]].join(','),
    caseConfidenceThreshold: parsed.CASE_CONFIDENCE_THRESHOLD,
    duplicateWindowHours: parsed.DUPLICATE_WINDOW_HOURS,
    comprehendDailyCalls: parsed.COMPREHEND_DAILY_CALLS,
    comprehendClassifierEndpointArn: parsed.COMPREHEND_CLASSIFIER_ENDPOINT_ARN,
  };
};

/** The case-join windows from CDK context, `caseJoinDefaults` when unset (see parseContext). */
export const caseJoinSettingsFrom = (app: App): CaseJoinSettings => {
  const parsed = parseContext(app, caseJoinContextKeys, caseJoinDefaults, CaseJoinTunables);
  return { openCaseWindowHours: parsed.OPEN_CASE_WINDOW_HOURS, reopenWindowHours: parsed.REOPEN_WINDOW_HOURS };
};

/** CDK context keys of the service levels and the SLA monitor, and the variable each sets. */
export const slaContextKeys = {
  serviceLevels: slaEnv.policy,
  fulfilmentLeadHours: slaEnv.fulfilmentLeadHours,
  dueSoonMinutes: slaEnv.dueSoonMinutes,
  dueSoonShare: slaEnv.dueSoonShare,
  slaBreachAlarmThreshold: 'SLA_BREACH_ALARM_THRESHOLD',
} as const satisfies Record<keyof SlaSettings, string>;

/** Breaches in an hour above which the SLA breach alarm goes off, when the operator says nothing. */
export const defaultSlaBreachAlarmThreshold = 5;

const SlaTunables = DuePolicySettings.extend({
  [slaEnv.dueSoonMinutes]: SlaMonitorSettings.shape[slaEnv.dueSoonMinutes],
  [slaEnv.dueSoonShare]: SlaMonitorSettings.shape[slaEnv.dueSoonShare],
  SLA_BREACH_ALARM_THRESHOLD: z.coerce
    .number({ error: 'to the SLA breaches an hour above which the alarm goes off, a whole number' })
    .int('to the SLA breaches an hour above which the alarm goes off, a whole number')
    .min(0, 'to the SLA breaches an hour above which the alarm goes off, at least 0'),
});

/**
 * The SLA settings from CDK context: `serviceLevels` (per priority, first response and resolution
 * minutes, as an object in cdk.json or a JSON string), `fulfilmentLeadHours`, `dueSoonMinutes`,
 * `dueSoonShare` (read through the functions' own schemas, `slaDefaults` when unset) and
 * `slaBreachAlarmThreshold` (breaches an hour; 5 when unset).
 */
export const slaSettingsFrom = (app: App): SlaSettings => {
  const parsed = parseContext(
    app,
    slaContextKeys,
    { ...slaDefaults, SLA_BREACH_ALARM_THRESHOLD: String(defaultSlaBreachAlarmThreshold) },
    SlaTunables,
  );
  return {
    serviceLevels: JSON.stringify(parsed[slaEnv.policy]),
    fulfilmentLeadHours: parsed[slaEnv.fulfilmentLeadHours],
    dueSoonMinutes: parsed[slaEnv.dueSoonMinutes],
    dueSoonShare: parsed[slaEnv.dueSoonShare],
    slaBreachAlarmThreshold: parsed.SLA_BREACH_ALARM_THRESHOLD,
  };
};

/** Connect Cases ids go into IAM resource ARNs: letters, digits and hyphens only, so never a wildcard. */
const connectCasesId = /^[A-Za-z0-9-]{1,500}$/;

const connectCasesSettingsToSet = {
  domainId: 'the id of the Amazon Connect Cases domain (the last part of its ARN)',
  templateId: 'the id of the Connect Cases template the bridge creates cases from',
  fieldMap: 'the JSON field map that says which Connect Cases field holds each part of a case (docs/connect-cases.md)',
} as const satisfies Record<keyof typeof connectCasesEnv, string>;

/**
 * The case system from CDK context: `caseSystem` = `builtin` (default, the DynamoDB case store) or
 * `connect` (Amazon Connect Cases), which needs `connectCasesDomainId`, `connectCasesTemplateId`
 * and `connectCasesFieldMap` besides (a JSON string, or an object in cdk.json). They are checked by
 * the schema the Connect Cases adapter reads them with, and the ids must not widen the IAM grant;
 * anything missing or malformed fails the synth with a sentence per problem.
 */
export const caseSystemFrom = (app: App): CaseSystemChoice => {
  const context = (key: string): unknown => {
    const raw = app.node.tryGetContext(key);
    return raw === null || raw === '' ? undefined : raw;
  };
  const kind = context(connectCasesContextKeys.caseSystem) ?? 'builtin';
  if (kind === 'builtin') return { kind: 'builtin' };
  if (kind !== 'connect') {
    throw new Error(
      `context "caseSystem" is invalid: set it to "builtin" (the DynamoDB case store) or "connect" (Amazon Connect Cases), not ${JSON.stringify(kind)}`,
    );
  }
  const settings = (['domainId', 'templateId', 'fieldMap'] as const).map((setting) => {
    const raw = context(connectCasesContextKeys[setting]);
    const text = raw === undefined || typeof raw === 'string' ? raw : JSON.stringify(raw);
    return { setting, key: connectCasesContextKeys[setting], envVar: connectCasesEnv[setting], text };
  });
  const problems = settings
    .filter((entry) => entry.text === undefined)
    .map(
      (entry) =>
        `context "${entry.key}" is required when caseSystem is "connect": set it to ${connectCasesSettingsToSet[entry.setting]}`,
    );
  if (problems.length > 0) throw new Error(problems.join('; '));

  const env = Object.fromEntries(settings.map((entry) => [entry.envVar, entry.text]));
  const parsed = ConnectCasesSettings.safeParse(env);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((issue) => {
        const entry = settings.find((candidate) => candidate.envVar === issue.path[0]);
        const where = issue.path.slice(1).join('.');
        return `context "${entry?.key}" is invalid${where ? ` at ${where}` : ''}: set it ${issue.message}`;
      }),
    );
  }
  for (const entry of settings) {
    if (entry.setting !== 'fieldMap' && !connectCasesId.test(entry.text ?? '')) {
      problems.push(
        `context "${entry.key}" is invalid: set it to ${connectCasesSettingsToSet[entry.setting]} (letters, digits and hyphens only)`,
      );
    }
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  const [domainId, templateId, fieldMap] = settings.map((entry) => entry.text ?? '') as [string, string, string];
  return { kind: 'connect', domainId, templateId, fieldMap };
};

/** CDK context keys of the console settings. */
export const consoleContextKeys = {
  cognitoDomainPrefix: 'cognitoDomainPrefix',
  replyApprovalRequired: 'replyApprovalRequired',
} as const satisfies Record<keyof ConsoleSettings, string>;

/**
 * The console settings from CDK context: `cognitoDomainPrefix` (optional; the stack derives one when
 * unset) and `replyApprovalRequired` (`true` by default: a lead approves each reply before it is sent),
 * given as a boolean or as the string `true`/`false`, as `cdk deploy -c key=value` passes it.
 */
export const consoleSettingsFrom = (app: App): ConsoleSettings => {
  const problems: string[] = [];
  const prefixRaw = app.node.tryGetContext(consoleContextKeys.cognitoDomainPrefix);
  const cognitoDomainPrefix =
    prefixRaw === undefined || prefixRaw === null || prefixRaw === '' ? undefined : String(prefixRaw);
  const prefixProblem = cognitoDomainPrefix === undefined ? undefined : domainPrefixProblem(cognitoDomainPrefix);
  if (prefixProblem) {
    problems.push(
      `context "${consoleContextKeys.cognitoDomainPrefix}" is invalid: set it ${prefixProblem}, or leave it unset for a derived one`,
    );
  }
  const approvalRaw = app.node.tryGetContext(consoleContextKeys.replyApprovalRequired);
  const approval =
    approvalRaw === undefined || approvalRaw === null || approvalRaw === '' ? 'true' : String(approvalRaw);
  if (approval !== 'true' && approval !== 'false') {
    problems.push(
      `context "${consoleContextKeys.replyApprovalRequired}" is invalid: set it to true (a lead approves each reply) or false, not ${JSON.stringify(approvalRaw)}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { cognitoDomainPrefix, replyApprovalRequired: approval === 'true' };
};

export interface BridgeApp {
  readonly app: App;
  readonly stack: SocialServiceBridgeStack;
}

export interface BridgeAppOptions {
  readonly appProps?: AppProps;
  /** Where the Lambda entries are resolved from. @default the repository root */
  readonly projectRoot?: string;
}

/** The CDK app as `cdk synth` runs it (bin/app.ts), and as the stack tests build it. */
export const createBridgeApp = (options: BridgeAppOptions = {}): BridgeApp => {
  const app = new App(options.appProps);
  const stack = new SocialServiceBridgeStack(app, stackName, {
    description: 'Social Service Bridge: turns social mentions into cases in the shared case system',
    escalate: escalateSettingsFrom(app),
    caseJoin: caseJoinSettingsFrom(app),
    caseSystem: caseSystemFrom(app),
    console: consoleSettingsFrom(app),
    sla: slaSettingsFrom(app),
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
  });
  addNagChecks(app);
  return { app, stack };
};
