import {
  type CaseFilter,
  type ConnectCasesClient,
  CreateCaseCommand,
  type CreateCaseCommandInput,
  CreateRelatedItemCommand,
  type CreateRelatedItemCommandInput,
  type FieldValue,
  type FieldValueUnion,
  GetCaseCommand,
  type GetCaseCommandInput,
  ResourceNotFoundException,
  SearchCasesCommand,
  type SearchCasesCommandInput,
  SearchRelatedItemsCommand,
  type SearchRelatedItemsCommandInput,
  UpdateCaseCommand,
  type UpdateCaseCommandInput,
  UpdateRelatedItemCommand,
  type UpdateRelatedItemCommandInput,
  type UserUnion,
} from '@aws-sdk/client-connectcases';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Stub = AwsClientStub<ConnectCasesClient>;

interface StoredCase {
  fields: Map<string, FieldValueUnion>;
  createdAt: string;
}

interface StoredComment {
  relatedItemId: string;
  body: string;
  associationTime: Date;
  performedBy?: UserUnion;
}

const missing = (what: string, resourceId: string) =>
  new ResourceNotFoundException({
    message: `${what} not found`,
    resourceId,
    resourceType: 'Case',
    $metadata: { httpStatusCode: 404 },
  });

const plainValue = (value: FieldValueUnion | undefined): string | undefined =>
  value?.stringValue ?? (value?.doubleValue === undefined ? undefined : String(value.doubleValue));

/**
 * An in-memory Amazon Connect Cases domain behind an aws-sdk-client-mock stub: enough of
 * CreateCase (with client tokens), GetCase, SearchCases (field filters, sorting, paging),
 * UpdateCase and the Comment related items for the adapter's round trips. Cases listed in
 * `unindexed` are missing from search results, as a case is for a moment after it is created.
 */
export class FakeConnectCases {
  readonly cases = new Map<string, StoredCase>();
  readonly comments = new Map<string, StoredComment[]>();
  readonly unindexed = new Set<string>();
  private readonly tokens = new Map<string, string>();
  private readonly failures: { command: string; error: Error; when: (input: object) => boolean }[] = [];
  private sequence = 0;
  private created = 0;

  /** The next `command` (e.g. 'UpdateCase') whose input passes `when` fails with `error`, once. */
  failNext(command: string, error: Error, when: (input: { caseId?: string }) => boolean = () => true): void {
    this.failures.push({ command, error, when: (input) => when(input as { caseId?: string }) });
  }

  private check(command: string, input: object): void {
    const index = this.failures.findIndex((failure) => failure.command === command && failure.when(input));
    if (index < 0) return;
    const [failure] = this.failures.splice(index, 1);
    if (failure) throw failure.error;
  }

  /** Connect's own clock: before every timestamp the tests use, so the bridge's times show through. */
  private tick(): string {
    this.sequence += 1;
    return new Date(Date.UTC(2029, 0, 1, 0, 0, this.sequence)).toISOString();
  }

  install(mock: Stub): void {
    mock.on(CreateCaseCommand).callsFake((input: CreateCaseCommandInput) => this.createCase(input));
    mock.on(GetCaseCommand).callsFake((input: GetCaseCommandInput) => this.getCase(input));
    mock.on(SearchCasesCommand).callsFake((input: SearchCasesCommandInput) => this.searchCases(input));
    mock.on(UpdateCaseCommand).callsFake((input: UpdateCaseCommandInput) => this.updateCase(input));
    mock.on(CreateRelatedItemCommand).callsFake((input: CreateRelatedItemCommandInput) => this.createComment(input));
    mock.on(SearchRelatedItemsCommand).callsFake((input: SearchRelatedItemsCommandInput) => this.searchComments(input));
    mock.on(UpdateRelatedItemCommand).callsFake((input: UpdateRelatedItemCommandInput) => this.updateComment(input));
  }

  /** A case an agent opened in Connect: only the fields given, no bridge state. */
  addForeignCase(caseId: string, fields: Record<string, string>): void {
    this.cases.set(caseId, {
      fields: new Map(Object.entries(fields).map(([id, value]) => [id, { stringValue: value }])),
      createdAt: this.tick(),
    });
    this.comments.set(caseId, []);
  }

  addAgentComment(caseId: string, body: string, userArn: string): void {
    this.comments.get(caseId)?.push({
      relatedItemId: `agent-item-${this.comments.get(caseId)?.length ?? 0}`,
      body,
      associationTime: new Date(this.tick()),
      performedBy: { userArn },
    });
  }

  field(caseId: string, id: string): string | undefined {
    return plainValue(this.cases.get(caseId)?.fields.get(id));
  }

  commentBodies(caseId: string): string[] {
    return (this.comments.get(caseId) ?? []).map((comment) => comment.body);
  }

  private createCase(input: CreateCaseCommandInput) {
    this.check('CreateCase', input);
    const token = input.clientToken ?? `token-${this.sequence}`;
    const known = this.tokens.get(token);
    if (known !== undefined)
      return { caseId: known, caseArn: `arn:aws:cases:eu-west-1:111122223333:domain/${input.domainId}/case/${known}` };
    this.created += 1;
    const caseId = `00000000-0000-4000-8000-${String(this.created).padStart(12, '0')}`;
    this.tokens.set(token, caseId);
    this.cases.set(caseId, {
      fields: new Map((input.fields ?? []).map((field) => [field.id as string, field.value as FieldValueUnion])),
      createdAt: this.tick(),
    });
    this.comments.set(caseId, []);
    return { caseId, caseArn: `arn:aws:cases:eu-west-1:111122223333:domain/${input.domainId}/case/${caseId}` };
  }

