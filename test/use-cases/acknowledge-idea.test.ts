import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { ideaAcknowledgementId } from '../../lambdas/domain/closing-the-loop.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { LocalProductFeedback } from '../../lambdas/local/local-product-feedback.ts';
import { type AcknowledgeIdeaPorts, acknowledgeIdea } from '../../lambdas/use-cases/acknowledge-idea.ts';
import { aMentionRecord } from '../support/mention-record-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const now = '2030-01-03T10:00:00.000Z';

const idea = aMentionRecord('900', {
  text: 'You should add a dark mode to the app, mail me at ana@example.com when you do',
  classification: { intent: 'idea', serviceNeed: false, topic: 'product-quality' },
});

const thanks = 'Hi @ana, thank you for the suggestion — we have passed it on to our product team.';

describe('acknowledgeIdea (DynamoDB Local)', () => {
  let tables: TestTables;
  let names: TableNames;
  let replies: DynamoDbReplyStore;
  let feedback: LocalProductFeedback;
  let ports: AcknowledgeIdeaPorts;

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    names = await tables.fresh();
    replies = new DynamoDbReplyStore(tables.documents, names.replies);
    feedback = new LocalProductFeedback();
    ports = { replies, feedback, clock: { now: () => new Date(now) } };
  });

  it('passes a classified idea to the product team, masked, and drafts thanks on its thread', async () => {
    // Act
    const outcome = await acknowledgeIdea(idea, ports);
    // Assert
    const replyId = ideaAcknowledgementId('x:900');
    expect(outcome).toEqual({ kind: 'acknowledged', replyId, submitted: true });
    expect(feedback.items()).toEqual([
      {
        mentionId: 'x:900',
        network: 'x',
        text: 'You should add a dark mode to the app, mail me at [email] when you do',
        authorHandle: 'ana',
        topic: 'product-quality',
        at: '2030-01-02T09:00:00.000Z',
      },
    ]);
    expect(await replies.get(replyId)).toEqual({
      replyId,
      itemId: 'x:900',
      mentionId: 'x:900',
      network: 'x',
      kind: 'public',
      text: thanks,
      state: 'draft',
      createdBy: 'bridge',
      createdAt: now,
      inReplyTo: '900',
    });
  });

  it('acknowledges once however often it is asked', async () => {
    // Arrange
    const submitted: string[] = [];
    const counting: AcknowledgeIdeaPorts = {
      ...ports,
      feedback: { submit: async (item) => void submitted.push(item.mentionId) },
    };
    await acknowledgeIdea(idea, counting);
    // Act
    const again = await acknowledgeIdea(idea, counting);
    // Assert
    expect(again).toEqual({ kind: 'acknowledged', replyId: ideaAcknowledgementId('x:900'), submitted: false });
    expect(submitted).toEqual(['x:900']);
    expect(await replies.listByItem('x:900', 10)).toHaveLength(1);
  });

  it('leaves a mention the classifier did not read as an idea alone', async () => {
    // Arrange
    const praise = aMentionRecord('901', { classification: { intent: 'praise', serviceNeed: false } });
    // Act
    const outcome = await acknowledgeIdea(praise, ports);
    // Assert
    expect(outcome).toEqual({ kind: 'skipped', reason: 'not-an-idea' });
    expect(feedback.items()).toEqual([]);
    expect(await replies.listByItem('x:901', 10)).toEqual([]);
  });

  it('acknowledges a mention a person dismissed in triage as an idea, whatever the classifier read', async () => {
    // Arrange
    const chatter = aMentionRecord('902', { classification: { intent: 'chatter', serviceNeed: false } });
    // Act
    const outcome = await acknowledgeIdea(chatter, ports, { labelledBy: 'sam' });
    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', replyId: ideaAcknowledgementId('x:902'), submitted: true });
    expect(feedback.items().map((item) => item.mentionId)).toEqual(['x:902']);
  });

  it('neither passes on nor answers a deleted post', async () => {
    // Arrange
    const deleted = aMentionRecord('903', {
      deletedAt: '2030-01-02T12:00:00.000Z',
      classification: { intent: 'idea', serviceNeed: false },
    });
    // Act
    const outcome = await acknowledgeIdea(deleted, ports);
    // Assert
    expect(outcome).toEqual({ kind: 'skipped', reason: 'deleted' });
    expect(feedback.items()).toEqual([]);
    expect(await replies.get(ideaAcknowledgementId('x:903'))).toBeUndefined();
  });

  it('passes on an idea from a review without drafting a reply the bridge cannot send', async () => {
    // Arrange
    const review = aMentionRecord('r-1', { network: 'review', classification: { intent: 'idea', serviceNeed: false } });
    // Act
    const outcome = await acknowledgeIdea(review, ports);
    // Assert
    expect(outcome).toEqual({ kind: 'acknowledged', submitted: true });
    expect(feedback.items().map((item) => item.mentionId)).toEqual(['review:r-1']);
    expect(await replies.listByItem('review:r-1', 10)).toEqual([]);
  });

  it('drafts no thanks while the idea could not be passed on, so that trying again passes it on', async () => {
    // Arrange
    const unreachable: AcknowledgeIdeaPorts = {
      ...ports,
      feedback: {
        submit: async () => {
          throw new DomainError('DEPENDENCY_UNAVAILABLE', 'the product-feedback queue could not be reached', {
            retryable: true,
          });
        },
      },
    };
    await expect(acknowledgeIdea(idea, unreachable)).rejects.toThrow('could not be reached');
    expect(await replies.get(ideaAcknowledgementId('x:900'))).toBeUndefined();
    // Act
    const retried = await acknowledgeIdea(idea, ports);
    // Assert
    expect(retried).toMatchObject({ kind: 'acknowledged', submitted: true });
    expect(feedback.items().map((item) => item.mentionId)).toEqual(['x:900']);
  });
});
