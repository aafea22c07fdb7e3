import { tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { DynamoDbCaseSystem } from '../adapters/dynamodb-case-system.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { TeamIntakeSettings } from '../config/routing-settings.ts';
import { observability } from '../handlers/observability.ts';
import { createTeamIntakeHandler } from '../handlers/team-intake.ts';

const settings = loadConfig(TeamIntakeSettings, process.env);

// The work order lives in the built-in case store: only it is ever routed to team queues.
export const handler = createTeamIntakeHandler(
  { cases: new DynamoDbCaseSystem(documentClient(), settings[tables.cases.envVar]), clock: systemClock },
  observability('team-intake'),
);
