import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { tables } from '../../lib/definitions.ts';
import { DomainError } from '../domain/errors.ts';
import { Reply, type ReplyState, sameDraft } from '../domain/reply.ts';
import type { ReplyStore } from '../ports/reply-store.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const [byStateIndex, byItemIndex] = tables.replies.globalIndexes.map((index) => index.indexName);

/**
 * Replies on the replies table, one item per reply holding the reply's fields as attributes (`replyId`
 * the key; `state` and `createdAt` feed the `byState` index). Every write is conditional: `put` only
 * creates, `transition` only replaces a reply still in the expected state, so a reply moves into
 * `sending` once however many requests race for it.
 */
export class DynamoDbReplyStore implements ReplyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(reply: Reply): Promise<{ reply: Reply; created: boolean }> {
    const item = Reply.parse(reply);
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(replyId)' }),
      );
      return { reply: item, created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('storing a reply', error);
    }
    const existing = await this.get(item.replyId);
    // Deleted between the failed put and the read: nothing in this bridge deletes replies.
    if (existing === undefined) throw storeUnavailable('storing a reply', new Error('the reply vanished'));
    if (!sameDraft(existing, item)) {
      throw new DomainError('CONFLICT', `reply id ${item.replyId} is already used by another reply`, {
        details: { replyId: item.replyId },
      });
    }
    return { reply: existing, created: false };
  }

  async get(replyId: string): Promise<Reply | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { replyId }, ConsistentRead: true }),
      ));
    } catch (error) {
      throw storeUnavailable('reading a reply', error);
    }
    return item ? Reply.parse(item) : undefined;
  }

  async transition(next: Reply, expected: ReplyState): Promise<void> {
    const item = Reply.parse(next);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_exists(replyId) AND #state = :expected',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':expected': expected },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('changing the state of a reply', error);
    }
    const current = await this.get(item.replyId);
    if (current === undefined) {
      throw new DomainError('NOT_FOUND', `there is no reply ${item.replyId}`, { details: { replyId: item.replyId } });
    }
    throw new DomainError('CONFLICT', `reply ${item.replyId} is ${current.state}, not ${expected}`, {
      details: { replyId: item.replyId, state: current.state, expected },
    });
  }

  async listByState(state: ReplyState, limit: number): Promise<Reply[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    try {
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: byStateIndex,
            KeyConditionExpression: '#state = :state',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':state': state },
            ScanIndexForward: true,
            Limit: limit - items.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length < limit);
    } catch (error) {
      throw storeUnavailable('listing replies', error);
    }
    return items.map((item) => Reply.parse(item));
  }

  async listByItem(itemId: string, limit: number): Promise<Reply[]> {
    try {
      const { Items = [] } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byItemIndex,
          KeyConditionExpression: 'itemId = :itemId',
          ExpressionAttributeValues: { ':itemId': itemId },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.map((item) => Reply.parse(item));
    } catch (error) {
      throw storeUnavailable("listing an item's replies", error);
    }
  }
}
