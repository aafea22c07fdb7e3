import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Topic } from '../domain/classification.ts';
import { emptyWindow, SurgeWindowState } from '../domain/surge.ts';
import type { SurgeWindow, VersionedWindow } from '../ports/surge-window.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const keyOf = (lane: Topic): string => `surge#${lane}`;

/**
 * Surge windows on the lookups table, one item per lane under `surge#<lane>`: the window as one
 * JSON string (`window`), its `version`, and `expiresAt` for the table's TTL. One item per lane
 * keeps the decision for a lane in one compare-and-set; the writers are the escalate consumers,
 * a handful at most (the queue's consumer concurrency), so the item is never hot for long.
 */
export class DynamoDbSurgeWindow implements SurgeWindow {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(lane: Topic): Promise<VersionedWindow> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { lookupKey: keyOf(lane) }, ConsistentRead: true }),
      ));
    } catch (error) {
      throw storeUnavailable('reading a surge window', error);
    }
    if (item === undefined || typeof item.window !== 'string') return { state: emptyWindow(lane), version: 0 };
    return { state: SurgeWindowState.parse(JSON.parse(item.window)), version: Number(item.version ?? 0) };
  }

  async write(state: SurgeWindowState, version: number, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            lookupKey: keyOf(state.lane),
            lane: state.lane,
            window: JSON.stringify(state),
            version: version + 1,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          },
          // Version 0 is "none stored": the write only creates then.
          ...(version === 0
            ? { ConditionExpression: 'attribute_not_exists(lookupKey)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': version },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeUnavailable('writing a surge window', error);
    }
  }
}
