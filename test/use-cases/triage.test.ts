import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { DynamoDbTriageStore } from '../../lambdas/adapters/dynamodb-triage-store.ts';
import { routingRules } from '../../lambdas/config/routing-settings.ts';
import { defaultCaseTargetPolicy } from '../../lambdas/domain/decide-case-target.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalOutbox } from '../../lambdas/local/local-outbox.ts';
import { teamAssigner } from '../../lambdas/use-cases/case-routers.ts';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import { type EscalatePorts, escalateMention } from '../../lambdas/use-cases/escalate-mention.ts';
import { redactedText } from '../../lambdas/domain/queue-message.ts';
import { redactDeletedPost } from '../../lambdas/use-cases/redact-deleted-post.ts';
import { caseOfMention } from '../../lambdas/use-cases/case-of-mention.ts';
import { replyDesk } from '../../lambdas/use-cases/reply-desk.ts';
import { actOnTriageItem, type TriageActPorts } from '../../lambdas/use-cases/triage-act.ts';
import { actOnTriageItems } from '../../lambdas/use-cases/triage-bulk.ts';
import { listTriage } from '../../lambdas/use-cases/triage-list.ts';
import { getTriageView, type TriageViewPorts } from '../../lambdas/use-cases/triage-view.ts';
import {
  escalatePorts,
  fixedClock,
  queuedMention,
  RecordedTeamQueues,
  testPolicy,
} from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const policy = defaultCaseTargetPolicy;
// Unsupported languages always go to a person, whatever the classifier thinks of them.
const portuguese = (postId: string, extra: Record<string, unknown> = {}) =>
  queuedMention(postId, 'O meu cartão foi cobrado duas vezes e ninguém me responde, quero o reembolso', extra);
const stranger = (postId: string) =>
  queuedMention(postId, 'I was charged twice for my order and nobody has refunded me, fix this now');

