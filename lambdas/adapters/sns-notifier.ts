import { createHash } from 'node:crypto';
import {
  type MessageAttributeValue,
  PublishCommand,
  type PublishCommandInput,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { DomainError } from '../domain/errors.ts';
import type { SlaNotification } from '../domain/sla-check.ts';
import type { Notifier } from '../ports/notifier.ts';

/** SNS takes a subject of at most 100 printable ASCII characters (e-mail subscriptions show it). */
const maxSubject = 100;
/** SNS takes a FIFO deduplication id of at most 128 characters. */
const maxDeduplicationId = 128;

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

const subjectOf = (notification: SlaNotification): string => {
  const [due = '', stage = ''] = notification.kind.split(':');
  const subject = `SLA ${stage.replace('-', ' ')}: ${due.replace('-', ' ')} of case ${notification.caseId}`;
  // Only printable ASCII: a case id is, but nothing here should make SNS refuse the whole message.
  return subject.replace(/[^\x20-\x7e]/g, '?').slice(0, maxSubject);
};

const deduplicationIdOf = (id: string): string =>
  id.length <= maxDeduplicationId ? id : createHash('sha256').update(id, 'utf8').digest('hex');

/** Whether SNS said trying again may work: its own verdict, a server fault, throttling, or no answer at all. */
const retryableFailure = (error: unknown): boolean => {
  const failure = error as { $fault?: string; $retryable?: unknown; name?: string };
  if (failure.$retryable !== undefined || failure.$fault === 'server') return true;
  if (failure.$fault === undefined) return true;
  return /throttl/i.test(failure.name ?? '');
};

/**
 * SLA notifications on an SNS topic, which fans them out to the owner's and the queue's
 * subscriptions (e-mail, chat, a pager, a queue). The message is the notification as JSON, its id
 * inside; the id, kind, case, queue, priority and owner travel as message attributes too, so that
 * subscriptions can filter by queue or kind and receivers drop repeats by `notificationId`. On a
 * FIFO topic (`….fifo`) the id is also the deduplication id, and SNS drops repeats itself.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: SlaNotification): Promise<void> {
    const input: PublishCommandInput = {
      TopicArn: this.topicArn,
      Subject: subjectOf(notification),
      Message: JSON.stringify(notification),
      MessageAttributes: {
        notificationId: text(notification.id),
        kind: text(notification.kind),
        caseId: text(notification.caseId),
        queue: text(notification.queue),
        priority: text(notification.priority),
        ...(notification.owner === undefined ? {} : { owner: text(notification.owner) }),
      },
      ...(this.topicArn.endsWith('.fifo')
        ? { MessageGroupId: notification.caseId, MessageDeduplicationId: deduplicationIdOf(notification.id) }
        : {}),
    };
    try {
      await this.client.send(new PublishCommand(input));
    } catch (error) {
      const retryable = retryableFailure(error);
      throw new DomainError(
        'DEPENDENCY_UNAVAILABLE',
        `the SNS topic ${this.topicArn} did not take notification ${notification.id}: ${(error as Error).message}`,
        {
          retryable,
          cause: error,
          details: { dependency: 'sns', notificationId: notification.id, error: (error as Error).name },
        },
      );
    }
  }
}
