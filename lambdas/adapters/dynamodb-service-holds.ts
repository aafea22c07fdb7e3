import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HoldState } from '../domain/contact-policy.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const keyOf = (customerId: string): string => `hold#${customerId}`;

/**
 * The state as one string, fields in a fixed order: what the compare-and-set compares, since a
 * condition expression cannot compare lists element by element.
 */
const stateKey = (state: HoldState): string =>
  JSON.stringify([state.marketing, state.since, [...state.caseIds], state.published]);

/**
 * Marketing-hold states on the lookups table, one item per customer under `hold#<customerId>`,
 * kept without expiry (a hold lasts as long as the customer's cases stay open). Each item also
 * carries `stateKey`, the state as one string, on which `record` conditions its write.
 */
export class DynamoDbServiceHolds implements ServiceHolds {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(customerId: string): Promise<HoldState | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { lookupKey: keyOf(customerId) }, ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return {
        marketing: Item.marketing === 'hold' ? 'hold' : 'allowed',
        since: typeof Item.since === 'string' ? Item.since : null,
        caseIds: Array.isArray(Item.caseIds) ? Item.caseIds.map(String) : [],
        published: Item.published === true,
      };
    } catch (error) {
      throw storeUnavailable('reading a service hold', error);
    }
  }

  async record(customerId: string, next: HoldState, previous: HoldState | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            lookupKey: keyOf(customerId),
            customerId,
            marketing: next.marketing,
            since: next.since,
            caseIds: [...next.caseIds],
            published: next.published,
            stateKey: stateKey(next),
          },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(lookupKey)' }
            : {
                ConditionExpression: 'stateKey = :previous',
                ExpressionAttributeValues: { ':previous': stateKey(previous) },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeUnavailable('recording a service hold', error);
    }
  }
}
