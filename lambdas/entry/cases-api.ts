import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { TableSettings, tableNamesFrom } from '../config/settings.ts';
import { createCasesApiHandler } from '../handlers/cases-api.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(TableSettings, process.env);

export const handler = createCasesApiHandler(
  dynamoDbPorts(documentClient(), tableNamesFrom(settings), systemClock),
  observability('cases-api'),
);
