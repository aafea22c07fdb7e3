import { App, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.ts';
import { type EscalateSettings, SocialServiceBridgeStack } from './social-service-bridge-stack.ts';

export const stackName = 'SocialServiceBridge';

/** CDK context keys the operator may set (cdk.json, or `cdk deploy -c key=value`). */
export const contextKeys = {
  brandAccountIds: 'brandAccountIds',
  caseConfidenceThreshold: 'caseConfidenceThreshold',
  duplicateWindowHours: 'duplicateWindowHours',
} as const;

export const defaultEscalateSettings: EscalateSettings = {
  brandAccountIds: '',
  caseConfidenceThreshold: 0.6,
  duplicateWindowHours: 72,
};

const numberFrom = (app: App, key: string, fallback: number, min: number, max: number): number => {
  const raw: unknown = app.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`context "${key}" must be a number from ${min} to ${max}; it is ${JSON.stringify(raw)}`);
  }
  return value;
};

const idsFrom = (app: App, key: string): string => {
  const raw: unknown = app.node.tryGetContext(key);
  if (raw === undefined || raw === null) return defaultEscalateSettings.brandAccountIds;
  const ids = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  return ids
    .map((id) => id.trim())
    .filter((id) => id !== '')
    .join(',');
};

/** The escalate settings from CDK context, checked against the ranges the function accepts. */
export const escalateSettingsFrom = (app: App): EscalateSettings => ({
  brandAccountIds: idsFrom(app, contextKeys.brandAccountIds),
  caseConfidenceThreshold: numberFrom(
    app,
    contextKeys.caseConfidenceThreshold,
    defaultEscalateSettings.caseConfidenceThreshold,
    0,
    1,
  ),
  duplicateWindowHours: numberFrom(
    app,
    contextKeys.duplicateWindowHours,
    defaultEscalateSettings.duplicateWindowHours,
    72,
    24 * 30,
  ),
});

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
