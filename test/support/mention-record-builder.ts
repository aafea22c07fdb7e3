import type { Classification } from '../../lambdas/domain/classification.ts';
import { MentionRecord } from '../../lambdas/domain/disposition.ts';
import type { Mention } from '../../lambdas/domain/mention.ts';

/** What a test says about a mention: the rest is filled in. */
export type MentionOverrides = Partial<Omit<Mention, 'author'>> & { readonly author?: Partial<Mention['author']> };

/**
 * A recorded X mention by @ana (`x:<postId>`, on its own thread unless `conversationId` says
 * otherwise), appended to `caseId` when one is given, with any field overridden.
 */
export const aMentionRecord = (
  postId: string,
  overrides: MentionOverrides & {
    readonly caseId?: string;
    readonly classification?: Partial<Classification>;
  } = {},
): MentionRecord => {
  const { caseId, classification, author, ...mention } = overrides;
  const network = mention.network ?? 'x';
  return MentionRecord.parse({
    mention: {
      network,
      postId,
      conversationId: postId,
      author: { id: 'u-ana', handle: 'ana', verified: false, ...author },
      text: 'My card was charged twice for one order',
      createdAt: '2030-01-02T09:00:00.000Z',
      receivedAt: '2030-01-02T09:00:05.000Z',
      direct: false,
      brandOwned: false,
      repost: false,
      mentionId: `${network}:${postId}`,
      ...mention,
    },
    ...(classification === undefined
      ? {}
      : {
          classification: {
            intent: 'complaint',
            serviceNeed: true,
            topic: 'billing',
            priority: 'P3',
            confidence: 0.9,
            reasons: ['test'],
            modelVersion: 'test-1',
            ...classification,
          },
        }),
    disposition:
      caseId === undefined
        ? { kind: 'chatter', reason: 'test', decidedAt: '2030-01-02T09:00:06.000Z' }
        : { kind: 'case-appended', reason: 'test', caseId, decidedAt: '2030-01-02T09:00:06.000Z' },
  });
};
