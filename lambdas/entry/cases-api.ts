import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { commonEnv, tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { CasesApiSettings, tableNamesFrom } from '../config/settings.ts';
import { createCasesApiHandler } from '../handlers/cases-api.ts';
import { observability } from '../handlers/observability.ts';
import { caseSystemFrom } from './case-system.ts';
import { DuePolicySettings, duePolicyFrom } from '../config/sla-settings.ts';
import { routingRules } from '../config/routing-settings.ts';
import { replyWiring } from './replies.ts';
import { ClosingSettings } from '../config/reply-settings.ts';
import { closingTheLoop } from '../use-cases/after-resolution.ts';

const settings = loadConfig(
  CasesApiSettings.extend({ ...ClosingSettings.shape, ...DuePolicySettings.shape }),
  process.env,
);
const documents = documentClient();
const names = tableNamesFrom(settings);
const stores = dynamoDbPorts(documents, names, systemClock);
const cases = caseSystemFrom(settings[commonEnv.caseSystem], process.env, documents, names.cases);
const replying = replyWiring(settings, documents, settings[tables.replies.envVar]);

export const handler = createCasesApiHandler(
  {
    ...stores,
    cases,
    casePolicy: duePolicyFrom(settings, routingRules.queues),
    afterResolution: closingTheLoop({ ...replying.ports, cases, mentions: stores.mentions }, replying.policy),
    fingerprints: new Sha256Fingerprints(),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
  },
  observability('cases-api'),
);
