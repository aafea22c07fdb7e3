import { createHash } from 'node:crypto';
import {
  ConflictException,
  ConnectCasesClient,
  CreateCaseCommand,
  CreateRelatedItemCommand,
  GetCaseCommand,
  SearchCasesCommand,
  SearchRelatedItemsCommand,
  ThrottlingException,
  UpdateCaseCommand,
  UpdateRelatedItemCommand,
  ValidationException,
} from '@aws-sdk/client-connectcases';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnectCasesCaseSystem } from '../../../lambdas/adapters/connect-cases/connect-cases-case-system.ts';
import { loadConfig } from '../../../lambdas/config/load-config.ts';
import { ConnectCasesSettings } from '../../../lambdas/config/connect-cases-settings.ts';
import type { Case } from '../../../lambdas/domain/case.ts';
import { DomainError } from '../../../lambdas/domain/errors.ts';
import { FakeConnectCases, inputsOf } from './fake-connect-cases.ts';
import {
  annCase,
  annState,
  customerCase,
  domainId,
  env,
  fieldsRead,
  mentionEntry,
  profileArnOf,
  templateId,
  unlinkedProfileArn,
} from './fixtures.ts';

const connect = mockClient(ConnectCasesClient);
const client = new ConnectCasesClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const settings = loadConfig(ConnectCasesSettings, env);
let fake: FakeConnectCases;

/** A fresh adapter: what another Lambda instance (knowing no case ids yet) would be. */
const adapter = () => createConnectCasesCaseSystem(settings, client);

const firstConnectId = '00000000-0000-4000-8000-000000000001';
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

const comment = (caseId: string, body: string, actor = 'bridge') => ({
  domainId,
  caseId,
  type: 'Comment',
  content: { comment: { body, contentType: 'Text/Plain' } },
  performedBy: { customEntity: actor },
});

const annMentionBody = [
  'social mention on x, 2030-03-01T08:59:00.000Z',
  'charged twice for my card',
  'https://x.com/ann/status/m-1',
  '',
  `bridge-data: {"v":1,"key":"mention:m-1","entry":{"at":"2030-03-01T08:59:00.000Z","channel":"social","kind":"mention","summary":"charged twice for my card","mentionId":"m-1","network":"x","conversation":"x:conv-m-1","url":"https://x.com/ann/status/m-1"}}`,
].join('\n');

/** Opens `value` through the adapter and forgets the calls it took, so a test sees only its own. */
const opened = async (value: Case) => {
  const cases = adapter();
  await cases.createCase(value);
  connect.resetHistory();
  return cases;
};

