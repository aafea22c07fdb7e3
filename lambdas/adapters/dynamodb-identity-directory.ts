import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { tables } from '../../lib/definitions.ts';
import { accountKeys, bestLink, Customer, IdentityLink, type SocialAccount } from '../domain/identity.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const byCustomerIndex = tables.identities.globalIndexes[0].indexName;

/** A link as it lies in the identities table: the whole link, under one of the account's keys. */
type LinkItem = IdentityLink & { readonly identityKey: string };

const linkOf = (item: Record<string, unknown>): LinkItem => ({
  ...IdentityLink.parse(item),
  identityKey: String(item.identityKey),
});

const lower = (handle: string): string => handle.replace(/^@/, '').toLowerCase();

/** The key that names one account among a customer's links: its user id when known, else its handle. */
const accountKeyOf = (link: Pick<SocialAccount, 'network' | 'userId' | 'handle'>): string => accountKeys(link)[0] ?? '';

/** Whether the item lies under the user id of its account (rather than under its handle). */
const onUserId = (item: LinkItem): boolean => item.userId !== undefined && item.identityKey === accountKeyOf(item);

/**
 * The identity directory on DynamoDB: links in the identities table, one item per key an account
 * is found under (`network#id#userId` and `network#handle#handle`, each holding the whole link),
 * read per customer through the `byCustomer` index; customers in the customers table.
 *
 * A link is written as a few single-item writes, not a transaction: each is idempotent, so a
 * link retried after a failure half-way ends as if it had been written once.
 */
export class DynamoDbIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly identitiesTable: string,
    private readonly customersTable: string,
  ) {}

  async findLink(account: SocialAccount): Promise<IdentityLink | undefined> {
    const found = await this.itemsAt(accountKeys(account));
    const link = bestLink(account, new Map(found.map((item) => [item.identityKey, item])));
    return link && withoutKey(link as LinkItem);
  }

  async link(link: IdentityLink): Promise<void> {
    const checked = IdentityLink.parse(link);
    const keys = accountKeys(checked);
    const stale = (await this.accountItems(checked)).filter(
      (item) => !keys.includes(item.identityKey) && this.sameAccount(item, checked),
    );
    try {
      await Promise.all(
        keys.map((identityKey) =>
          this.client.send(new PutCommand({ TableName: this.identitiesTable, Item: { ...checked, identityKey } })),
        ),
      );
    } catch (error) {
      throw storeUnavailable('storing an identity link', error);
    }
    // Written after the new keys, so a failure in between leaves the old link findable, not none.
    await Promise.all(stale.map((item) => this.deleteUnchanged(item)));
  }

  async unlink(account: SocialAccount): Promise<IdentityLink[]> {
    const keys = accountKeys(account);
    const items = await this.accountItems(account);
    const userId = account.userId ?? items.find((item) => item.identityKey === keys.at(-1))?.userId;
    const removed = items.filter(
      (item) => keys.includes(item.identityKey) || (userId !== undefined && item.userId === userId),
    );
    await Promise.all(removed.map((item) => this.deleteUnchanged(item)));
    return distinctLinks(removed);
  }

  async linksOf(customerId: string): Promise<IdentityLink[]> {
    const items: LinkItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.identitiesTable,
            IndexName: byCustomerIndex,
            KeyConditionExpression: 'customerId = :customerId',
            ExpressionAttributeValues: { ':customerId': customerId },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        items.push(...(page.Items ?? []).map(linkOf));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw storeUnavailable('listing the links of a customer', error);
    }
    return distinctLinks(items).sort(
      (a, b) => a.network.localeCompare(b.network) || lower(a.handle).localeCompare(lower(b.handle)),
    );
  }

  async putCustomer(customer: Customer): Promise<void> {
    try {
      await this.client.send(new PutCommand({ TableName: this.customersTable, Item: Customer.parse(customer) }));
    } catch (error) {
      throw storeUnavailable('storing a customer', error);
    }
  }

  async getCustomer(customerId: string): Promise<Customer | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.customersTable, Key: { customerId }, ConsistentRead: true }),
      );
      return Item ? Customer.parse(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading a customer', error);
    }
  }

  async searchCustomers(query: string, limit: number): Promise<Customer[]> {
    const needle = query.trim().toLowerCase();
    if (needle === '') return [];
    const found: Customer[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      // A scan, read a page at a time until enough match: the console looks a customer up now
      // and then, and a CRM's directory of a few hundred thousand is read in seconds.
      do {
        const page = await this.client.send(
          new ScanCommand({ TableName: this.customersTable, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
        );
        for (const raw of page.Items ?? []) {
          const customer = Customer.parse(raw);
          const haystack = [customer.customerId, customer.name ?? '', customer.email ?? ''].join(' ').toLowerCase();
          if (haystack.includes(needle)) found.push(customer);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey && found.length < limit);
    } catch (error) {
      throw storeUnavailable('searching customers', error);
    }
    return found.sort((a, b) => a.customerId.localeCompare(b.customerId)).slice(0, limit);
  }

  /**
   * Every item of the account the directory knows: those under its own keys, and those under the
   * keys the found links name (the user id a handle was linked with; the handle a user id was).
   */
  private async accountItems(account: Pick<SocialAccount, 'network' | 'userId' | 'handle'>): Promise<LinkItem[]> {
    const first = await this.itemsAt(accountKeys(account));
    const seen = new Set(accountKeys(account));
    const further = [...new Set(first.flatMap((item) => accountKeys(item)))].filter((key) => !seen.has(key));
    return [...first, ...(await this.itemsAt(further))];
  }

  /**
   * Whether a stored item is another key of the account `link` is about: the same user id, or,
   * when the new link names no user id, the user-id item of the very handle being linked.
   */
  private sameAccount(item: LinkItem, link: IdentityLink): boolean {
    if (link.userId !== undefined) return item.userId === link.userId;
    return onUserId(item) && lower(item.handle) === lower(link.handle);
  }

  private async itemsAt(keys: readonly string[]): Promise<LinkItem[]> {
    try {
      const items = await Promise.all(
        keys.map(async (identityKey) => {
          const { Item } = await this.client.send(
            new GetCommand({ TableName: this.identitiesTable, Key: { identityKey }, ConsistentRead: true }),
          );
          return Item ? linkOf(Item) : undefined;
        }),
      );
      return items.filter((item): item is LinkItem => item !== undefined);
    } catch (error) {
      throw storeUnavailable('reading identity links', error);
    }
  }

  /** Deletes an item unless another writer replaced it since it was read (then theirs stands). */
  private async deleteUnchanged(item: LinkItem): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.identitiesTable,
          Key: { identityKey: item.identityKey },
          ConditionExpression: 'customerId = :customerId AND linkedAt = :linkedAt',
          ExpressionAttributeValues: { ':customerId': item.customerId, ':linkedAt': item.linkedAt },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('removing an identity link', error);
    }
  }
}

const withoutKey = ({ identityKey: _key, ...link }: LinkItem): IdentityLink => link;

/** One link per account: the item on the user id wins over a copy on the handle. */
const distinctLinks = (items: readonly LinkItem[]): IdentityLink[] => {
  const byAccount = new Map<string, LinkItem>();
  for (const item of items) {
    const key = accountKeyOf(item);
    if (!byAccount.has(key) || onUserId(item)) byAccount.set(key, item);
  }
  return [...byAccount.values()].map(withoutKey);
};
