import { createHash } from 'node:crypto';
import {
  type CaseFilter,
  type ConnectCasesClient,
  CreateCaseCommand,
  CreateRelatedItemCommand,
  type FieldValue,
  GetCaseCommand,
  paginateSearchRelatedItems,
  SearchCasesCommand,
  type Sort,
  UpdateCaseCommand,
  UpdateRelatedItemCommand,
} from '@aws-sdk/client-connectcases';
import {
  type AuditEntry,
  bridgeActor,
  Case,
  type CaseInput,
  type CaseParty,
  type CaseStatus,
  entryKeyOf,
  type Interaction,
  partyKeyOf,
} from '../../domain/case.ts';
import { applyCaseChange, type CaseChange, type ChangeOutcome } from '../../domain/case-change.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { alreadyMerged, mergeCases } from '../../domain/merge-cases.ts';
import type { CasePage, CaseSystem } from '../../ports/case-system.ts';
import { type ConnectCasesSettings, connectCasesEnv } from '../../config/connect-cases-settings.ts';
import {
  assembleCase,
  auditComment,
  type CaseComment,
  commentOf,
  copyOf,
  entryComment,
  keyOf,
  keysOf,
  type NewComment,
} from './case-comments.ts';
import { type CaseRecord, fieldsForCreate, fieldsForUpdate, fieldsToRead, recordFromFields } from './case-fields.ts';
import { connectCasesError } from './errors.ts';
import { type FieldMap, profileArnOf, systemFields } from './field-map.ts';

/** Where the adapter writes, and how cases lie there. */
export interface ConnectCasesOptions {
  readonly domainId: string;
  readonly templateId: string;
  readonly fieldMap: FieldMap;
}

/** One case as read: where it is in Connect, its fields, its comments, and the whole case. */
interface StoredCase {
  readonly connectId: string;
  readonly record: CaseRecord;
  readonly comments: readonly CaseComment[];
  readonly case: Case;
}

/** SearchCases returns at most 25 cases a page (API reference). */
const searchPageSize = 25;
/** Cases whose comments are read at once when a page of cases is filled in. */
const readConcurrency = 5;
/** Merges followed this deep when appending to a case that was merged into another. */
const maxMergeHops = 5;
/** Bridge case ids remembered with their Connect case ids, newest kept. */
const rememberedIds = 1_000;
/** Cases opened in Connect itself have no bridge id; their id is Connect's own, a UUID (admin guide, "Case ID"). */
const connectCaseId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const newestFirst: Sort[] = [{ fieldId: systemFields.created, sortOrder: 'Desc' }];
const oldestFirst: Sort[] = [{ fieldId: systemFields.created, sortOrder: 'Asc' }];

const equalTo = (id: string, value: string): CaseFilter => ({
  field: { equalTo: { id, value: { stringValue: value } } },
});

const notFound = (caseId: string): DomainError =>
  new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });

const isNotFound = (error: unknown): boolean => isDomainError(error) && error.code === 'NOT_FOUND';

/**
 * CreateCase's idempotency token for one bridge case: the same on every retry. A digest, because
 * the case id with its domain may be longer than a client token may be (64 characters).
 */
export const clientTokenFor = (domainId: string, caseId: string): string =>
  createHash('sha256').update(`${domainId}\u0000${caseId}`).digest('hex');

/**
 * The CaseSystem on Amazon Connect Cases: a case is a Connect case made from the configured
 * template, its mapped fields hold what agents work with (status, priority, topic, queue…), one
 * text field holds the rest of the bridge's view of it, and its timeline and audit are comments.
 *
 * Connect Cases has no conditional writes, no merge and no client token except on CreateCase, so:
 * a case is found by a search on the field holding the bridge's case id (remembered once found,
 * because search trails writes by a moment); appends are made idempotent by looking for a comment
 * with the entry's key first; and a merge is a sequence of steps each of which a retry skips once
 * done. See docs/connect-cases.md.
 */