describe('ConnectCasesCaseSystem', () => {
  beforeEach(() => {
    connect.reset();
    fake = new FakeConnectCases();
    fake.install(connect);
  });

  describe('createCase', () => {
    it('looks the case up, creates it from the template with the mapped fields and a client token, then comments its first mention', async () => {
      // Arrange
      const cases = adapter();
      // Act
      const result = await cases.createCase(annCase());
      // Assert
      expect(result).toEqual({ created: true, case: annCase() });
      expect(inputsOf(connect, SearchCasesCommand)).toEqual([
        {
          domainId,
          maxResults: 1,
          filter: { field: { equalTo: { id: 'f-case-id', value: { stringValue: 'case-ann' } } } },
          sorts: [{ fieldId: 'created_datetime', sortOrder: 'Asc' }],
          fields: fieldsRead,
        },
      ]);
      expect(inputsOf(connect, CreateCaseCommand)).toEqual([
        {
          domainId,
          templateId,
          clientToken: createHash('sha256').update('domain-1\u0000case-ann').digest('hex'),
          fields: [
            { id: 'title', value: { stringValue: 'billing · @ann on x' } },
            { id: 'status', value: { stringValue: 'open' } },
            { id: 'summary', value: { stringValue: 'charged twice for my card' } },
            { id: 'customer_id', value: { stringValue: unlinkedProfileArn } },
            { id: 'f-case-id', value: { stringValue: 'case-ann' } },
            { id: 'f-party-key', value: { stringValue: 'social#x#u-1' } },
            { id: 'f-priority', value: { stringValue: 'high' } },
            { id: 'f-topic', value: { stringValue: 'billing' } },
            { id: 'f-queue', value: { stringValue: 'billing-team' } },
            { id: 'f-bridge-state', value: { stringValue: annState() } },
          ],
          performedBy: { customEntity: 'bridge' },
        },
      ]);
      expect(inputsOf(connect, CreateRelatedItemCommand)).toEqual([comment(firstConnectId, annMentionBody)]);
    });

    it('gives a linked customer their Customer Profiles ARN in customer_id and their id in the customer field', async () => {
      // Arrange
      const cases = adapter();
      // Act
      await cases.createCase(customerCase());
      // Assert
      const [created] = inputsOf(connect, CreateCaseCommand);
      expect(
        created?.fields?.filter((field) => ['customer_id', 'f-customer-id', 'f-party-key'].includes(field.id ?? '')),
      ).toEqual([
        { id: 'customer_id', value: { stringValue: profileArnOf('c-42') } },
        { id: 'f-party-key', value: { stringValue: 'customer#c-42' } },
        { id: 'f-customer-id', value: { stringValue: 'c-42' } },
      ]);
    });

    it('reads back the very case it created', async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      const read = await cases.getCase('case-ann');
      // Assert
      expect(read).toEqual(annCase());
      expect(inputsOf(connect, GetCaseCommand)).toEqual([{ domainId, caseId: firstConnectId, fields: fieldsRead }]);
      expect(inputsOf(connect, SearchRelatedItemsCommand)[0]).toEqual({
        domainId,
        caseId: firstConnectId,
        filters: [{ comment: {} }],
        maxResults: 25,
      });
    });

    it('sends a retried creation with the same client token, and gets the same case without a second comment', async () => {
      // Arrange: the first attempt's case is not in search results yet, and the retry runs elsewhere
      await adapter().createCase(annCase());
      fake.unindexed.add(firstConnectId);
      // Act
      const retried = await adapter().createCase({ ...annCase(), createdAt: '2030-03-01T09:00:05.000Z' });
      // Assert
      const [first, second] = inputsOf(connect, CreateCaseCommand);
      expect(second?.clientToken).toBe(first?.clientToken);
      expect(retried.created).toBe(false);
      expect(retried.case.caseId).toBe('case-ann');
      expect(fake.cases.size).toBe(1);
      expect(inputsOf(connect, CreateRelatedItemCommand)).toHaveLength(1);
    });

    it('finishes a creation whose first comment failed: the retry finds the case and writes only that comment', async () => {
      // Arrange
      const cases = adapter();
      fake.failNext('CreateRelatedItem', throttled());
      await expect(cases.createCase(annCase())).rejects.toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        retryable: true,
      });
      // Act
      const retried = await cases.createCase(annCase());
      // Assert
      expect(retried).toEqual({ created: false, case: annCase() });
      expect(inputsOf(connect, CreateCaseCommand)).toHaveLength(1);
      expect(fake.commentBodies(firstConnectId)).toEqual([annMentionBody]);
    });
  });

  describe('appendInteraction', () => {
    const second = mentionEntry('m-2', '2030-03-01T11:00:00.000Z', 'and again today');
    const appendedAt = '2030-03-01T11:00:30.000Z';
    const secondBody = [
      'social mention on x, 2030-03-01T11:00:00.000Z',
      'and again today',
      'https://x.com/ann/status/m-2',
      '',
      `bridge-data: {"v":1,"key":"mention:m-2","entry":{"at":"2030-03-01T11:00:00.000Z","channel":"social","kind":"mention","summary":"and again today","mentionId":"m-2","network":"x","conversation":"x:conv-m-2","url":"https://x.com/ann/status/m-2"},"addedAt":"2030-03-01T11:00:30.000Z"}`,
    ].join('\n');

    it('adds the interaction as a comment carrying its entry key', async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      const result = await cases.appendInteraction('case-ann', second, appendedAt);
      // Assert
      expect(result).toEqual({ appended: true, caseId: 'case-ann' });
      expect(inputsOf(connect, CreateRelatedItemCommand)).toEqual([comment(firstConnectId, secondBody)]);
      const read = await cases.getCase('case-ann');
      expect(read?.timeline.map((entry) => entry.mentionId)).toEqual(['m-1', 'm-2']);
      expect(read?.conversations).toEqual(['x:conv-m-1', 'x:conv-m-2']);
      expect(read?.updatedAt).toBe(appendedAt);
      expect(read?.audit.at(-1)).toEqual({
        at: appendedAt,
        actor: 'bridge',
        action: 'interaction-added',
        after: { channel: 'social', kind: 'mention', mentionId: 'm-2' },
      });
    });

    it('adds the same mention once, however often it is delivered', async () => {
      // Arrange
      const cases = await opened(annCase());
      await cases.appendInteraction('case-ann', second, appendedAt);
      // Act
      const again = await adapter().appendInteraction('case-ann', second, '2030-03-01T11:05:00.000Z');
      // Assert
      expect(again).toEqual({ appended: false, caseId: 'case-ann' });
      expect(inputsOf(connect, CreateRelatedItemCommand)).toHaveLength(1);
    });

    it('finds a case it has not seen with a search on the case-id field, and says NOT_FOUND for none', async () => {
      // Arrange
      await opened(annCase());
      const elsewhere = adapter();
      // Act
      const result = await elsewhere.appendInteraction('case-ann', second, appendedAt);
      const missing = elsewhere.appendInteraction('case-nobody', second, appendedAt);
      // Assert
      expect(result.appended).toBe(true);
      await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(inputsOf(connect, SearchCasesCommand).map((input) => input.filter)).toEqual([
        { field: { equalTo: { id: 'f-case-id', value: { stringValue: 'case-ann' } } } },
        { field: { equalTo: { id: 'f-case-id', value: { stringValue: 'case-nobody' } } } },
      ]);
    });
  });

  describe('casesOfParty', () => {
    it("searches a customer's cases on the customer field or their profile ARN, newest first, phone cases included", async () => {
      // Arrange
      const cases = await opened(customerCase());
      const phoneCase = '5f0e7c1a-3b2d-4e8f-9a6b-1c2d3e4f5a6b';
      fake.addForeignCase(phoneCase, { title: 'Card blocked', status: 'open', customer_id: profileArnOf('c-42') });
      fake.addAgentComment(
        phoneCase,
        'Customer called about a blocked card.',
        'arn:aws:connect:eu-west-1:111122223333:instance/i/agent/a-7',
      );
      // Act
      const found = await cases.casesOfParty({ kind: 'customer', customerId: 'c-42' }, 10);
      // Assert
      expect(inputsOf(connect, SearchCasesCommand)).toEqual([
        {
          domainId,
          maxResults: 10,
          filter: {
            orAll: [
              { field: { equalTo: { id: 'f-customer-id', value: { stringValue: 'c-42' } } } },
              { field: { equalTo: { id: 'customer_id', value: { stringValue: profileArnOf('c-42') } } } },
            ],
          },
          sorts: [{ fieldId: 'created_datetime', sortOrder: 'Desc' }],
          fields: fieldsRead,
        },
      ]);
      expect(found.map((value) => value.caseId)).toEqual([phoneCase, 'case-c42']);
      expect(found[0]).toMatchObject({
        party: { kind: 'customer', customerId: 'c-42' },
        originChannel: 'phone',
        status: 'open',
        priority: 'P3',
        topic: 'other',
        timeline: [
          {
            channel: 'phone',
            kind: 'note',
            summary: 'Customer called about a blocked card.',
            by: 'arn:aws:connect:eu-west-1:111122223333:instance/i/agent/a-7',
          },
        ],
      });
      expect(found[1]).toEqual(customerCase());
    });

    it("searches a social account's cases on the party-key field", async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      const found = await cases.casesOfParty(annCase().party, 5);
      // Assert
      expect(inputsOf(connect, SearchCasesCommand).map((input) => input.filter)).toEqual([
        { field: { equalTo: { id: 'f-party-key', value: { stringValue: 'social#x#u-1' } } } },
      ]);
      expect(found).toEqual([annCase()]);
    });
  });

  describe('changeCase', () => {
    const changedAt = '2030-03-01T12:00:00.000Z';

    it('sends the mapped status value and the state in UpdateCase, then the audit entry as a comment', async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      const outcome = await cases.changeCase('case-ann', { kind: 'status', to: 'resolved' }, changedAt, 'agent-7');
      // Assert
      expect(inputsOf(connect, UpdateCaseCommand)).toEqual([
        {
          domainId,
          caseId: firstConnectId,
          fields: [
            { id: 'status', value: { stringValue: 'resolved' } },
            {
              id: 'f-bridge-state',
              value: {
                stringValue: annState({ status: 'resolved', updatedAt: changedAt, version: 1, resolvedAt: changedAt }),
              },
            },
          ],
          performedBy: { customEntity: 'agent-7' },
        },
      ]);
      expect(inputsOf(connect, CreateRelatedItemCommand)).toEqual([
        comment(
          firstConnectId,
          [
            'status-changed by agent-7, 2030-03-01T12:00:00.000Z',
            'status: open → resolved',
            '',
            'bridge-data: {"v":1,"audit":{"at":"2030-03-01T12:00:00.000Z","actor":"agent-7","action":"status-changed","before":{"status":"open"},"after":{"status":"resolved"}}}',
          ].join('\n'),
          'agent-7',
        ),
      ]);
      expect(outcome.changed).toBe(true);
      expect(await cases.getCase('case-ann')).toEqual(outcome.case);
    });

    it('sends the mapped priority value, and nothing for a change to what the case already is', async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      await cases.changeCase('case-ann', { kind: 'priority', priority: 'P1' }, changedAt, 'agent-7');
      const unchanged = await cases.changeCase('case-ann', { kind: 'priority', priority: 'P1' }, changedAt, 'agent-7');
      // Assert
      expect(inputsOf(connect, UpdateCaseCommand).map((input) => input.fields?.[0])).toEqual([
        { id: 'f-priority', value: { stringValue: 'urgent' } },
      ]);
      expect(unchanged.changed).toBe(false);
    });

    it('empties the assignee field when a case is taken off its assignee', async () => {
      // Arrange
      const cases = await opened({ ...annCase(), assignee: 'agent-7' });
      // Act
      await cases.changeCase('case-ann', { kind: 'assign', assignee: null }, changedAt, 'lead-1');
      // Assert
      expect(inputsOf(connect, UpdateCaseCommand)[0]?.fields?.[0]).toEqual({
        id: 'f-assignee',
        value: { emptyValue: {} },
      });
      expect((await cases.getCase('case-ann'))?.assignee).toBeUndefined();
    });

    it('refuses a transition the lifecycle forbids with CONFLICT, sending no UpdateCase and no comment', async () => {
      // Arrange
      const cases = await opened(annCase());
      await cases.changeCase('case-ann', { kind: 'status', to: 'closed' }, changedAt, 'agent-7');
      connect.resetHistory();
      // Act
      const reopening = cases.changeCase(
        'case-ann',
        { kind: 'status', to: 'open' },
        '2030-03-01T13:00:00.000Z',
        'agent-7',
      );
      // Assert
      await expect(reopening).rejects.toBeInstanceOf(DomainError);
      await expect(reopening).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(inputsOf(connect, UpdateCaseCommand)).toEqual([]);
      expect(inputsOf(connect, CreateRelatedItemCommand)).toEqual([]);
    });
  });

  describe('mergeCases', () => {
    const mergedAt = '2030-03-01T14:00:00.000Z';
    const sourceConnectId = firstConnectId;
    const targetConnectId = '00000000-0000-4000-8000-000000000002';

    const openBoth = async () => {
      const cases = adapter();
      await cases.createCase(annCase());
      await cases.createCase(customerCase());
      connect.resetHistory();
      return cases;
    };

    it("copies the source's comments into the target marked with their case, then closes the source pointing at the target", async () => {
      // Arrange
      const cases = await openBoth();
      // Act
      const result = await cases.mergeCases('case-c42', 'case-ann', mergedAt, 'agent-7');
      // Assert
      const copies = inputsOf(connect, CreateRelatedItemCommand);
      expect(copies.map((input) => input.caseId)).toEqual([
        targetConnectId,
        targetConnectId,
        targetConnectId,
        sourceConnectId,
      ]);
      expect(copies[1]?.content?.comment?.body).toBe(
        [
          'social mention on x, 2030-03-01T08:59:00.000Z (from case case-ann)',
          'charged twice for my card',
          'https://x.com/ann/status/m-1',
          '',
          `bridge-data: {"v":1,"key":"mention:m-1","entry":{"at":"2030-03-01T08:59:00.000Z","channel":"social","kind":"mention","summary":"charged twice for my card","mentionId":"m-1","network":"x","conversation":"x:conv-m-1","url":"https://x.com/ann/status/m-1","fromCase":"case-ann"}}`,
        ].join('\n'),
      );
      const [targetUpdate, sourceUpdate] = inputsOf(connect, UpdateCaseCommand);
      expect(targetUpdate?.caseId).toBe(targetConnectId);
      expect(targetUpdate?.fields?.slice(0, -1)).toEqual([{ id: 'f-priority', value: { stringValue: 'high' } }]);
      expect(JSON.parse(targetUpdate?.fields?.at(-1)?.value?.stringValue ?? '{}')).toMatchObject({
        priority: 'P2',
        mergedFrom: ['case-ann'],
        due: { firstResponseAt: '2030-03-01T10:00:00.000Z', resolutionAt: '2030-03-02T09:00:00.000Z' },
      });
      expect(sourceUpdate).toEqual({
        domainId,
        caseId: sourceConnectId,
        fields: [
          { id: 'status', value: { stringValue: 'closed' } },
          {
            id: 'f-bridge-state',
            value: {
              stringValue: annState({ status: 'closed', updatedAt: mergedAt, version: 1, mergedInto: 'case-c42' }),
            },
          },
        ],
        performedBy: { customEntity: 'agent-7' },
      });
      expect(result.merged).toBe(true);
      const target = await cases.getCase('case-c42');
      expect(target?.timeline.map((entry) => [entry.mentionId, entry.fromCase])).toEqual([
        ['m-1', 'case-ann'],
        ['m-10', undefined],
      ]);
      expect(target?.audit.map((entry) => [entry.action, entry.fromCase])).toEqual([
        ['created', 'case-ann'],
        ['created', undefined],
        ['merged-in', undefined],
      ]);
      expect(await cases.getCase('case-ann')).toMatchObject({ status: 'closed', mergedInto: 'case-c42' });
    });

    it('changes nothing when merged again, and sends later contacts of the source to the target', async () => {
      // Arrange
      const cases = await openBoth();
      await cases.mergeCases('case-c42', 'case-ann', mergedAt, 'agent-7');
      connect.resetHistory();
      // Act
      const again = await cases.mergeCases('case-c42', 'case-ann', '2030-03-01T15:00:00.000Z', 'agent-7');
      const appended = await cases.appendInteraction(
        'case-ann',
        mentionEntry('m-3', '2030-03-01T15:30:00.000Z', 'any news?'),
        '2030-03-01T15:30:10.000Z',
      );
      // Assert
      expect(again.merged).toBe(false);
      expect(inputsOf(connect, UpdateCaseCommand)).toEqual([]);
      expect(appended).toEqual({ appended: true, caseId: 'case-c42' });
      expect(inputsOf(connect, CreateRelatedItemCommand).map((input) => input.caseId)).toEqual([targetConnectId]);
    });

    it('finishes a merge that stopped half-way without copying anything twice', async () => {
      // Arrange
      const cases = await openBoth();
      fake.failNext('UpdateCase', throttled(), (input) => input.caseId === sourceConnectId);
      await expect(cases.mergeCases('case-c42', 'case-ann', mergedAt, 'agent-7')).rejects.toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        retryable: true,
      });
      // Act
      const retried = await adapter().mergeCases('case-c42', 'case-ann', '2030-03-01T14:00:05.000Z', 'agent-7');
      // Assert
      expect(retried.merged).toBe(true);
      expect(retried.source.audit.filter((entry) => entry.action === 'merged-into')).toHaveLength(1);
      expect(fake.field(sourceConnectId, 'status')).toBe('closed');
      expect(fake.commentBodies(targetConnectId)).toHaveLength(1 + 3);
      expect(fake.commentBodies(sourceConnectId)).toHaveLength(1 + 1);
      expect((await cases.getCase('case-c42'))?.mergedFrom).toEqual(['case-ann']);
    });

    it('refuses to merge a closed case with CONFLICT, writing nothing', async () => {
      // Arrange
      const cases = await openBoth();
      await cases.changeCase('case-ann', { kind: 'status', to: 'closed' }, mergedAt, 'agent-7');
      connect.resetHistory();
      // Act
      const merging = cases.mergeCases('case-c42', 'case-ann', mergedAt, 'agent-7');
      // Assert
      await expect(merging).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(inputsOf(connect, UpdateCaseCommand)).toEqual([]);
      expect(inputsOf(connect, CreateRelatedItemCommand)).toEqual([]);
    });
  });

  describe('reviseInteraction', () => {
    it("rewrites the mention's comment with UpdateRelatedItem", async () => {
      // Arrange
      const cases = await opened(annCase());
      // Act
      const result = await cases.reviseInteraction(
        'case-ann',
        'm-1',
        '[deleted by its author]',
        '2030-03-02T08:00:00.000Z',
      );
      // Assert
      expect(result).toEqual({ revised: true });
      expect(inputsOf(connect, UpdateRelatedItemCommand)).toEqual([
        {
          domainId,
          caseId: firstConnectId,
          relatedItemId: `${firstConnectId}-item-0`,
          content: {
            comment: {
              body: annMentionBody.replaceAll('charged twice for my card', '[deleted by its author]'),
              contentType: 'Text/Plain',
            },
          },
          performedBy: { customEntity: 'bridge' },
        },
      ]);
      expect((await cases.getCase('case-ann'))?.timeline[0]?.summary).toBe('[deleted by its author]');
    });

    it('reaches the copy a merge made, and says revised: false for a mention the case does not hold', async () => {
      // Arrange
      const cases = adapter();
      await cases.createCase(annCase());
      await cases.createCase(customerCase());
      await cases.mergeCases('case-c42', 'case-ann', '2030-03-01T14:00:00.000Z', 'agent-7');
      connect.resetHistory();
      // Act
      const revised = await cases.reviseInteraction('case-ann', 'm-1', '[deleted]', '2030-03-02T08:00:00.000Z');
      const unknown = await cases.reviseInteraction('case-c42', 'm-404', '[deleted]', '2030-03-02T08:00:00.000Z');
      // Assert
      expect(revised).toEqual({ revised: true });
      expect(unknown).toEqual({ revised: false });
      expect(inputsOf(connect, UpdateRelatedItemCommand).map((input) => input.caseId)).toEqual([
        firstConnectId,
        '00000000-0000-4000-8000-000000000002',
      ]);
      expect((await cases.getCase('case-c42'))?.timeline.find((entry) => entry.mentionId === 'm-1')?.summary).toBe(
        '[deleted]',
      );
    });
  });

  describe('listCases', () => {
    it("searches on the status field's option value and pages with Connect's nextToken as the cursor", async () => {
      // Arrange
      const cases = adapter();
      await cases.createCase(annCase());
      await cases.createCase(customerCase());
      connect.resetHistory();
      // Act
      const first = await cases.listCases({ status: 'open', limit: 1 });
      const second = await cases.listCases({ status: 'open', limit: 1, cursor: first.nextCursor as string });
      // Assert
      expect(inputsOf(connect, SearchCasesCommand)).toEqual([
        {
          domainId,
          maxResults: 1,
          filter: { field: { equalTo: { id: 'status', value: { stringValue: 'open' } } } },
          sorts: [{ fieldId: 'created_datetime', sortOrder: 'Desc' }],
          fields: fieldsRead,
        },
        {
          domainId,
          maxResults: 1,
          filter: { field: { equalTo: { id: 'status', value: { stringValue: 'open' } } } },
          sorts: [{ fieldId: 'created_datetime', sortOrder: 'Desc' }],
          fields: fieldsRead,
          nextToken: 'page-from-1',
        },
      ]);
      expect(first).toEqual({ items: [customerCase()], nextCursor: 'page-from-1' });
      expect(second).toEqual({ items: [annCase()] });
    });

    it('keeps to the status asked for when two statuses share an option', async () => {
      // Arrange: new and open are both Connect's "open"
      const cases = await opened(annCase());
      // Act
      const fresh = await cases.listCases({ status: 'new', limit: 10 });
      // Assert
      expect(fresh).toEqual({ items: [] });
    });
  });

  describe('errors', () => {
    it('reports throttling as a retryable DEPENDENCY_UNAVAILABLE', async () => {
      // Arrange
      connect.on(SearchCasesCommand).rejects(throttled());
      // Act
      const reading = adapter().getCase('case-ann');
      // Assert
      await expect(reading).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    });

    it('reports a rejected CreateCase as a non-retryable error that points at the field map', async () => {
      // Arrange
      connect
        .on(CreateCaseCommand)
        .rejects(new ValidationException({ message: 'Field f-priority option high does not exist', $metadata: {} }));
      // Act
      const creating = adapter().createCase(annCase());
      // Assert
      await expect(creating).rejects.toMatchObject({
        code: 'INTERNAL',
        retryable: false,
        message: expect.stringContaining('CONNECT_CASES_FIELD_MAP'),
      });
    });

    it('asks for a retry when the client token was spent on an attempt whose case search does not show yet', async () => {
      // Arrange
      connect
        .on(CreateCaseCommand)
        .rejects(new ConflictException({ message: 'Idempotency token reused', $metadata: {} }));
      // Act
      const creating = adapter().createCase(annCase());
      // Assert
      await expect(creating).rejects.toMatchObject({
        code: 'CONFLICT',
        retryable: true,
        message: 'case case-ann is being created; try again',
      });
    });

    it('reads a case whose id was never used as missing, not as an error', async () => {
      // Arrange
      const cases = adapter();
      // Act
      const missing = await cases.getCase('0b7e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
      // Assert
      expect(missing).toBeUndefined();
      expect(inputsOf(connect, GetCaseCommand).map((input) => input.caseId)).toEqual([
        '0b7e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      ]);
    });
  });
});