  private fieldsOf(caseId: string, stored: StoredCase, wanted: readonly { id?: string }[] | undefined): FieldValue[] {
    const system: Record<string, string> = {
      created_datetime: stored.createdAt,
      last_updated_datetime: stored.createdAt,
      case_id: caseId,
    };
    return (wanted ?? []).flatMap(({ id }) => {
      if (id === undefined) return [];
      const value = stored.fields.get(id) ?? (system[id] === undefined ? undefined : { stringValue: system[id] });
      return value === undefined || value.emptyValue !== undefined ? [] : [{ id, value }];
    });
  }

  private getCase(input: GetCaseCommandInput) {
    this.check('GetCase', input);
    const stored = this.cases.get(input.caseId as string);
    if (!stored) throw missing(`case ${input.caseId}`, input.caseId as string);
    return { fields: this.fieldsOf(input.caseId as string, stored, input.fields), templateId: 'template-1' };
  }

  private matches(caseId: string, stored: StoredCase, filter: CaseFilter | undefined): boolean {
    if (filter === undefined) return true;
    if (filter.andAll) return filter.andAll.every((each) => this.matches(caseId, stored, each));
    if (filter.orAll) return filter.orAll.some((each) => this.matches(caseId, stored, each));
    if (filter.not) return !this.matches(caseId, stored, filter.not);
    const equal = filter.field?.equalTo;
    if (equal) return plainValue(stored.fields.get(equal.id as string)) === equal.value?.stringValue;
    throw new Error(`the fake does not understand the filter ${JSON.stringify(filter)}`);
  }

  private searchCases(input: SearchCasesCommandInput) {
    this.check('SearchCases', input);
    const descending = input.sorts?.[0]?.sortOrder === 'Desc';
    const hits = [...this.cases.entries()]
      .filter(([caseId, stored]) => !this.unindexed.has(caseId) && this.matches(caseId, stored, input.filter))
      .sort(([, a], [, b]) => (descending ? -1 : 1) * a.createdAt.localeCompare(b.createdAt));
    const start = input.nextToken === undefined ? 0 : Number(input.nextToken.replace('page-from-', ''));
    const size = input.maxResults ?? 25;
    const page = hits.slice(start, start + size);
    return {
      cases: page.map(([caseId, stored]) => ({
        caseId,
        templateId: 'template-1',
        fields: this.fieldsOf(caseId, stored, input.fields),
      })),
      ...(start + size < hits.length ? { nextToken: `page-from-${start + size}` } : {}),
      totalCount: hits.length,
    };
  }

  private updateCase(input: UpdateCaseCommandInput) {
    this.check('UpdateCase', input);
    const stored = this.cases.get(input.caseId as string);
    if (!stored) throw missing(`case ${input.caseId}`, input.caseId as string);
    for (const field of input.fields ?? []) stored.fields.set(field.id as string, field.value as FieldValueUnion);
    return {};
  }

  private createComment(input: CreateRelatedItemCommandInput) {
    this.check('CreateRelatedItem', input);
    const comments = this.comments.get(input.caseId as string);
    if (!comments) throw missing(`case ${input.caseId}`, input.caseId as string);
    const relatedItemId = `${input.caseId}-item-${comments.length}`;
    comments.push({
      relatedItemId,
      body: input.content?.comment?.body as string,
      associationTime: new Date(this.tick()),
      ...(input.performedBy === undefined ? {} : { performedBy: input.performedBy }),
    });
    return { relatedItemId, relatedItemArn: `arn:related-item/${relatedItemId}` };
  }

  private searchComments(input: SearchRelatedItemsCommandInput) {
    this.check('SearchRelatedItems', input);
    const comments = this.comments.get(input.caseId as string);
    if (!comments) throw missing(`case ${input.caseId}`, input.caseId as string);
    // Newest first, two to a page, so the adapter's paging is exercised.
    const all = [...comments].reverse();
    const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
    const page = all.slice(start, start + 2);
    return {
      relatedItems: page.map((comment) => ({
        relatedItemId: comment.relatedItemId,
        type: 'Comment',
        associationTime: comment.associationTime,
        content: { comment: { body: comment.body, contentType: 'Text/Plain' } },
        ...(comment.performedBy === undefined ? {} : { performedBy: comment.performedBy }),
      })),
      ...(start + 2 < all.length ? { nextToken: String(start + 2) } : {}),
    };
  }

  private updateComment(input: UpdateRelatedItemCommandInput) {
    this.check('UpdateRelatedItem', input);
    const comment = this.comments
      .get(input.caseId as string)
      ?.find((each) => each.relatedItemId === input.relatedItemId);
    if (!comment) throw missing(`related item ${input.relatedItemId}`, input.relatedItemId as string);
    comment.body = input.content?.comment?.body as string;
    return { relatedItemId: comment.relatedItemId };
  }
}

/** The inputs of every `command` the stub received, in order. */
export const inputsOf = <T>(stub: Stub, command: new (input: T) => unknown): T[] =>
  stub.commandCalls(command as never).map((call) => (call.args[0] as unknown as { input: T }).input);
