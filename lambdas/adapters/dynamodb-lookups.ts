import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.ts';
import type { ConversationIndex } from '../ports/conversation-index.ts';
import type { DeletionRegister } from '../ports/deletion-register.ts';
import type { DuplicateIndex } from '../ports/duplicate-index.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

const readTarget = async (client: DynamoDBDocumentClient, tableName: string, lookupKey: string) => {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: { lookupKey }, ConsistentRead: true }),
  );
  return typeof Item?.target === 'string' ? Item.target : undefined;
};

/**
 * Sets `target` under `lookupKey` unless another live holder has it, and returns the holder
 * after the call. TTL deletion is lazy (up to days), so an expired holder is overwritten here
 * rather than trusted.
 */
const claimKey = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  lookupKey: string,
  target: string,
  expiry: { expiresAt: Date; now: Date } | undefined,
): Promise<string> => {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { lookupKey, target, ...(expiry ? { expiresAt: epochSeconds(expiry.expiresAt) } : {}) },
        ConditionExpression: expiry
          ? 'attribute_not_exists(lookupKey) OR target = :target OR expiresAt < :now'
          : 'attribute_not_exists(lookupKey) OR target = :target',
        ExpressionAttributeValues: { ':target': target, ...(expiry ? { ':now': epochSeconds(expiry.now) } : {}) },
      }),
    );
    return target;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw storeUnavailable(`claiming ${lookupKey}`, error);
  }
  try {
    return (await readTarget(client, tableName, lookupKey)) ?? target;
  } catch (error) {
    throw storeUnavailable(`reading ${lookupKey}`, error);
  }
};

/** Conversation → case, on the lookups table; kept without expiry, since threads live on. */
export class DynamoDbConversationIndex implements ConversationIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findCase(key: string): Promise<string | undefined> {
    try {
      return await readTarget(this.client, this.tableName, `conversation#${key}`);
    } catch (error) {
      throw storeUnavailable('finding a conversation', error);
    }
  }

  claim(key: string, caseId: string): Promise<string> {
    return claimKey(this.client, this.tableName, `conversation#${key}`, caseId, undefined);
  }
}

/** Content fingerprint → first mention, on the lookups table, expiring by TTL. */
export class DynamoDbDuplicateIndex implements DuplicateIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  claim(fingerprint: string, mentionId: string, expiresAt: Date): Promise<string> {
    return claimKey(this.client, this.tableName, `content#${fingerprint}`, mentionId, {
      expiresAt,
      now: this.clock.now(),
    });
  }
}

/** Deleted posts, on the lookups table; kept without expiry so a late copy of the post is caught too. */
export class DynamoDbDeletionRegister implements DeletionRegister {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markDeleted(mentionId: string, deletedAt: string): Promise<void> {
    await claimKey(this.client, this.tableName, `deleted#${mentionId}`, deletedAt, undefined);
  }

  async deletedAt(mentionId: string): Promise<string | undefined> {
    try {
      return await readTarget(this.client, this.tableName, `deleted#${mentionId}`);
    } catch (error) {
      throw storeUnavailable('reading a deletion', error);
    }
  }
}
