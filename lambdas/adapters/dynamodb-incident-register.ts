import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fnv1a32 } from '../domain/model/hashing.ts';
import type { IncidentRegister } from '../ports/incident-register.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

/**
 * Pages an incident's members are spread over. One item holds up to 400 KB, some 15,000 mention
 * ids; sixteen pages hold a quarter of a million, more than any surge, and listing them is sixteen
 * reads.
 */
export const memberPages = 16;

const counterKey = (incidentCaseId: string): string => `incident#${incidentCaseId}`;
const pageKey = (incidentCaseId: string, page: number): string => `incident#${incidentCaseId}#members#${page}`;
const pageOf = (mentionId: string): number => fnv1a32(mentionId) % memberPages;
const openKey = 'incidents#open';

const strings = (value: unknown): string[] => (value instanceof Set ? [...value].map(String) : []);

/**
 * The incident register on the lookups table, without expiry:
 * - `incident#<caseId>#members#<0…15>`: a string set of mention ids, each id on the page its hash
 *   picks; adding is conditional on the id not being there, which is what makes it once-only;
 * - `incident#<caseId>`: `members`, the count, added to after the id went in. A crash between the
 *   two writes leaves the count one short (the retry finds the id there and does not count it);
 *   the member list, which the closure replies are drafted from, is exact;
 * - `incidents#open`: a string set of the open incidents' case ids.
 */
export class DynamoDbIncidentRegister implements IncidentRegister {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addMember(incidentCaseId: string, mentionId: string): Promise<{ added: boolean; members: number }> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { lookupKey: pageKey(incidentCaseId, pageOf(mentionId)) },
          UpdateExpression: 'ADD mentionIds :ids',
          ConditionExpression: 'NOT contains(mentionIds, :id)',
          ExpressionAttributeValues: { ':ids': new Set([mentionId]), ':id': mentionId },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { added: false, members: await this.memberCount(incidentCaseId) };
      throw storeUnavailable('adding a mention to an incident', error);
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { lookupKey: counterKey(incidentCaseId) },
          UpdateExpression: 'ADD members :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { added: true, members: Number(Attributes?.members ?? 0) };
    } catch (error) {
      throw storeUnavailable("counting an incident's mentions", error);
    }
  }

  async members(incidentCaseId: string): Promise<string[]> {
    const pages = await Promise.all(
      Array.from({ length: memberPages }, (_, page) => this.read(pageKey(incidentCaseId, page))),
    );
    return pages.flatMap((item) => strings(item?.mentionIds));
  }

  async memberCount(incidentCaseId: string): Promise<number> {
    return Number((await this.read(counterKey(incidentCaseId)))?.members ?? 0);
  }

  async markOpen(incidentCaseId: string): Promise<void> {
    await this.changeOpen('ADD', incidentCaseId);
  }

  async markEnded(incidentCaseId: string): Promise<void> {
    await this.changeOpen('DELETE', incidentCaseId);
  }

  async openIncidents(): Promise<string[]> {
    return strings((await this.read(openKey))?.caseIds);
  }

  private async changeOpen(action: 'ADD' | 'DELETE', incidentCaseId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { lookupKey: openKey },
          UpdateExpression: `${action} caseIds :ids`,
          ExpressionAttributeValues: { ':ids': new Set([incidentCaseId]) },
        }),
      );
    } catch (error) {
      throw storeUnavailable('updating the open incidents', error);
    }
  }

  private async read(lookupKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { lookupKey }, ConsistentRead: true }),
      );
      return Item;
    } catch (error) {
      throw storeUnavailable('reading the incident register', error);
    }
  }
}
