import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReplyStore } from '../adapters/dynamodb-reply-store.ts';
import { MetaReplySender } from '../adapters/meta-reply-sender.ts';
import { NetworkReplySender } from '../adapters/network-reply-sender.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { XReplySender } from '../adapters/x-reply-sender.ts';
import { replyEnv, replyPolicyOf, type ReplySettings, replyTokensFromSecret } from '../config/reply-settings.ts';

/**
 * The reply ports of a Lambda that drafts or sends replies: the replies table, X and Meta behind
 * one sender (tokens from Secrets Manager, read when first needed), and the approval policy.
 */
export const replyWiring = (settings: ReplySettings, documents: DynamoDBDocumentClient, repliesTable: string) => {
  const tokens = replyTokensFromSecret(settings[replyEnv.tokensSecretArn]);
  return {
    ports: {
      replies: new DynamoDbReplyStore(documents, repliesTable),
      sender: new NetworkReplySender({ x: new XReplySender(tokens), meta: new MetaReplySender(tokens) }),
      clock: systemClock,
    },
    policy: replyPolicyOf(settings),
  };
};
