import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsProductFeedback } from '../../lambdas/adapters/sqs-product-feedback.ts';
import type { ProductIdea } from '../../lambdas/domain/closing-the-loop.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/bridge-product-feedback';
const feedback = new SqsProductFeedback(new SQSClient({ region: 'eu-west-1' }), queueUrl);

const idea: ProductIdea = {
  mentionId: 'x:900',
  network: 'x',
  text: 'You should add a dark mode to the app',
  authorHandle: 'ana',
  topic: 'product-quality',
  at: '2030-01-02T09:00:00.000Z',
  url: 'https://x.com/ana/status/900',
};

describe('SqsProductFeedback', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  it('sends the idea as JSON to the product-feedback queue, its mention id as an attribute', async () => {
    // Act
    await feedback.submit(idea);
    // Assert
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(idea),
      MessageAttributes: { mentionId: { DataType: 'String', StringValue: 'x:900' } },
    });
  });

  it('reports an unreachable queue as a retryable dependency failure', async () => {
    // Arrange
    sqs.on(SendMessageCommand).rejects(new Error('ThrottlingException: slow down'));
    // Act
    const error = await feedback.submit(idea).then(
      () => undefined,
      (caught: unknown) => caught as DomainError,
    );
    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toBe('the product-feedback queue could not be reached: ThrottlingException: slow down');
    expect(error?.details).toEqual({ dependency: 'sqs', mentionId: 'x:900' });
  });
});
