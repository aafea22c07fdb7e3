import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../lambdas/adapters/dynamodb-document-client.ts';
import { createTables, type TableNames } from '../../lambdas/local/create-tables.ts';
import {
  type DynamoDbLocal,
  dynamoClientFor,
  localCredentials,
  localRegion,
  startDynamoDbLocal,
} from '../../lambdas/local/dynamodb-local.ts';

export interface TestTables {
  readonly dynamo: DynamoDbLocal;
  readonly documents: DynamoDBDocumentClient;
  /** Fresh tables under a new prefix, so each test starts empty on the same DynamoDB Local. */
  fresh(): Promise<TableNames>;
  stop(): Promise<void>;
}

/** DynamoDB Local, in memory, for one test file. */
export const startTestTables = async (): Promise<TestTables> => {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const client = dynamoClientFor(dynamo.endpoint);
  const documents = documentClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
  let generation = 0;
  return {
    dynamo,
    documents,
    fresh: () => createTables(client, `t${++generation}-`),
    stop: async () => {
      documents.destroy();
      client.destroy();
      await dynamo.stop();
    },
  };
};
