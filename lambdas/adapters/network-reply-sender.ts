import type { Reply } from '../domain/reply.ts';
import type { ReplySender } from '../ports/reply-sender.ts';

/** The sender of each provider: X for X, Meta for Facebook, Instagram and Messenger. */
export interface ProviderSenders {
  readonly x: ReplySender;
  readonly meta: ReplySender;
}

/** Hands each reply to the sender of the provider its network belongs to. */
export class NetworkReplySender implements ReplySender {
  constructor(private readonly senders: ProviderSenders) {}

  send(reply: Reply): Promise<{ externalId: string }> {
    return reply.network === 'x' ? this.senders.x.send(reply) : this.senders.meta.send(reply);
  }
}
