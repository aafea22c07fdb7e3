import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { deadLetteredQueue, maxRetentionDays } from '../../lib/constructs/dead-lettered-queue.ts';

const settings = (retentionDays: number, deadLetterRetentionDays: number) => ({
  ids: { queue: 'Queue', deadLetter: 'DeadLetter', alarm: 'Alarm' },
  visibilityTimeoutSeconds: 60,
  retentionDays,
  deadLetterRetentionDays,
  maxReceiveCount: 5,
  alarmDescription: 'Messages wait in the dead-letter queue.',
});

describe('deadLetteredQueue', () => {
  it.each([
    [4, 4],
    [7, 5],
    [maxRetentionDays, maxRetentionDays - 1],
  ])('refuses a dead-letter queue that keeps messages no longer than the queue (%i, %i days)', (queue, deadLetter) => {
    // Act
    const build = () => deadLetteredQueue(new Stack(), settings(queue, deadLetter));

    // Assert
    expect(build).toThrow(
      `Queue: the dead-letter queue must keep messages longer than the queue (${deadLetter} <= ${queue} days)`,
    );
  });

  it('accepts both at SQS’s fourteen-day maximum, since no dead-letter queue can keep longer', () => {
    // Act
    const built = deadLetteredQueue(new Stack(), settings(maxRetentionDays, maxRetentionDays));

    // Assert
    expect(built.queue.node.id).toBe('Queue');
    expect(built.deadLetterQueue.node.id).toBe('DeadLetter');
  });
});
