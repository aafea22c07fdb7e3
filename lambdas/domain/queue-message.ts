import { z } from 'zod';
import './zod-messages.ts';
import { Mention, mentionIdOf, Network } from './mention.ts';

/** The author deleted a post: whatever the bridge holds of its text is redacted. */
export const PostDeletion = z.strictObject({
  type: z.literal('deletion'),
  network: Network,
  postId: z.string().min(1),
  deletedAt: z.iso.datetime({ offset: true }),
});
export type PostDeletion = z.infer<typeof PostDeletion>;

/** What travels on the mentions queue: a mention (new or edited), or a deletion. */
export type QueueMessage = Mention | PostDeletion;

export const isDeletion = (message: QueueMessage): message is PostDeletion =>
  (message as { type?: unknown }).type === 'deletion';

/** The id SQS and the logs know a message by: the mention id of the post it concerns. */
export const messageSubject = (message: QueueMessage): string =>
  isDeletion(message) ? mentionIdOf(message.network, message.postId) : message.mentionId;

/** Reads a queue body; mentions carry no `type`, which keeps bodies written before deletions existed readable. */
export const QueueMessageSchema = z.union([PostDeletion, Mention]);

/** The text that replaces a deleted post's wherever the bridge kept it. */
export const redactedText = '[deleted by its author]';
