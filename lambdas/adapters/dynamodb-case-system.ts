import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tables } from '../../lib/definitions.ts';
import {
  type AuditEntry,
  bridgeActor,
  Case,
  type CaseInput,
  type CaseParty,
  type CaseStatus,
  entryKeyOf,
  type Interaction,
  isWaiting,
  partyKeyOf,
  workRankOf,
} from '../domain/case.ts';
import { applyCaseChange, type CaseChange, type ChangeOutcome } from '../domain/case-change.ts';
import { DomainError } from '../domain/errors.ts';
import { alreadyMerged, mergeCases } from '../domain/merge-cases.ts';
import type { CasePage, CaseSystem } from '../ports/case-system.ts';
import type { WorkQueue } from '../ports/work-queue.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const [statusIndex, partyIndex, queueIndex] = tables.cases.globalIndexes.map((index) => index.indexName);

/** Optimistic writes retried this often before a busy case is reported as a conflict worth retrying. */
const maxAttempts = 5;
/** Merges followed this deep when appending to a case that was merged into another. */
const maxMergeHops = 5;

/**
 * How a case lies in the table: sets where DynamoDB's set semantics make writes idempotent, and
 * the party key its index is queried by.
 */
interface CaseItem extends Omit<Case, 'conversations'> {
  /** Absent rather than empty: DynamoDB has no empty sets. */
  conversations?: Set<string>;
  entryKeys?: Set<string>;
  partyKey: string;
  /** Set only while the case waits to be claimed, so the queue index holds exactly those. */
  queueKey?: string;
  rank?: string;
}

const toItem = (value: Case): CaseItem => {
  const entryKeys = new Set(value.timeline.flatMap((entry) => entryKeyOf(entry) ?? []));
  const { conversations, ...rest } = value;
  return {
    ...rest,
    partyKey: partyKeyOf(value.party),
    ...(isWaiting(value) ? { queueKey: value.queue, rank: workRankOf(value) } : {}),
    ...(conversations.length > 0 ? { conversations: new Set(conversations) } : {}),
    ...(entryKeys.size > 0 ? { entryKeys } : {}),
  };
};

const fromItem = (item: Record<string, unknown>): Case => {
  const { entryKeys: _keys, partyKey: _party, queueKey: _queue, rank: _rank, conversations, ...rest } = item;
  return Case.parse({ ...rest, conversations: [...((conversations as Set<string> | undefined) ?? [])].sort() });
};

const addedEntry = (interaction: Interaction, at: string): AuditEntry => ({
  at,
  actor: interaction.by ?? bridgeActor,
  action: 'interaction-added',
  after: {
    channel: interaction.channel,
    kind: interaction.kind,
    ...(interaction.mentionId === undefined ? {} : { mentionId: interaction.mentionId }),
    ...(interaction.interactionId === undefined ? {} : { interactionId: interaction.interactionId }),
  },
});

/** The put that replaces a case only if nobody wrote it since `version` was read. */
const versionedPut = (tableName: string, next: Case, version: number) => ({
  TableName: tableName,
  Item: toItem({ ...next, version: version + 1 }),
  ConditionExpression: '#version = :version OR (attribute_not_exists(#version) AND :version = :zero)',
  ExpressionAttributeNames: { '#version': 'version' },
  ExpressionAttributeValues: { ':version': version, ':zero': 0 },
});

const busy = (caseId: string): DomainError =>
  new DomainError('CONFLICT', `case ${caseId} kept changing while it was being updated; try again`, {
    retryable: true,
    details: { caseId },
  });

const notFound = (caseId: string): DomainError =>
  new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });

