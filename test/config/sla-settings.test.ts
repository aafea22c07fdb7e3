import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lambdas/config/load-config.ts';
import {
  DuePolicySettings,
  duePolicyFrom,
  dueSoonPolicyFrom,
  SlaMonitorSettings,
  slaDefaults,
} from '../../lambdas/config/sla-settings.ts';
import { defaultServiceLevels } from '../../lambdas/domain/service-levels.ts';

const monitorEnv = {
  CASES_TABLE: 'bridge-cases',
  CASE_SYSTEM: 'builtin',
  ...slaDefaults,
  NOTIFY: 'sns:arn:aws:sns:eu-west-1:123456789012:SlaAlerts',
};

/** The message loadConfig stops with, or undefined when the settings load. */
const problemOf = (schema: Parameters<typeof loadConfig>[0], env: Record<string, string>): string | undefined => {
  try {
    loadConfig(schema, env);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe('SLA settings', () => {
  it('reads the defaults the stack and the local runtime pass', () => {
    // Act
    const due = loadConfig(DuePolicySettings, { ...slaDefaults });
    const monitor = loadConfig(SlaMonitorSettings, monitorEnv);
    // Assert
    expect(duePolicyFrom(due, [])).toEqual({
      serviceLevels: defaultServiceLevels,
      fulfilmentLeadHours: 24,
      queueHours: [],
    });
    expect(dueSoonPolicyFrom(monitor)).toEqual({ minutes: 30, share: 0.5 });
    expect(monitor.NOTIFY).toEqual({ kind: 'sns', topicArn: 'arn:aws:sns:eu-west-1:123456789012:SlaAlerts' });
  });

  it('names what is wrong in SLA_POLICY', () => {
    expect(problemOf(DuePolicySettings, { ...slaDefaults, SLA_POLICY: '{P1:' })).toContain(
      'set SLA_POLICY: to JSON with the service level of each priority in business minutes',
    );
    const { P4: _left, ...missing } = defaultServiceLevels;
    expect(problemOf(DuePolicySettings, { ...slaDefaults, SLA_POLICY: JSON.stringify(missing) })).toContain(
      'set SLA_POLICY.P4',
    );
  });

  it('takes a webhook only over https (or to this machine), and then its signing secret', () => {
    // Act
    const plain = problemOf(SlaMonitorSettings, { ...monitorEnv, NOTIFY: 'webhook:http://alerts.example.com/sla' });
    const noSecret = problemOf(SlaMonitorSettings, { ...monitorEnv, NOTIFY: 'webhook:https://alerts.example.com/sla' });
    const webhook = loadConfig(SlaMonitorSettings, {
      ...monitorEnv,
      NOTIFY: 'webhook:https://alerts.example.com/sla',
      NOTIFY_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sla-webhook',
    });
    // Assert
    expect(plain).toContain(
      'set NOTIFY: to "sns:<topic ARN>" or "webhook:<https URL>"; the webhook must be an https URL',
    );
    expect(noSecret).toContain('set NOTIFY_WEBHOOK_SECRET_ARN: to the ARN of the Secrets Manager secret');
    expect(webhook.NOTIFY).toEqual({ kind: 'webhook', url: 'https://alerts.example.com/sla' });
  });

  it('refuses a NOTIFY that is neither, and an SNS ARN that is not one', () => {
    expect(problemOf(SlaMonitorSettings, { ...monitorEnv, NOTIFY: 'email:ops@example.com' })).toContain(
      'set NOTIFY: to "sns:<topic ARN>" or "webhook:<https URL>"',
    );
    expect(problemOf(SlaMonitorSettings, { ...monitorEnv, NOTIFY: 'sns:SlaAlerts' })).toContain(
      '"SlaAlerts" is not an SNS topic ARN',
    );
  });
});