export class ConnectCasesCaseSystem implements CaseSystem {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly client: ConnectCasesClient,
    private readonly options: ConnectCasesOptions,
  ) {}

  private get map(): FieldMap {
    return this.options.fieldMap;
  }

  async createCase(input: CaseInput): Promise<{ created: boolean; case: Case }> {
    const value = Case.parse(input);
    const existing = await this.read(value.caseId);
    if (existing) {
      return {
        created: false,
        case: await this.completeCreation(existing.connectId, existing.comments, value, existing.case),
      };
    }
    const connectId = await this.create(value);
    // The token may have handed back the case of an earlier attempt, comments and all.
    const comments = await this.comments(connectId);
    if (comments.length > 0) return { created: false, case: await this.completeCreation(connectId, comments, value) };
    for (const entry of value.timeline) await this.addComment(connectId, entryComment(entry));
    return { created: true, case: value };
  }

  /** CreateCase from the template, with a client token that is the same for every attempt. */
  private async create(value: Case): Promise<string> {
    try {
      const { caseId } = await this.client.send(
        new CreateCaseCommand({
          domainId: this.options.domainId,
          templateId: this.options.templateId,
          clientToken: clientTokenFor(this.options.domainId, value.caseId),
          fields: fieldsForCreate(this.map, value, value.audit),
          performedBy: { customEntity: value.audit[0]?.actor ?? bridgeActor },
        }),
      );
      if (!caseId) throw new Error('CreateCase returned no case id');
      this.remember(value.caseId, caseId);
      return caseId;
    } catch (error) {
      const failure = connectCasesError(`creating case ${value.caseId}`, error);
      if (failure.code !== 'CONFLICT') throw failure;
      // The token was spent on an earlier attempt (with other times in it) whose case search does not show yet.
      throw new DomainError('CONFLICT', `case ${value.caseId} is being created; try again`, {
        retryable: true,
        cause: error,
        details: { caseId: value.caseId },
      });
    }
  }

  /** A retried creation: writes the opening entries an interrupted attempt left out, and gives the case. */
  private async completeCreation(
    connectId: string,
    comments: readonly CaseComment[],
    value: Case,
    stored?: Case,
  ): Promise<Case> {
    // Only keyed entries: one without a key cannot be told from one written already.
    const opening = value.timeline.filter((entry) => entryKeyOf(entry) !== undefined);
    const added = await this.addMissing(
      connectId,
      comments,
      opening.map((entry) => entryComment(entry)),
    );
    if (added === 0 && stored !== undefined) return stored;
    return (await this.readConnect(connectId))?.case ?? value;
  }

  async appendInteraction(
    caseId: string,
    interaction: Interaction,
    at: string,
  ): Promise<{ appended: boolean; caseId: string }> {
    let target = caseId;
    for (let hop = 0; hop <= maxMergeHops; hop += 1) {
      const connectId = await this.locate(target);
      const record = connectId === undefined ? undefined : await this.fields(connectId);
      if (connectId === undefined || record === undefined) throw notFound(target);
      if (record.case.mergedInto !== undefined) {
        target = record.case.mergedInto;
        continue;
      }
      const key = entryKeyOf(interaction);
      // CreateRelatedItem takes no client token: the entry's key, kept in the comment, is the check.
      if (key !== undefined && keysOf(await this.comments(connectId)).has(key))
        return { appended: false, caseId: target };
      await this.addComment(connectId, entryComment(interaction, at));
      return { appended: true, caseId: target };
    }
    throw new DomainError('CONFLICT', `case ${caseId} is merged more than ${maxMergeHops} deep`, {
      details: { caseId },
    });
  }

  async reviseInteraction(
    caseId: string,
    mentionId: string,
    summary: string,
    _at: string,
  ): Promise<{ revised: boolean }> {
    const key = entryKeyOf({ mentionId });
    let revised = false;
    let target: string | undefined = caseId;
    // A merge copied the entry into the case that took it; a redaction must reach every copy.
    for (let hop = 0; target !== undefined && hop <= maxMergeHops; hop += 1) {
      const stored = await this.read(target);
      if (!stored) break;
      for (const comment of stored.comments) {
        const entry = comment.marker?.entry;
        if (keyOf(comment) !== key || entry === undefined) continue;
        revised = true;
        if (entry.summary === summary) continue;
        const { body } = entryComment({ ...entry, summary }, comment.marker?.addedAt, key);
        await this.call(`revising an entry of case ${target}`, () =>
          this.client.send(
            new UpdateRelatedItemCommand({
              domainId: this.options.domainId,
              caseId: stored.connectId,
              relatedItemId: comment.relatedItemId,
              content: { comment: { body, contentType: 'Text/Plain' } },
              performedBy: { customEntity: bridgeActor },
            }),
          ),
        );
      }
      target = stored.case.mergedInto;
    }
    return { revised };
  }

  async changeCase(caseId: string, change: CaseChange, at: string, actor: string): Promise<ChangeOutcome> {
    const stored = await this.read(caseId);
    if (!stored) throw notFound(caseId);
    const outcome = applyCaseChange(stored.case, change, at, actor);
    if (!outcome.changed) return outcome;
    const next: Case = { ...outcome.case, version: stored.case.version + 1 };
    await this.update(stored, next, actor);
    // After the update: should this comment fail, Connect's own case audit still shows the change.
    const entry = next.audit.at(-1) as AuditEntry;
    await this.addComment(stored.connectId, auditComment(entry));
    return { case: next, changed: true };
  }

  async mergeCases(
    targetId: string,
    sourceId: string,
    at: string,
    actor: string,
  ): Promise<{ merged: boolean; target: Case; source: Case }> {
    const [target, source] = await Promise.all([this.read(targetId), this.read(sourceId)]);
    if (!target) throw notFound(targetId);
    if (!source) throw notFound(sourceId);
    if (alreadyMerged(target.case, source.case)) return { merged: false, target: target.case, source: source.case };
    // A merge stopped half-way has written the target and not the source yet: redo it from the
    // cases as they were, every step below skipping what is already done.
    const resuming = target.case.mergedFrom.includes(source.case.caseId) && source.case.mergedInto === undefined;
    const base = resuming
      ? { ...target.case, mergedFrom: target.case.mergedFrom.filter((id) => id !== source.case.caseId) }
      : target.case;
    const unmerged = {
      ...source.case,
      audit: source.case.audit.filter(
        (entry) => !(entry.action === 'merged-into' && entry.after?.mergedInto === target.case.caseId),
      ),
    };
    const result = mergeCases(base, unmerged, at, actor);
    const mergedTarget: Case = { ...result.target, version: target.case.version + 1 };
    const closedSource: Case = { ...result.source, version: source.case.version + 1 };

    const mergedInKey = `merged-in:${source.case.caseId}`;
    const mergedIntoKey = `merged-into:${target.case.caseId}`;
    // Connect has no merge: the source's comments are copied over, each marked with its case
    // (all but the note of this very merge, which a resumed merge finds on the source already).
    await this.addMissing(target.connectId, target.comments, [
      ...source.record.stateAudit.map((entry, index) =>
        auditComment(
          { ...entry, fromCase: entry.fromCase ?? source.case.caseId },
          `copy:${source.connectId}:audit:${index}`,
        ),
      ),
      ...source.comments
        .filter((comment) => keyOf(comment) !== mergedIntoKey)
        .map((comment) => copyOf(comment, source.case.caseId)),
      auditComment(mergedTarget.audit.at(-1) as AuditEntry, mergedInKey),
    ]);
    await this.update(target, mergedTarget, actor);
    await this.addMissing(source.connectId, source.comments, [
      auditComment(closedSource.audit.at(-1) as AuditEntry, mergedIntoKey),
    ]);
    await this.update(source, closedSource, actor);
    return { merged: true, target: mergedTarget, source: closedSource };
  }

  async casesOfParty(party: CaseParty, limit: number): Promise<Case[]> {
    if (limit < 1) return [];
    const { fields, customerProfileArn } = this.map;
    // A customer's cases opened by phone agents carry the profile ARN; those the bridge opened also the id.
    const filter =
      party.kind === 'social'
        ? equalTo(fields.partyKey, partyKeyOf(party))
        : customerProfileArn === undefined
          ? equalTo(fields.customerId, party.customerId)
          : {
              orAll: [
                equalTo(fields.customerId, party.customerId),
                equalTo(systemFields.customerProfile, profileArnOf(this.map, party.customerId)),
              ],
            };
    const records: CaseRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.search(filter, Math.min(searchPageSize, limit - records.length), newestFirst, nextToken);
      records.push(...page.records);
      nextToken = page.nextToken;
    } while (nextToken !== undefined && records.length < limit);
    return this.withComments(records);
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    return (await this.read(caseId))?.case;
  }

  async listCases(query: { status: CaseStatus; limit: number; cursor?: string }): Promise<CasePage> {
    const page = await this.search(
      equalTo(this.map.fields.status, this.map.statusValues[query.status]),
      Math.min(searchPageSize, query.limit),
      newestFirst,
      query.cursor,
    );
    // Statuses that share an option come back together: keep the one asked for.
    const items = (await this.withComments(page.records)).filter((value) => value.status === query.status);
    return { items, ...(page.nextToken === undefined ? {} : { nextCursor: page.nextToken }) };
  }

  /** The Connect case id of a bridge case id, or of a case opened in Connect (its own id). */
  private async locate(caseId: string): Promise<string | undefined> {
    const known = this.known.get(caseId);
    if (known !== undefined) return known;
    const [found] = (await this.search(equalTo(this.map.fields.caseId, caseId), 1, oldestFirst)).records;
    if (found) return found.connectId;
    return connectCaseId.test(caseId) ? caseId : undefined;
  }

  /** The whole case under a bridge (or Connect) case id, read fresh with GetCase; undefined when there is none. */
  private async read(caseId: string): Promise<StoredCase | undefined> {
    const connectId = await this.locate(caseId);
    return connectId === undefined ? undefined : this.readConnect(connectId);
  }

  private async readConnect(connectId: string): Promise<StoredCase | undefined> {
    const record = await this.fields(connectId);
    if (!record) return undefined;
    const comments = await this.comments(connectId);
    return { connectId, record, comments, case: assembleCase(record, comments) };
  }

  /** GetCase: the case's fields, as they are now (search results may trail them). */
  private async fields(connectId: string): Promise<CaseRecord | undefined> {
    const values: FieldValue[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.call(`reading case ${connectId}`, () =>
          this.client.send(
            new GetCaseCommand({
              domainId: this.options.domainId,
              caseId: connectId,
              fields: fieldsToRead(this.map),
              ...(nextToken === undefined ? {} : { nextToken }),
            }),
          ),
        );
        values.push(...(page.fields ?? []));
        nextToken = page.nextToken ?? undefined;
      } while (nextToken !== undefined);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const record = recordFromFields(this.map, connectId, values);
    this.remember(record.case.caseId, connectId);
    return record;
  }

  /** Every comment on the case (SearchRelatedItems, page by page). */
  private async comments(connectId: string): Promise<CaseComment[]> {
    return this.call(`reading the comments of case ${connectId}`, async () => {
      const comments: CaseComment[] = [];
      const pages = paginateSearchRelatedItems(
        { client: this.client, pageSize: searchPageSize },
        { domainId: this.options.domainId, caseId: connectId, filters: [{ comment: {} }] },
      );
      for await (const page of pages)
        comments.push(...(page.relatedItems ?? []).flatMap((item) => commentOf(item) ?? []));
      return comments;
    });
  }

  private async withComments(records: readonly CaseRecord[]): Promise<Case[]> {
    const cases: Case[] = [];
    for (let start = 0; start < records.length; start += readConcurrency) {
      const batch = records.slice(start, start + readConcurrency);
      cases.push(
        ...(await Promise.all(
          batch.map(async (record) => assembleCase(record, await this.comments(record.connectId))),
        )),
      );
    }
    return cases;
  }

  private async search(
    filter: CaseFilter,
    maxResults: number,
    sorts: Sort[],
    nextToken?: string,
  ): Promise<{ records: CaseRecord[]; nextToken?: string }> {
    const result = await this.call('searching cases', () =>
      this.client.send(
        new SearchCasesCommand({
          domainId: this.options.domainId,
          maxResults,
          filter,
          sorts,
          fields: fieldsToRead(this.map),
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      ),
    );
    const records = (result.cases ?? []).flatMap((item) =>
      item?.caseId ? [recordFromFields(this.map, item.caseId, item.fields ?? [])] : [],
    );
    for (const record of records) this.remember(record.case.caseId, record.connectId);
    return { records, ...(result.nextToken ? { nextToken: result.nextToken } : {}) };
  }

  /** UpdateCase with the mapped fields that differ between the case as read and `next`, and the state. */
  private async update(stored: StoredCase, next: Case, actor: string): Promise<void> {
    await this.call(`updating case ${stored.case.caseId}`, () =>
      this.client.send(
        new UpdateCaseCommand({
          domainId: this.options.domainId,
          caseId: stored.connectId,
          fields: fieldsForUpdate(this.map, stored.case, next, stored.record.stateAudit),
          performedBy: { customEntity: actor },
        }),
      ),
    );
  }

  /** Adds, in order, the comments whose key the case does not hold yet; says how many. */
  private async addMissing(
    connectId: string,
    existing: readonly CaseComment[],
    comments: readonly NewComment[],
  ): Promise<number> {
    const have = keysOf(existing);
    let added = 0;
    for (const comment of comments) {
      if (comment.key !== undefined && have.has(comment.key)) continue;
      await this.addComment(connectId, comment);
      if (comment.key !== undefined) have.add(comment.key);
      added += 1;
    }
    return added;
  }

  private async addComment(connectId: string, comment: NewComment): Promise<void> {
    await this.call(`adding a comment to case ${connectId}`, () =>
      this.client.send(
        new CreateRelatedItemCommand({
          domainId: this.options.domainId,
          caseId: connectId,
          type: 'Comment',
          content: { comment: { body: comment.body, contentType: 'Text/Plain' } },
          performedBy: { customEntity: comment.actor },
        }),
      ),
    );
  }

  private remember(caseId: string, connectId: string): void {
    this.known.delete(caseId);
    this.known.set(caseId, connectId);
    if (this.known.size > rememberedIds) this.known.delete(this.known.keys().next().value as string);
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw connectCasesError(what, error);
    }
  }
}

/** The adapter for the settings `loadConfig(ConnectCasesSettings, env)` parsed. */
export const createConnectCasesCaseSystem = (
  settings: ConnectCasesSettings,
  client: ConnectCasesClient,
): ConnectCasesCaseSystem =>
  new ConnectCasesCaseSystem(client, {
    domainId: settings[connectCasesEnv.domainId],
    templateId: settings[connectCasesEnv.templateId],
    fieldMap: settings[connectCasesEnv.fieldMap],
  });
