import { SQSClient } from '@aws-sdk/client-sqs';
import { commonEnv, queues, tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { DynamoDbQuarantine } from '../adapters/dynamodb-quarantine.ts';
import { HmacWebhookAuthenticity } from '../adapters/hmac-webhook-authenticity.ts';
import { secretsManagerConnectorSecrets } from '../adapters/secrets-manager-connector-secrets.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { SqsMentionQueue } from '../adapters/sqs-mention-queue.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { WebhooksSettings } from '../config/settings.ts';
import { observability } from '../handlers/observability.ts';
import { createWebhooksHandler } from '../handlers/webhooks.ts';

const settings = loadConfig(WebhooksSettings, process.env);
const connectorSecrets = secretsManagerConnectorSecrets(settings[commonEnv.connectorSecretArn]);
// Read once at start-up: a missing secret stops the function here, with a sentence naming it.
await connectorSecrets();

export const handler = createWebhooksHandler(
  {
    authenticity: new HmacWebhookAuthenticity(connectorSecrets),
    queue: new SqsMentionQueue(new SQSClient({}), settings[queues.mentions.envVar]),
    quarantine: new DynamoDbQuarantine(documentClient(), settings[tables.quarantine.envVar]),
    fingerprints: new Sha256Fingerprints(),
    clock: systemClock,
    connector: { brandAccountIds: settings[commonEnv.brandAccountIds] },
  },
  observability('webhooks'),
);
