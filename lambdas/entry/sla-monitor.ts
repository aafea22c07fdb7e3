import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SNSClient } from '@aws-sdk/client-sns';
import { commonEnv, tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { SnsNotifier } from '../adapters/sns-notifier.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { WebhookNotifier } from '../adapters/webhook-notifier.ts';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { routingRules } from '../config/routing-settings.ts';
import { dueSoonPolicyFrom, SlaMonitorSettings, slaEnv } from '../config/sla-settings.ts';
import { observability } from '../handlers/observability.ts';
import { createSlaMonitorHandler } from '../handlers/sla-monitor.ts';
import type { Notifier } from '../ports/notifier.ts';
import { caseSystemFrom } from './case-system.ts';

/** Five minutes: a rotated webhook secret is picked up within that, and Secrets Manager is called rarely. */
const secretCacheSeconds = 300;

const settings = loadConfig(SlaMonitorSettings, process.env);
const target = settings[slaEnv.notify];

const webhookSecret = (arn: string) => async (): Promise<string> => {
  const secret = await getSecret(arn, { maxAge: secretCacheSeconds });
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new ConfigError(`set the Secrets Manager secret ${arn} to the webhook's signing secret (a plain string)`);
  }
  return secret;
};

const notifier: Notifier =
  target.kind === 'sns'
    ? new SnsNotifier(new SNSClient({}), target.topicArn)
    : new WebhookNotifier({ url: target.url, secret: webhookSecret(settings[slaEnv.webhookSecretArn] ?? '') });

export const handler = createSlaMonitorHandler(
  {
    cases: caseSystemFrom(settings[commonEnv.caseSystem], process.env, documentClient(), settings[tables.cases.envVar]),
    notifier,
    clock: systemClock,
  },
  { dueSoon: dueSoonPolicyFrom(settings), queueHours: routingRules.queues },
  observability('sla-monitor'),
);
