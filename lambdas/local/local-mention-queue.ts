import { messageSubject, type QueueMessage } from '../domain/queue-message.ts';
import type { DeadLetters } from '../ports/dead-letters.ts';
import type { EnqueueFailure, MentionQueue } from '../ports/mention-queue.ts';
import { InvalidQueueMessageError, type LocalQueue } from './local-queue.ts';

/** The mentions queue of the local runtime: the same message body the SQS adapter sends. */
export class LocalMentionQueue implements MentionQueue {
  constructor(private readonly queue: LocalQueue) {}

  async enqueue(messages: readonly QueueMessage[]): Promise<{ failed: readonly EnqueueFailure[] }> {
    const failed: EnqueueFailure[] = [];
    for (const message of messages) {
      try {
        this.queue.send([{ body: JSON.stringify(message), attributes: { mentionId: messageSubject(message) } }]);
      } catch (error) {
        // What SQS would refuse (too large, bad attribute) is refused here too, per message.
        if (!(error instanceof InvalidQueueMessageError)) throw error;
        failed.push({ mentionId: messageSubject(message), reason: error.message });
      }
    }
    return { failed };
  }
}

/** Parks records on the local queue's dead-letter list, reason attached. */
export class LocalDeadLetters implements DeadLetters {
  constructor(private readonly queue: LocalQueue) {}

  async put(letter: { body: string; code: string; reason: string; source: string }): Promise<void> {
    this.queue.putDeadLetter({
      body: letter.body,
      reason: `${letter.code}: ${letter.reason}`,
      attributes: { code: letter.code, source: letter.source },
    });
  }
}
