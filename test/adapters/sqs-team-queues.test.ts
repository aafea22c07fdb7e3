import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsTeamQueues } from '../../lambdas/adapters/sqs-team-queues.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';

const sqs = mockClient(SQSClient);
const urls = {
  billing: 'https://sqs.eu-west-1.amazonaws.com/123456789012/bridge-team-billing',
  'social-care': 'https://sqs.eu-west-1.amazonaws.com/123456789012/bridge-team-social-care',
};
const teamQueues = new SqsTeamQueues(new SQSClient({ region: 'eu-west-1' }), urls);

/** The error `enqueue` threw, or undefined when it resolved. */
const failureOf = async (queue: string, caseId: string): Promise<DomainError | undefined> => {
  try {
    await teamQueues.enqueue(queue, caseId);
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
};

describe('SqsTeamQueues', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  it('sends {caseId, queue} to the team’s own queue URL, the case id as an attribute', async () => {
    // Act
    await teamQueues.enqueue('billing', 'case-42');
    // Assert
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: urls.billing,
      MessageBody: JSON.stringify({ caseId: 'case-42', queue: 'billing' }),
      MessageAttributes: { caseId: { DataType: 'String', StringValue: 'case-42' } },
    });
  });

  it('refuses a queue with no URL without sending anything, and not as something to retry', async () => {
    // Act
    const error = await failureOf('payroll', 'case-42');
    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('INTERNAL');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toBe('no team queue "payroll" is deployed; the team queues are billing, social-care');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('reports an unreachable queue as a retryable dependency failure', async () => {
    // Arrange
    sqs.on(SendMessageCommand).rejects(new Error('ThrottlingException: slow down'));
    // Act
    const error = await failureOf('social-care', 'case-7');
    // Assert
    expect(error?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toBe('the team queue social-care could not be reached: ThrottlingException: slow down');
    expect(error?.details).toEqual({ dependency: 'sqs', queue: 'social-care', caseId: 'case-7' });
  });
});
