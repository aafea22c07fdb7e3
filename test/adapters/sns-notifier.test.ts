import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../lambdas/adapters/sns-notifier.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import type { SlaNotification } from '../../lambdas/domain/sla-check.ts';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:SlaAlerts';
const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1' });

const dueSoon: SlaNotification = {
  id: 'sla:case-1:first-response:due-soon',
  caseId: 'case-1',
  owner: 'agent-7',
  queue: 'billing',
  kind: 'first-response:due-soon',
  priority: 'P2',
  message: 'Case case-1: first response is due Wed 9 Jan 14:00 GMT, in 25 min. Priority raised P3 → P2.',
  dueAt: '2030-01-09T14:00:00.000Z',
  raisedAt: '2030-01-09T13:35:00.000Z',
};

const failureOf = async (notifier: SnsNotifier, notification: SlaNotification): Promise<DomainError | undefined> => {
  try {
    await notifier.notify(notification);
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
};

const serviceError = (name: string, fault: 'client' | 'server') =>
  new SNSServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: fault === 'client' ? 400 : 500 },
    message: name,
  });

describe('SnsNotifier', () => {
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('publishes the notification as JSON with its id, kind, case, queue, priority and owner as attributes', async () => {
    // Act
    await new SnsNotifier(client, topicArn).notify(dueSoon);

    // Assert
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      TopicArn: topicArn,
      Subject: 'SLA due soon: first response of case case-1',
      Message: JSON.stringify(dueSoon),
      MessageAttributes: {
        notificationId: { DataType: 'String', StringValue: 'sla:case-1:first-response:due-soon' },
        kind: { DataType: 'String', StringValue: 'first-response:due-soon' },
        caseId: { DataType: 'String', StringValue: 'case-1' },
        queue: { DataType: 'String', StringValue: 'billing' },
        priority: { DataType: 'String', StringValue: 'P2' },
        owner: { DataType: 'String', StringValue: 'agent-7' },
      },
    });
  });

  it('leaves the owner out while nobody holds the case, and lets a FIFO topic drop repeats by the id', async () => {
    // Arrange
    const { owner: _nobody, ...unowned } = dueSoon;
    const fifo = `${topicArn}.fifo`;

    // Act
    await new SnsNotifier(client, fifo).notify(unowned);

    // Assert
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.MessageAttributes?.owner).toBeUndefined();
    expect(input).toMatchObject({
      TopicArn: fifo,
      MessageGroupId: 'case-1',
      MessageDeduplicationId: 'sla:case-1:first-response:due-soon',
    });
  });

  it('says a throttled or failing SNS is worth trying again, and a missing topic is not', async () => {
    // Arrange
    const notifier = new SnsNotifier(client, topicArn);
    sns
      .on(PublishCommand)
      .rejectsOnce(serviceError('Throttled', 'client'))
      .rejectsOnce(serviceError('InternalError', 'server'))
      .rejectsOnce(serviceError('NotFound', 'client'));

    // Act
    const throttled = await failureOf(notifier, dueSoon);
    const internal = await failureOf(notifier, dueSoon);
    const notFound = await failureOf(notifier, dueSoon);

    // Assert
    expect(throttled).toBeInstanceOf(DomainError);
    expect(throttled).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    expect(throttled?.message).toBe(
      `the SNS topic ${topicArn} did not take notification sla:case-1:first-response:due-soon: Throttled`,
    );
    expect(internal).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    expect(notFound).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: false });
  });
});
