import { DynamoDbCaseSystem } from '../adapters/dynamodb-case-system.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { DynamoDbMentionStore } from '../adapters/dynamodb-mention-store.ts';
import { loadConfig } from '../config/load-config.ts';
import { CasesApiSettings } from '../config/settings.ts';
import { tables } from '../../lib/definitions.ts';
import { createCasesApiHandler } from '../handlers/cases-api.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(CasesApiSettings, process.env);
const client = documentClient();

export const handler = createCasesApiHandler(
  {
    cases: new DynamoDbCaseSystem(client, settings[tables.cases.envVar]),
    mentions: new DynamoDbMentionStore(client, settings[tables.mentions.envVar]),
  },
  observability('cases-api'),
);
