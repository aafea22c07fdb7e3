import { App, type AppProps } from 'aws-cdk-lib';
import { EscalateTunables } from '../lambdas/config/settings.ts';
import { commonEnv, escalateDefaults } from './definitions.ts';
import { addNagChecks } from './nag.ts';
import { type EscalateSettings, SocialServiceBridgeStack } from './social-service-bridge-stack.ts';

export const stackName = 'SocialServiceBridge';

/** CDK context keys the operator may set (cdk.json, or `cdk deploy -c key=value`), and the variable each sets. */
export const contextKeys = {
  brandAccountIds: commonEnv.brandAccountIds,
  caseConfidenceThreshold: 'CASE_CONFIDENCE_THRESHOLD',
  duplicateWindowHours: 'DUPLICATE_WINDOW_HOURS',
  comprehendDailyCalls: 'COMPREHEND_DAILY_CALLS',
  comprehendClassifierEndpointArn: 'COMPREHEND_CLASSIFIER_ENDPOINT_ARN',
} as const satisfies Record<keyof EscalateSettings, keyof typeof escalateDefaults>;

const contextValue = (raw: unknown, fallback: string): string => {
  if (raw === undefined || raw === null || raw === '') return fallback;
  return Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
};

/**
 * The escalate settings from CDK context, validated by the very schema the function parses its
 * environment with, so a bad value fails `cdk synth` rather than the first Lambda start.
 */
export const escalateSettingsFrom = (app: App): EscalateSettings => {
  const env = Object.fromEntries(
    Object.entries(contextKeys).map(([key, envVar]) => [
      envVar,
      contextValue(app.node.tryGetContext(key), escalateDefaults[envVar]),
    ]),
  );
  const parsed = EscalateTunables.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = Object.entries(contextKeys).find(([, envVar]) => envVar === issue.path[0])?.[0];
      return `context "${key}" is invalid: set it ${issue.message}`;
    });
    throw new Error(problems.join('; '));
  }
  return {
    brandAccountIds: [...parsed.data[commonEnv.brandAccountIds]].join(','),
    caseConfidenceThreshold: parsed.data.CASE_CONFIDENCE_THRESHOLD,
    duplicateWindowHours: parsed.data.DUPLICATE_WINDOW_HOURS,
    comprehendDailyCalls: parsed.data.COMPREHEND_DAILY_CALLS,
    comprehendClassifierEndpointArn: parsed.data.COMPREHEND_CLASSIFIER_ENDPOINT_ARN,
  };
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
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
  });
  addNagChecks(app);
  return { app, stack };
};