/** The built-in case store, on DynamoDB: a case system in its own right, shared by every channel. */
export class DynamoDbCaseSystem implements CaseSystem, WorkQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCase(input: CaseInput): Promise<{ created: boolean; case: Case }> {
    const newCase = Case.parse(input);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(newCase),
          ConditionExpression: 'attribute_not_exists(caseId)',
        }),
      );
      return { created: true, case: newCase };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('creating a case', error);
    }
    const stored = await this.read(newCase.caseId, true);
    if (!stored) throw storeUnavailable('reading back an existing case', new Error('vanished'));
    return { created: false, case: stored };
  }

  async appendInteraction(
    caseId: string,
    interaction: Interaction,
    at: string,
  ): Promise<{ appended: boolean; caseId: string }> {
    let target = caseId;
    for (let hop = 0; hop <= maxMergeHops; hop += 1) {
      if (await this.tryAppend(target, interaction, at)) return { appended: true, caseId: target };
      const stored = await this.read(target, true);
      if (!stored) throw notFound(target);
      if (stored.mergedInto === undefined) return { appended: false, caseId: target };
      target = stored.mergedInto;
    }
    throw new DomainError('CONFLICT', `case ${caseId} is merged more than ${maxMergeHops} deep`, {
      details: { caseId },
    });
  }

  /** One conditional append; false when the case is missing, merged away, or already has the entry. */
  private async tryAppend(caseId: string, interaction: Interaction, at: string): Promise<boolean> {
    const key = entryKeyOf(interaction);
    const { conversation } = interaction;
    const adds = [
      '#version :one',
      ...(key ? ['entryKeys :keys'] : []),
      ...(conversation ? ['conversations :conversations'] : []),
    ];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { caseId },
          UpdateExpression: `SET timeline = list_append(timeline, :entry), audit = list_append(if_not_exists(audit, :none), :audit), updatedAt = :at ADD ${adds.join(', ')}`,
          // The entry-key set is what makes a redelivered append a no-op.
          ConditionExpression: `attribute_exists(caseId) AND attribute_not_exists(mergedInto)${key ? ' AND NOT contains(entryKeys, :key)' : ''}`,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':entry': [interaction],
            ':audit': [addedEntry(interaction, at)],
            ':none': [],
            ':at': at,
            ':one': 1,
            ...(key ? { ':keys': new Set([key]), ':key': key } : {}),
            ...(conversation ? { ':conversations': new Set([conversation]) } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw storeUnavailable('appending to a case', error);
      return false;
    }
  }

  async reviseInteraction(
    caseId: string,
    mentionId: string,
    summary: string,
    at: string,
  ): Promise<{ revised: boolean }> {
    const stored = await this.read(caseId, true);
    const index = stored?.timeline.findIndex((entry) => entry.mentionId === mentionId) ?? -1;
    if (index < 0) return { revised: false };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { caseId },
          UpdateExpression: `SET timeline[${index}].summary = :summary, updatedAt = :at`,
          // Only a merge reorders a timeline, so the condition catches the entry having moved.
          ConditionExpression: `timeline[${index}].mentionId = :mentionId`,
          ExpressionAttributeValues: { ':summary': summary, ':at': at, ':mentionId': mentionId },
        }),
      );
      return { revised: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw busy(caseId);
      throw storeUnavailable('revising a case interaction', error);
    }
  }

  async changeCase(caseId: string, change: CaseChange, at: string, actor: string): Promise<ChangeOutcome> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const current = await this.read(caseId, true);
      if (!current) throw notFound(caseId);
      const outcome = applyCaseChange(current, change, at, actor);
      if (!outcome.changed) return outcome;
      try {
        await this.client.send(new PutCommand(versionedPut(this.tableName, outcome.case, current.version)));
        return { case: { ...outcome.case, version: current.version + 1 }, changed: true };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw storeUnavailable('changing a case', error);
      }
    }
    throw busy(caseId);
  }

  async mergeCases(
    targetId: string,
    sourceId: string,
    at: string,
    actor: string,
  ): Promise<{ merged: boolean; target: Case; source: Case }> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const [target, source] = await Promise.all([this.read(targetId, true), this.read(sourceId, true)]);
      if (!target) throw notFound(targetId);
      if (!source) throw notFound(sourceId);
      if (alreadyMerged(target, source)) return { merged: false, target, source };
      const result = mergeCases(target, source, at, actor);
      try {
        // Both or neither: a half-done merge would show the same contacts on two cases.
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: versionedPut(this.tableName, result.target, target.version) },
              { Put: versionedPut(this.tableName, result.source, source.version) },
            ],
          }),
        );
        return {
          merged: true,
          target: { ...result.target, version: target.version + 1 },
          source: { ...result.source, version: source.version + 1 },
        };
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'TransactionCanceledException' && !isConditionalCheckFailed(error)) {
          throw storeUnavailable('merging cases', error);
        }
      }
    }
    throw busy(targetId);
  }

  async casesOfParty(party: CaseParty, limit: number): Promise<Case[]> {
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: partyIndex,
          KeyConditionExpression: 'partyKey = :party',
          ExpressionAttributeValues: { ':party': partyKeyOf(party) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map(fromItem);
    } catch (error) {
      throw storeUnavailable("listing a party's cases", error);
    }
  }

  async waitingIn(queue: string, limit: number): Promise<Case[]> {
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: queueIndex,
          KeyConditionExpression: 'queueKey = :queue',
          ExpressionAttributeValues: { ':queue': queue },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map(fromItem);
    } catch (error) {
      throw storeUnavailable("reading a team's queue", error);
    }
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    return this.read(caseId, false);
  }

  private async read(caseId: string, consistent: boolean): Promise<Case | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { caseId }, ...(consistent ? { ConsistentRead: true } : {}) }),
      );
      return Item ? fromItem(Item) : undefined;
    } catch (error) {
      throw storeUnavailable('reading a case', error);
    }
  }

  async listCases(query: { status: CaseStatus; limit: number; cursor?: string }): Promise<CasePage> {
    const startKey = decodeCursor(query.cursor);
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: statusIndex,
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': query.status },
          ScanIndexForward: false,
          Limit: query.limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const nextCursor = encodeCursor(result.LastEvaluatedKey);
      return { items: (result.Items ?? []).map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
    } catch (error) {
      throw storeUnavailable('listing cases', error);
    }
  }
}
