import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { LocalTeamQueues } from '../../lambdas/local/local-team-queues.ts';

const options = { visibilityTimeoutMs: 50, maxReceiveCount: 2, batchSize: 10, maxBatchingWindowMs: 0, concurrency: 1 };

describe('LocalTeamQueues', () => {
  let queues: LocalTeamQueues | undefined;
  afterEach(async () => {
    await queues?.stop();
  });

  it('sends {caseId, queue} to the named team’s own queue, which delivers it to the consumer', async () => {
    // Arrange
    queues = new LocalTeamQueues(['billing', 'care'], options);
    const delivered: SQSEvent['Records'] = [];
    queues.start(async (event) => {
      delivered.push(...event.Records);
    });
    // Act
    await queues.enqueue('billing', 'case-1');
    await queues.enqueue('care', 'case-2');
    await queues.whenIdle();
    // Assert
    expect(
      delivered.map((record) => ({
        body: record.body,
        arn: record.eventSourceARN,
        caseId: record.messageAttributes.caseId?.stringValue,
      })),
    ).toEqual([
      {
        body: '{"caseId":"case-1","queue":"billing"}',
        arn: 'arn:aws:sqs:local:000000000000:team-billing',
        caseId: 'case-1',
      },
      { body: '{"caseId":"case-2","queue":"care"}', arn: 'arn:aws:sqs:local:000000000000:team-care', caseId: 'case-2' },
    ]);
    expect(queues.stats()).toMatchObject({ billing: { deleted: 1 }, care: { deleted: 1 } });
  });

  it('retries a failed delivery and parks it after the receive limit, per team queue', async () => {
    // Arrange
    queues = new LocalTeamQueues(['billing'], options);
    queues.start(async (event) => ({
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    }));
    // Act
    await queues.enqueue('billing', 'case-9');
    await queues.whenIdle();
    // Assert
    const billing = queues.stats().billing;
    expect(billing?.received).toBe(2);
    expect(billing?.deadLetters.map((letter) => [letter.body, letter.reason])).toEqual([
      ['{"caseId":"case-9","queue":"billing"}', 'reported in batchItemFailures'],
    ]);
  });

  it('refuses a queue that does not run locally', async () => {
    // Arrange
    queues = new LocalTeamQueues(['billing'], options);
    // Act
    const error = await queues.enqueue('payroll', 'case-1').catch((caught: unknown) => caught);
    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'INTERNAL',
      message: 'no team queue "payroll" runs locally; the team queues are billing',
    });
  });
});
