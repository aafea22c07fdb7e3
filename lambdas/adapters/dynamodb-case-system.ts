import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { tables } from '../../lib/definitions.ts';
import { Case, type CaseStatus, type Interaction } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { CasePage, CaseSystem } from '../ports/case-system.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const statusIndex = tables.cases.globalIndexes[0].indexName;

/** How a case lies in the table: sets where DynamoDB's set semantics make writes idempotent. */
interface CaseItem extends Omit<Case, 'conversations'> {
  conversations: Set<string>;
  mentionIds?: Set<string>;
}

const toItem = (value: Case): CaseItem => {
  const mentionIds = new Set(value.timeline.flatMap((entry) => (entry.mentionId ? [entry.mentionId] : [])));
  return {
    ...value,
    conversations: new Set(value.conversations),
    ...(mentionIds.size > 0 ? { mentionIds } : {}),
  };
};

const fromItem = (item: Record<string, unknown>): Case => {
  const { mentionIds: _ids, conversations, ...rest } = item;
  return Case.parse({ ...rest, conversations: [...((conversations as Set<string> | undefined) ?? [])].sort() });
};

/** The built-in case store, on DynamoDB. */
export class DynamoDbCaseSystem implements CaseSystem {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCase(newCase: Case): Promise<{ created: boolean; case: Case }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(newCase),
          ConditionExpression: 'attribute_not_exists(caseId)',
        }),
      );
      return { created: true, case: newCase };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('creating a case', error);
    }
    const stored = await this.getCase(newCase.caseId);
    if (!stored) throw storeUnavailable('reading back an existing case', new Error('vanished'));
    return { created: false, case: stored };
  }

  async appendInteraction(caseId: string, interaction: Interaction, at: string): Promise<{ appended: boolean }> {
    const { mentionId, conversation } = interaction;
    const adds = [
      ...(mentionId ? ['mentionIds :mentionIds'] : []),
      ...(conversation ? ['conversations :conversations'] : []),
    ];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { caseId },
          UpdateExpression: `SET timeline = list_append(timeline, :entry), updatedAt = :at${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
          // The mention-id set is what makes a redelivered append a no-op.
          ConditionExpression: mentionId
            ? 'attribute_exists(caseId) AND NOT contains(mentionIds, :mentionId)'
            : 'attribute_exists(caseId)',
          ExpressionAttributeValues: {
            ':entry': [interaction],
            ':at': at,
            ...(mentionId ? { ':mentionIds': new Set([mentionId]), ':mentionId': mentionId } : {}),
            ...(conversation ? { ':conversations': new Set([conversation]) } : {}),
          },
        }),
      );
      return { appended: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('appending to a case', error);
    }
    if (!(await this.getCase(caseId))) {
      throw new DomainError('NOT_FOUND', `no case ${caseId} to append to`, { details: { caseId } });
    }
    return { appended: false };
  }

  async reviseInteraction(
    caseId: string,
    mentionId: string,
    summary: string,
    at: string,
  ): Promise<{ revised: boolean }> {
    const stored = await this.getCase(caseId);
    const index = stored?.timeline.findIndex((entry) => entry.mentionId === mentionId) ?? -1;
    if (index < 0) return { revised: false };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { caseId },
          UpdateExpression: `SET timeline[${index}].summary = :summary, updatedAt = :at`,
          // Appends only add at the end, so the entry is still at its index; the condition says so.
          ConditionExpression: `timeline[${index}].mentionId = :mentionId`,
          ExpressionAttributeValues: { ':summary': summary, ':at': at, ':mentionId': mentionId },
        }),
      );
      return { revised: true };
    } catch (error) {
      throw storeUnavailable('revising a case interaction', error);
    }
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { caseId } }));
      return Item ? fromItem(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading a case', error);
    }
  }

  async listCases(query: { status: CaseStatus; limit: number; cursor?: string }): Promise<CasePage> {
    const startKey = decodeCursor(query.cursor);
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: statusIndex,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': query.status },
          ScanIndexForward: false,
          Limit: query.limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const nextCursor = encodeCursor(result.LastEvaluatedKey);
      return { items: (result.Items ?? []).map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
    } catch (error) {
      throw storeUnavailable('listing cases', error);
    }
  }
}
