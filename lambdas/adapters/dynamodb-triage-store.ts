import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../lib/definitions.ts';
import { DomainError } from '../domain/errors.ts';
import { type TrainingLabel, TriageItem, type TriageState, triageRank } from '../domain/triage-item.ts';
import type { TriageStore } from '../ports/triage-store.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const [stateIndex] = tables.triage.globalIndexes.map((index) => index.indexName);

const toItem = (item: TriageItem) => ({ ...item, rank: triageRank(item) });

const fromItem = (raw: Record<string, unknown>): TriageItem => {
  const { rank: _rank, ...rest } = raw;
  return TriageItem.parse(rest);
};

/** The triage queue on DynamoDB: one item per mention, listed in work order through `byState`. */
export class DynamoDbTriageStore implements TriageStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(item: TriageItem): Promise<{ added: boolean; item: TriageItem }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(item),
          ConditionExpression: 'attribute_not_exists(itemId)',
        }),
      );
      return { added: true, item };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('adding a triage item', error);
    }
    const stored = await this.get(item.itemId);
    if (!stored) throw storeUnavailable('reading back a triage item', new Error('vanished'));
    return { added: false, item: stored };
  }

  async get(itemId: string): Promise<TriageItem | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { itemId }, ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading a triage item', error);
    }
  }

  async list(state: TriageState, limit: number): Promise<TriageItem[]> {
    try {
      const { Items = [] } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: stateIndex,
          KeyConditionExpression: '#state = :state',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': state },
          Limit: limit,
        }),
      );
      return Items.map(fromItem);
    } catch (error) {
      throw storeUnavailable('listing triage items', error);
    }
  }

  async save(item: TriageItem, expectedVersion: number): Promise<TriageItem> {
    const next = { ...item, version: expectedVersion + 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(next),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': expectedVersion },
        }),
      );
      return next;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new DomainError('CONFLICT', `triage item ${item.itemId} was changed by someone else; reload it`, {
          retryable: true,
          details: { itemId: item.itemId },
        });
      }
      throw storeUnavailable('saving a triage item', error);
    }
  }

  async labels(limit: number): Promise<TrainingLabel[]> {
    const labels: TrainingLabel[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: stateIndex,
            KeyConditionExpression: '#state = :done',
            FilterExpression: 'attribute_exists(outcome.label)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':done': 'done' },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const raw of page.Items ?? []) {
          const label = fromItem(raw).outcome?.label;
          if (label) labels.push(label);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey && labels.length < limit);
    } catch (error) {
      throw storeUnavailable('reading training labels', error);
    }
    return labels.sort((a, b) => a.labelledAt.localeCompare(b.labelledAt)).slice(0, limit);
  }
}
