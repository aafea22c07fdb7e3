import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '../../lib/definitions.ts';
import { SqsMentionQueue } from '../adapters/sqs-mention-queue.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { IngestSettings } from '../config/settings.ts';
import { createIngestHandler } from '../handlers/ingest.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(IngestSettings, process.env);

export const handler = createIngestHandler(
  { queue: new SqsMentionQueue(new SQSClient({}), settings[queues.mentions.envVar]), clock: systemClock },
  observability('ingest'),
);
