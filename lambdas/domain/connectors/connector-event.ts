import type { z } from 'zod';
import type { MentionInput, Network } from '../mention.ts';

/** A mention as a connector read it, already validated against the generic contract. */
export type ValidMentionInput = z.output<typeof MentionInput>;

/**
 * What a connector makes of one event in a provider's payload. A webhook delivery usually holds
 * several events (X batches them; Meta has entry[] × changes[]/messaging[]).
 */
export type ConnectorEvent =
  /** A post, comment, reply, quote or direct message. `edited`: a new version of a known post. */
  | { readonly kind: 'mention'; readonly mention: ValidMentionInput; readonly edited: boolean }
  /** The author deleted the post: mark it deleted and redact its text everywhere. */
  | { readonly kind: 'deletion'; readonly network: Network; readonly postId: string; readonly deletedAt: string }
  /** An event type the bridge does not act on (likes, follows, typing indicators, …): counted, not failed. */
  | { readonly kind: 'ignored'; readonly eventType: string; readonly reason: string };

/** Options every connector takes. */
export interface ConnectorOptions {
  /** Network user ids (X user ids, Facebook page ids, Instagram account ids) of the brand's own accounts. */
  readonly brandAccountIds: ReadonlySet<string>;
}
