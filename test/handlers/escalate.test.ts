import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../lambdas/domain/case.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { CaseSystem } from '../../lambdas/ports/case-system.ts';
import { createEscalateHandler } from '../../lambdas/handlers/escalate.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import type { DeadLetters } from '../../lambdas/ports/dead-letters.ts';
import type { EscalatePorts } from '../../lambdas/use-cases/escalate-mention.ts';
import { contextFor } from '../support/api-event.ts';
import { escalatePorts, queuedMention, sqsEvent, testPolicy } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

class RecordedDeadLetters implements DeadLetters {
  readonly letters: { body: string; code: string; reason: string; source: string }[] = [];
  async put(letter: { body: string; code: string; reason: string; source: string }) {
    this.letters.push(letter);
  }
}

const needs = [
  queuedMention('1', 'My parcel never arrived and I want a refund now'),
  queuedMention('2', 'Your app is down again, I cannot log in to my account'),
  queuedMention('3', 'Charged twice for the same order, this is unacceptable'),
];
const chatter = queuedMention('4', 'Watching the match tonight with friends');

describe('escalate handler on DynamoDB Local', () => {
  let tables: TestTables;
  let names: TableNames;
  let ports: EscalatePorts;
  let deadLetters: RecordedDeadLetters;

  const scan = async (table: string) =>
    (await tables.documents.send(new ScanCommand({ TableName: table }))).Items ?? [];
  const handlerWith = (overrides: Partial<EscalatePorts> = {}) =>
    createEscalateHandler({ ...ports, ...overrides }, deadLetters, testPolicy, observability('escalate'));

  beforeAll(async () => {
    tables = await startTestTables();
  });
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    ports = escalatePorts(tables.documents, names);
    deadLetters = new RecordedDeadLetters();
  });

  it('records one disposition per mention and one case per confident need', async () => {
    // Arrange
    const event = sqsEvent([...needs, chatter].map((m) => JSON.stringify(m)));
    // Act
    const reply = await handlerWith()(event, contextFor('escalate'));
    // Assert
    expect(reply).toEqual({ batchItemFailures: [] });
    const mentions = await scan(names.mentions);
    expect(mentions.map((m) => m.dispositionKind).sort()).toEqual([
      'case-created',
      'case-created',
      'case-created',
      'chatter',
    ]);
    const cases = await scan(names.cases);
    expect(cases).toHaveLength(3);
    expect(cases.map((c) => c.status)).toEqual(['open', 'open', 'open']);
  });

  it('delivering the same batch twice changes nothing: no second case, no second disposition', async () => {
    // Arrange
    const event = sqsEvent(needs.map((m) => JSON.stringify(m)));
    const handler = handlerWith();
    await handler(event, contextFor('escalate'));
    const casesBefore = await scan(names.cases);
    const mentionsBefore = await scan(names.mentions);
    // Act
    const again = await handler(
      sqsEvent(
        needs.map((m) => JSON.stringify(m)),
        2,
      ),
      contextFor('escalate'),
    );
    // Assert
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await scan(names.cases)).toEqual(casesBefore);
    expect(await scan(names.mentions)).toEqual(mentionsBefore);
  });

  it('reports only the record that failed for a retryable reason; the rest are committed once', async () => {
    // Arrange: the case store fails for one mention only, as a throttled write would.
    const poisoned = needs[1]?.mentionId;
    const cases = ports.cases;
    const flakyCases: CaseSystem = Object.assign(Object.create(cases) as CaseSystem, {
      createCase: async (newCase: Case) => {
        if (newCase.timeline[0]?.mentionId === poisoned) {
          throw new DomainError('DEPENDENCY_UNAVAILABLE', 'ProvisionedThroughputExceededException', {
            retryable: true,
          });
        }
        return cases.createCase(newCase);
      },
    });
    const flaky = { ...ports, cases: flakyCases };
    const event = sqsEvent(needs.map((m) => JSON.stringify(m)));
    // Act
    const reply = await handlerWith(flaky)(event, contextFor('escalate'));
    // Assert
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    const recorded = await scan(names.mentions);
    expect(recorded.map((m) => m.mentionId).sort()).toEqual(['x:1', 'x:3']);
    expect(await scan(names.cases)).toHaveLength(2);
    expect(deadLetters.letters).toHaveLength(0);

    // Act: SQS redelivers the failed record, now that the store answers.
    const retry = await handlerWith()(sqsEvent([JSON.stringify(needs[1])], 2), contextFor('escalate'));
    // Assert
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await scan(names.cases)).toHaveLength(3);
    expect((await scan(names.mentions)).map((m) => m.mentionId).sort()).toEqual(['x:1', 'x:2', 'x:3']);
  });

  it('parks a record that can never succeed on the dead-letter queue with its reason, without retrying it', async () => {
    // Arrange
    const bad = JSON.stringify({ ...needs[0], text: '' });
    const event = sqsEvent(['this is not json', bad, JSON.stringify(needs[2])]);
    // Act
    const reply = await handlerWith()(event, contextFor('escalate'));
    // Assert
    expect(reply).toEqual({ batchItemFailures: [] });
    expect(deadLetters.letters).toEqual([
      expect.objectContaining({ body: 'this is not json', code: 'INVALID_JSON', source: 'msg-0' }),
      expect.objectContaining({
        body: bad,
        code: 'VALIDATION_FAILED',
        reason: expect.stringContaining('text'),
        source: 'msg-1',
      }),
    ]);
    expect((await scan(names.mentions)).map((m) => m.mentionId)).toEqual(['x:3']);
  });

  it('joins a reply in the same thread to the case its conversation is on', async () => {
    // Arrange
    const handler = handlerWith();
    await handler(sqsEvent([JSON.stringify(needs[0])]), contextFor('escalate'));
    const reply = queuedMention('10', 'Thanks, any update on this?', {
      inReplyTo: '1',
      author: { id: 'author-1', handle: 'handle1' },
    });
    // Act
    await handler(sqsEvent([JSON.stringify(reply)]), contextFor('escalate'));
    // Assert
    const [onlyCase] = await scan(names.cases);
    expect(onlyCase?.timeline.map((entry: { mentionId: string }) => entry.mentionId)).toEqual(['x:1', 'x:10']);
    const record = await ports.mentions.getRecord('x:10');
    expect(record?.disposition).toMatchObject({ kind: 'case-appended', caseId: onlyCase?.caseId });
  });

  it('marks the same text from the same author under a new post id as a duplicate', async () => {
    const handler = handlerWith();
    const first = queuedMention('20', 'Where is my refund??', { author: { id: 'a', handle: 'a' } });
    const repeat = queuedMention('21', 'where is my   refund??', { author: { id: 'a', handle: 'a' } });
    await handler(sqsEvent([JSON.stringify(first)]), contextFor('escalate'));
    await handler(sqsEvent([JSON.stringify(repeat)]), contextFor('escalate'));
    expect((await ports.mentions.getRecord('x:21'))?.disposition).toMatchObject({
      kind: 'duplicate',
      duplicateOf: 'x:20',
    });
  });

  describe('edits and deletions by the author', () => {
    const deletion = (postId: string) =>
      JSON.stringify({ type: 'deletion', network: 'x', postId, deletedAt: '2026-11-02T11:00:00.000Z' });

    it('redacts a deleted post everywhere: record, reasons and the case timeline, once', async () => {
      // Arrange
      const handler = handlerWith();
      await handler(sqsEvent([JSON.stringify(needs[0])]), contextFor('escalate'));
      // Act: the deletion arrives twice, as webhooks may.
      const first = await handler(sqsEvent([deletion('1')]), contextFor('escalate'));
      const second = await handler(sqsEvent([deletion('1')], 2), contextFor('escalate'));
      // Assert
      expect(first).toEqual({ batchItemFailures: [] });
      expect(second).toEqual({ batchItemFailures: [] });
      const record = await ports.mentions.getRecord('x:1');
      expect(record?.mention).toMatchObject({ text: '[deleted by its author]', deletedAt: '2026-11-02T11:00:00.000Z' });
      expect(record?.disposition.kind).toBe('case-created');
      expect(JSON.stringify(record)).not.toContain('refund');
      const [onlyCase] = await scan(names.cases);
      expect(onlyCase?.timeline[0].summary).toBe('[deleted by its author]');
      expect(JSON.stringify(onlyCase)).not.toContain('refund');
    });

    it('never shows a post whose deletion overtook it: withdrawn, no case, no text', async () => {
      // Arrange
      const handler = handlerWith();
      await handler(sqsEvent([deletion('2')]), contextFor('escalate'));
      // Act
      await handler(sqsEvent([JSON.stringify(needs[1])]), contextFor('escalate'));
      // Assert
      const record = await ports.mentions.getRecord('x:2');
      expect(record?.disposition).toMatchObject({
        kind: 'rejected',
        reason: 'deleted by its author before it was decided',
      });
      expect(record?.mention.text).toBe('[deleted by its author]');
      expect(await scan(names.cases)).toHaveLength(0);
    });

    it('revises the text of an edited post on the record and the case, keeping the decision', async () => {
      // Arrange
      const handler = handlerWith();
      await handler(sqsEvent([JSON.stringify(needs[2])]), contextFor('escalate'));
      const before = await ports.mentions.getRecord('x:3');
      const edited = { ...needs[2], text: 'Charged twice for order 88, please refund one payment', edited: true };
      // Act
      const reply = await handler(sqsEvent([JSON.stringify(edited)]), contextFor('escalate'));
      // Assert
      expect(reply).toEqual({ batchItemFailures: [] });
      const after = await ports.mentions.getRecord('x:3');
      expect(after?.mention).toMatchObject({ text: edited.text, edited: true });
      expect(after?.disposition).toEqual(before?.disposition);
      const [onlyCase] = await scan(names.cases);
      expect(onlyCase?.timeline).toHaveLength(1);
      expect(onlyCase?.timeline[0].summary).toBe(edited.text);
    });

    it('ignores a redelivered copy that is not an edit', async () => {
      const handler = handlerWith();
      await handler(sqsEvent([JSON.stringify(needs[2])]), contextFor('escalate'));
      await handler(sqsEvent([JSON.stringify({ ...needs[2], text: 'something else' })]), contextFor('escalate'));
      expect((await ports.mentions.getRecord('x:3'))?.mention.text).toBe(needs[2]?.text);
    });
  });
});
