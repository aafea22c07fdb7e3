import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.ts';
import { DynamoDbCaseSystem } from './dynamodb-case-system.ts';
import { DynamoDbIdentityDirectory } from './dynamodb-identity-directory.ts';
import { DynamoDbConversationIndex, DynamoDbDeletionRegister, DynamoDbDuplicateIndex } from './dynamodb-lookups.ts';
import { DynamoDbMentionStore } from './dynamodb-mention-store.ts';
import { DynamoDbSelfLinkGrants } from './dynamodb-self-link-grants.ts';
import { DynamoDbServiceHolds } from './dynamodb-service-holds.ts';
import { DynamoDbSurgeWindow } from './dynamodb-surge-window.ts';
import { DynamoDbIncidentRegister } from './dynamodb-incident-register.ts';

export interface TableNames {
  readonly cases: string;
  readonly mentions: string;
  readonly lookups: string;
  readonly customers: string;
  readonly identities: string;
}

/** Every DynamoDB-backed port, wired to one client: shared by the Lambda entries and the local runtime. */
export const dynamoDbPorts = (client: DynamoDBDocumentClient, names: TableNames, clock: Clock) => ({
  cases: new DynamoDbCaseSystem(client, names.cases),
  mentions: new DynamoDbMentionStore(client, names.mentions),
  conversations: new DynamoDbConversationIndex(client, names.lookups),
  duplicates: new DynamoDbDuplicateIndex(client, names.lookups, clock),
  deletions: new DynamoDbDeletionRegister(client, names.lookups),
  directory: new DynamoDbIdentityDirectory(client, names.identities, names.customers),
  holds: new DynamoDbServiceHolds(client, names.lookups),
  grants: new DynamoDbSelfLinkGrants(client, names.lookups),
  windows: new DynamoDbSurgeWindow(client, names.lookups),
  incidents: new DynamoDbIncidentRegister(client, names.lookups),
});
