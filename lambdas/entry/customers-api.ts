import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { commonEnv, selfLinkMinutes, tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { DynamoDbIdentityDirectory } from '../adapters/dynamodb-identity-directory.ts';
import { DynamoDbSelfLinkGrants } from '../adapters/dynamodb-self-link-grants.ts';
import { DynamoDbServiceHolds } from '../adapters/dynamodb-service-holds.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { CustomersApiSettings } from '../config/customers-settings.ts';
import { loadConfig } from '../config/load-config.ts';
import { createCustomersApiHandler } from '../handlers/customers-api.ts';
import { observability } from '../handlers/observability.ts';
import { caseSystemFrom } from './case-system.ts';

const settings = loadConfig(CustomersApiSettings, process.env);
const documents = documentClient();
const lookups = settings[tables.lookups.envVar];

export const handler = createCustomersApiHandler(
  {
    cases: caseSystemFrom(settings[commonEnv.caseSystem], process.env, documents, settings[tables.cases.envVar]),
    directory: new DynamoDbIdentityDirectory(
      documents,
      settings[tables.identities.envVar],
      settings[tables.customers.envVar],
    ),
    grants: new DynamoDbSelfLinkGrants(documents, lookups),
    holds: new DynamoDbServiceHolds(documents, lookups),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
  },
  observability('customers-api'),
  { selfLinkMinutes },
);
