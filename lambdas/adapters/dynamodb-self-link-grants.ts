import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SelfLinkGrant } from '../domain/self-link.ts';
import type { SelfLinkGrants } from '../ports/self-link-grants.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

/**
 * How long a grant is kept after it expires, so that a late click still hears "expired" or
 * "already used" rather than "unknown link".
 */
const keepAfterExpiryDays = 7;

const keyOf = (tokenDigest: string): string => `selflink#${tokenDigest}`;

/** Epoch seconds at which DynamoDB's TTL may delete the grant. */
const deleteAfter = (expiresAt: string): number =>
  Math.floor(Date.parse(expiresAt) / 1000) + keepAfterExpiryDays * 86_400;

/**
 * Self-link grants on the lookups table, one item per grant under `selflink#<token digest>`:
 * the grant as a map (the token itself is never stored), `usedAt` once redeemed, and the TTL
 * attribute `expiresAt` in epoch seconds, a week after the grant stops working. Redeeming is
 * one conditional update, so of two concurrent redemptions exactly one gets the grant.
 */
export class DynamoDbSelfLinkGrants implements SelfLinkGrants {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async issue(grant: SelfLinkGrant): Promise<void> {
    const checked = SelfLinkGrant.parse(grant);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { lookupKey: keyOf(checked.tokenDigest), grant: checked, expiresAt: deleteAfter(checked.expiresAt) },
          // A retried issue must not hand a used grant back its use.
          ConditionExpression: 'attribute_not_exists(lookupKey)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('storing a self-link grant', error);
    }
  }

  async redeem(tokenDigest: string, at: string): Promise<SelfLinkGrant | 'used' | undefined> {
    const lookupKey = keyOf(tokenDigest);
    let taken: Record<string, unknown> | undefined;
    try {
      ({ Attributes: taken } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { lookupKey },
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(lookupKey) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      ));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('redeeming a self-link grant', error);
    }
    if (taken) return SelfLinkGrant.parse(taken.grant);
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { lookupKey }, ConsistentRead: true }),
      );
      return Item ? 'used' : undefined;
    } catch (error) {
      throw storeUnavailable('reading a self-link grant', error);
    }
  }
}
