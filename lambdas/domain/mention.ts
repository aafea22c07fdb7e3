import { z } from 'zod';
import './zod-messages.ts';

export const networks = ['x', 'facebook', 'instagram', 'messenger', 'review', 'community', 'import'] as const;
export const Network = z.enum(networks);
export type Network = z.infer<typeof Network>;

const IsoTimestamp = z.iso.datetime({ offset: true });

export const Author = z.object({
  id: z.string().trim().min(1).max(128),
  handle: z.string().trim().min(1).max(128),
  displayName: z.string().trim().max(256).optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().default(false),
});
export type Author = z.infer<typeof Author>;

/** Longest text accepted; longer posts are real (reviews) but a case note need not hold more. */
export const maxMentionTextLength = 10_000;

/**
 * A mention as a connector or a listening tool hands it in: the generic ingest format.
 * Everything the bridge can derive (ids, defaults) is optional here.
 */
export const MentionInput = z.strictObject({
  network: Network,
  postId: z.string().trim().min(1).max(256),
  conversationId: z.string().trim().min(1).max(256).optional(),
  inReplyTo: z.string().trim().min(1).max(256).optional(),
  author: Author,
  text: z.string().trim().min(1, 'must not be empty').max(maxMentionTextLength),
  url: z.url().optional(),
  createdAt: IsoTimestamp,
  direct: z.boolean().default(false),
  brandOwned: z.boolean().default(false),
  repost: z.boolean().default(false),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"')
    .optional(),
  rawPayloadRef: z.string().max(1024).optional(),
});
export type MentionInput = z.input<typeof MentionInput>;

/** A mention once normalised: the contract every later step relies on. */
export const Mention = MentionInput.extend({
  mentionId: z.string().min(1),
  conversationId: z.string().min(1),
  receivedAt: IsoTimestamp,
  /** A new version of a post the bridge may already know (an edit on the network). */
  edited: z.boolean().optional(),
  /** Set when the author deleted the post; the text is then redacted. */
  deletedAt: IsoTimestamp.optional(),
});
export type Mention = z.infer<typeof Mention>;

/** The one id of a post, whichever way it reached the bridge: network plus the network's post id. */
export const mentionIdOf = (network: Network, postId: string): string => `${network}:${postId}`;

/** Fills in what the bridge derives. `receivedAt` comes from the caller's clock. */
export const normaliseMention = (input: z.output<typeof MentionInput>, receivedAt: string): Mention => ({
  ...input,
  mentionId: mentionIdOf(input.network, input.postId),
  conversationId: input.conversationId ?? input.inReplyTo ?? input.postId,
  receivedAt,
});
