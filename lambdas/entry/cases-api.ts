import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { commonEnv } from '../../lib/definitions.ts';
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

const settings = loadConfig(CasesApiSettings, process.env);
const documents = documentClient();
const names = tableNamesFrom(settings);

export const handler = createCasesApiHandler(
  {
    ...dynamoDbPorts(documents, names, systemClock),
    cases: caseSystemFrom(settings[commonEnv.caseSystem], process.env, documents, names.cases),
    fingerprints: new Sha256Fingerprints(),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
  },
  observability('cases-api'),
);