describe('triage on DynamoDB Local', () => {
  let tables: TestTables;
  let names: TableNames;
  let ports: TriageActPorts & TriageViewPorts;
  let escalation: EscalatePorts;
  let teamQueues: RecordedTeamQueues;
  let desk: ReturnType<typeof replyDesk>;

  const escalate = (mention: ReturnType<typeof queuedMention>) => escalateMention(mention, escalation, testPolicy);

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    teamQueues = new RecordedTeamQueues();
    const clock = fixedClock('2030-01-02T10:00:00.000Z');
    escalation = escalatePorts(tables.documents, names, clock, undefined, teamQueues);
    const stores = dynamoDbPorts(tables.documents, names, clock);
    desk = replyDesk(
      {
        replies: new DynamoDbReplyStore(tables.documents, names.replies),
        sender: new LocalOutbox(),
        clock,
        cases: escalation.cases,
        caseOfMention: caseOfMention({
          triage: new DynamoDbTriageStore(tables.documents, names.triage),
          mentions: escalation.mentions,
        }),
      },
      { approvalRequired: false },
    );
    ports = {
      ...escalation,
      ...stores,
      triage: new DynamoDbTriageStore(tables.documents, names.triage),
      assignTeam: teamAssigner({ ...stores, work: stores.cases, teamQueues, clock }, routingRules),
      draftReply: desk.draft,
      repliesOf: desk.ofItem,
    };
  });

  it('queues what the bridge would not decide alone, in work order, with the reason', async () => {
    // Arrange
    await escalate(portuguese('10'));
    await escalate(stranger('11'));
    await escalate(queuedMention('12', 'Lovely weather for a walk today'));
    // Act
    const { items } = await listTriage({}, ports);
    const onlyDecide = await listTriage({ kind: 'decide', language: 'pt' }, ports);
    // Assert
    expect(items.map((item) => [item.itemId, item.kind])).toEqual([
      ['x:11', 'identify'],
      ['x:10', 'decide'],
    ]);
    expect(items[1]?.reason).toContain('written in "pt"');
    expect(items[0]).toMatchObject({ unknownCustomer: true, priority: items[0]?.priority });
    expect(onlyDecide.items.map((item) => item.itemId)).toEqual(['x:10']);
  });

  it('confirming a need opens a routed case, settles the item and keeps a training label', async () => {
    // Arrange
    await escalate(portuguese('20'));
    // Act
    const outcome = await actOnTriageItem('x:20', { action: 'confirm' }, 'sam', ports, policy);
    // Assert
    expect(outcome.item).toMatchObject({ state: 'done', outcome: { action: 'confirm', by: 'sam' } });
    expect(outcome.item.outcome?.label).toMatchObject({ intent: 'complaint', labelledBy: 'sam' });
    const opened = await ports.cases.getCase(outcome.caseId ?? '');
    expect(opened?.routing?.rule).toBeDefined();
    expect(teamQueues.sent).toEqual([{ queue: opened?.queue, caseId: outcome.caseId }]);
    expect(outcome.item.history).toEqual([
      {
        at: '2030-01-02T10:00:00.000Z',
        actor: 'sam',
        action: 'confirm',
        before: { state: 'open' },
        after: { state: 'done', caseId: outcome.caseId },
      },
    ]);
    await expect(actOnTriageItem('x:20', { action: 'confirm' }, 'kim', ports, policy)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'triage item x:20 was already settled by sam',
    });
  });

  it('dismissing an identify item closes its case; the label says what it was', async () => {
    // Arrange
    const { disposition } = await escalate(stranger('30'));
    // Act
    const outcome = await actOnTriageItem('x:30', { action: 'dismiss', as: 'spam' }, 'sam', ports, policy);
    const labels = await ports.triage.labels(10);
    // Assert
    expect((await ports.cases.getCase(disposition.caseId ?? ''))?.status).toBe('closed');
    expect(outcome.item.state).toBe('done');
    expect(labels).toEqual([expect.objectContaining({ mentionId: 'x:30', intent: 'spam' })]);
  });

  it('changes priority on the item and its case, audited before and after', async () => {
    // Arrange
    const { disposition } = await escalate(stranger('40'));
    // Act
    const outcome = await actOnTriageItem('x:40', { action: 'priority', priority: 'P1' }, 'sam', ports, policy);
    // Assert
    expect(outcome.item.priority).toBe('P1');
    expect(outcome.item.history.at(-1)).toMatchObject({ action: 'priority', after: { priority: 'P1' } });
    expect((await ports.cases.getCase(disposition.caseId ?? ''))?.priority).toBe('P1');
  });

  it('linking the author settles an identify item and moves the case to the customer', async () => {
    // Arrange
    const { disposition } = await escalate(stranger('50'));
    await ports.directory.putCustomer({ customerId: 'C1', name: 'Ana', updatedAt: '2030-01-01T00:00:00.000Z' });
    // Act
    const outcome = await actOnTriageItem('x:50', { action: 'link', customerId: 'C1' }, 'sam', ports, policy);
    // Assert
    expect(outcome.item).toMatchObject({ state: 'done', unknownCustomer: false });
    expect((await ports.cases.getCase(disposition.caseId ?? ''))?.party).toEqual({
      kind: 'customer',
      customerId: 'C1',
    });
    const view = await getTriageView('x:50', ports);
    expect(view.customer?.name).toBe('Ana');
    expect(view.customerTimeline).toHaveLength(1);
  });

  it('merges a mention into a chosen case, and assigns a team by hand', async () => {
    // Arrange
    const target = await escalate(stranger('60'));
    await escalate(portuguese('61'));
    // Act
    const merged = await actOnTriageItem(
      'x:61',
      { action: 'merge', caseId: target.disposition.caseId ?? '' },
      'sam',
      ports,
      policy,
    );
    const assigned = await actOnTriageItem('x:60', { action: 'assign', team: 'vip' }, 'sam', ports, policy);
    // Assert
    expect(merged.caseId).toBe(target.disposition.caseId);
    const theCase = await ports.cases.getCase(target.disposition.caseId ?? '');
    expect(theCase?.timeline.map((entry) => entry.mentionId)).toEqual(['x:60', 'x:61']);
    expect(assigned.item.team).toBe('vip');
    expect(theCase?.queue).toBe('vip');
    expect(theCase?.routing).toMatchObject({ queue: 'vip' });
  });

  it('drafts a reply and refuses one carrying personal data; the view lists the draft', async () => {
    // Arrange
    await escalate(stranger('70'));
    // Act
    const drafted = await actOnTriageItem(
      'x:70',
      { action: 'draft-reply', kind: 'public', text: 'Sorry about this, we are looking into it now.' },
      'sam',
      ports,
      policy,
    );
    // Assert
    expect(drafted.reply).toMatchObject({ state: 'draft', kind: 'public', createdBy: 'sam' });
    const sent = await desk.send((drafted.reply as { replyId: string }).replyId, 'sam');
    expect(sent.state).toBe('sent');
    const answered = await ports.cases.getCase((await ports.triage.get('x:70'))?.caseId ?? '');
    expect(answered?.firstRespondedAt).toBe('2030-01-02T10:00:00.000Z');
    const refused = actOnTriageItem(
      'x:70',
      { action: 'draft-reply', kind: 'public', text: 'Call us on +44 20 7946 0000 or write to help@example.com' },
      'sam',
      ports,
      policy,
    );
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const view = await getTriageView('x:70', ports);
    expect(view.replies).toHaveLength(1);
  });

  it("a deletion by the author redacts the item's excerpt and its training label", async () => {
    // Arrange
    await escalate(portuguese('90'));
    await actOnTriageItem('x:90', { action: 'dismiss', as: 'chatter' }, 'sam', ports, policy);
    // Act
    await redactDeletedPost(
      { type: 'deletion', network: 'x', postId: '90', deletedAt: '2030-01-02T11:00:00.000Z' },
      escalation,
    );
    // Assert
    const item = await ports.triage.get('x:90');
    expect(item?.excerpt).toBe(redactedText);
    expect(item?.outcome?.label?.text).toBe(redactedText);
    expect(JSON.stringify(await ports.triage.labels(10))).not.toContain('cobrado');
  });

  it('a bulk dismissal settles each item alone and says which failed', async () => {
    // Arrange
    await escalate(portuguese('80'));
    await escalate(portuguese('81'));
    await actOnTriageItem('x:81', { action: 'confirm' }, 'kim', ports, policy);
    // Act
    const { results } = await actOnTriageItems(
      { ids: ['x:80', 'x:81', 'x:nope'], action: { action: 'dismiss', as: 'chatter' } },
      'sam',
      ports,
      policy,
    );
    // Assert
    expect(results).toEqual([
      { id: 'x:80', status: 'ok' },
      { id: 'x:81', status: 'failed', code: 'CONFLICT', message: 'triage item x:81 was already settled by kim' },
      { id: 'x:nope', status: 'failed', code: 'NOT_FOUND', message: 'no triage item x:nope' },
    ]);
  });
});
