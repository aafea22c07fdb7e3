import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { quarantineDays } from '../../lib/definitions.ts';
import type { QuarantinedDelivery, Quarantine } from '../ports/quarantine.ts';
import { storeUnavailable } from './dynamodb-errors.ts';

const fields = (item: Record<string, unknown>): QuarantinedDelivery => ({
  quarantineId: String(item.quarantineId),
  provider: item.provider as QuarantinedDelivery['provider'],
  code: String(item.code),
  reason: String(item.reason),
  body: String(item.body),
  receivedAt: String(item.receivedAt),
});

/** Quarantined webhook deliveries on DynamoDB, expiring after {@link quarantineDays} days. */
export class DynamoDbQuarantine implements Quarantine {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(delivery: QuarantinedDelivery): Promise<void> {
    const expiresAt = Math.floor(Date.parse(delivery.receivedAt) / 1000) + quarantineDays * 86_400;
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...delivery, expiresAt } }));
    } catch (error) {
      throw storeUnavailable('quarantining a delivery', error);
    }
  }

  async get(quarantineId: string): Promise<QuarantinedDelivery | undefined> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { quarantineId } }));
      return Item ? fields(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading the quarantine', error);
    }
  }

  async list(limit: number): Promise<readonly QuarantinedDelivery[]> {
    // The quarantine is small by nature (bad deliveries, kept 30 days): a scan is the honest read.
    try {
      const items: QuarantinedDelivery[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new ScanCommand({ TableName: this.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
        );
        items.push(...(page.Items ?? []).map(fields));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, limit);
    } catch (error) {
      throw storeUnavailable('listing the quarantine', error);
    }
  }

  async remove(quarantineId: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { quarantineId } }));
    } catch (error) {
      throw storeUnavailable('removing from the quarantine', error);
    }
  }
}
