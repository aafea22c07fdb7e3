import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MentionRecord } from '../domain/disposition.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

/** Mentions with their one disposition, on DynamoDB; the conditional put is the "once". */
export class DynamoDbMentionStore implements MentionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRecord(mentionId: string): Promise<MentionRecord | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { mentionId } }));
      return Item ? MentionRecord.parse(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading a mention', error);
    }
  }

  async reviseRecord(expected: MentionRecord, revised: MentionRecord): Promise<{ revised: boolean }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.itemOf(revised),
          ConditionExpression:
            expected.mention.deletedAt === undefined
              ? 'mention.#text = :text AND attribute_not_exists(mention.deletedAt)'
              : 'mention.#text = :text AND mention.deletedAt = :deletedAt',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: {
            ':text': expected.mention.text,
            ...(expected.mention.deletedAt === undefined ? {} : { ':deletedAt': expected.mention.deletedAt }),
          },
        }),
      );
      return { revised: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { revised: false };
      throw storeUnavailable('revising a mention', error);
    }
  }

  private itemOf(record: MentionRecord) {
    return {
      mentionId: record.mention.mentionId,
      ...record,
      // Flat copies for queries and for people reading the table in the console.
      dispositionKind: record.disposition.kind,
      caseId: record.disposition.caseId,
    };
  }

  async recordDisposition(record: MentionRecord): Promise<{ recorded: boolean; record: MentionRecord }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.itemOf(record),
          ConditionExpression: 'attribute_not_exists(mentionId)',
        }),
      );
      return { recorded: true, record };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('recording a disposition', error);
    }
    const existing = await this.getRecord(record.mention.mentionId);
    if (!existing) throw storeUnavailable('reading back a disposition', new Error('vanished'));
    return { recorded: false, record: existing };
  }
}
