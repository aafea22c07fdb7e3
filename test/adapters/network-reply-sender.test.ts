import { describe, expect, it } from 'vitest';
import { NetworkReplySender } from '../../lambdas/adapters/network-reply-sender.ts';
import type { Reply, ReplyNetwork } from '../../lambdas/domain/reply.ts';
import type { ReplySender } from '../../lambdas/ports/reply-sender.ts';

const reply = (network: ReplyNetwork): Reply => ({
  replyId: `reply-${network}`,
  itemId: `${network}:1`,
  mentionId: `${network}:1`,
  network,
  kind: 'direct',
  text: 'We are on it.',
  state: 'sending',
  createdBy: 'sam',
  createdAt: '2030-01-02T10:00:00.000Z',
  inReplyTo: '1',
  recipientId: '55002',
});

const named = (name: string, seen: string[]): ReplySender => ({
  send: async (sent) => {
    seen.push(`${name}:${sent.network}`);
    return { externalId: `${name}-1` };
  },
});

describe('NetworkReplySender', () => {
  it.each<[ReplyNetwork, string]>([
    ['x', 'x'],
    ['facebook', 'meta'],
    ['instagram', 'meta'],
    ['messenger', 'meta'],
  ])('hands a %s reply to the %s sender, and its answer back', async (network, provider) => {
    // Arrange
    const seen: string[] = [];
    const sender = new NetworkReplySender({ x: named('x', seen), meta: named('meta', seen) });
    // Act
    const sent = await sender.send(reply(network));
    // Assert
    expect(seen).toEqual([`${provider}:${network}`]);
    expect(sent).toEqual({ externalId: `${provider}-1` });
  });
});
