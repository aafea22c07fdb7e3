import { ConnectCasesClient } from '@aws-sdk/client-connectcases';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConnectCasesCaseSystem } from '../adapters/connect-cases/connect-cases-case-system.ts';
import { DynamoDbCaseSystem } from '../adapters/dynamodb-case-system.ts';
import { ConnectCasesSettings } from '../config/connect-cases-settings.ts';
import { loadConfig } from '../config/load-config.ts';
import type { CaseSystem } from '../ports/case-system.ts';

/**
 * The case system the operator chose (`CASE_SYSTEM`, parsed with the function's settings): the built-in DynamoDB store, or Amazon
 * Connect Cases, whose settings are then parsed and checked at start-up. Build it once per
 * container: the Connect adapter remembers which Connect case each of ours is.
 */
export const caseSystemFrom = (
  choice: 'builtin' | 'connect',
  env: Readonly<Record<string, string | undefined>>,
  documents: DynamoDBDocumentClient,
  casesTable: string,
): CaseSystem =>
  choice === 'connect'
    ? createConnectCasesCaseSystem(loadConfig(ConnectCasesSettings, env), new ConnectCasesClient({}))
    : new DynamoDbCaseSystem(documents, casesTable);
