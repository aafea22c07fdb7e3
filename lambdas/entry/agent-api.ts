import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { commonEnv, tables } from '../../lib/definitions.ts';
import { ClosingSettings } from '../config/reply-settings.ts';
import { closingTheLoop } from '../use-cases/after-resolution.ts';
import { replyWiring } from './replies.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { AgentApiSettings, routingRules } from '../config/routing-settings.ts';
import { tableNamesFrom } from '../config/settings.ts';
import { createAgentApiHandler } from '../handlers/agent-api.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(AgentApiSettings.extend(ClosingSettings.shape), process.env);
const documents = documentClient();
const stores = dynamoDbPorts(documents, tableNamesFrom(settings), systemClock);
const replying = replyWiring(settings, documents, settings[tables.replies.envVar]);

// Team queues and claiming are the built-in case store's: it is both the case system and the work queue.
export const handler = createAgentApiHandler(
  {
    cases: stores.cases,
    work: stores.cases,
    holds: stores.holds,
    afterResolution: closingTheLoop(
      { ...replying.ports, cases: stores.cases, mentions: stores.mentions },
      replying.policy,
    ),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
  },
  routingRules,
  observability('agent-api'),
);
