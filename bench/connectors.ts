import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmacWebhookAuthenticity } from '../lambdas/adapters/hmac-webhook-authenticity.ts';
import { normaliseMetaWebhook } from '../lambdas/domain/connectors/meta-webhook.ts';
import { normaliseXActivity } from '../lambdas/domain/connectors/x-activity.ts';
import { MentionInput, normaliseMention } from '../lambdas/domain/mention.ts';
import { signMeta, signX } from '../test/support/signing.ts';

export interface ConnectorFigures {
  readonly connector: string;
  readonly deliveries: number;
  readonly deliveriesPerSecond: number;
  readonly mentionsPerSecond: number;
}

const secrets = { xConsumerSecret: 'bench-x', metaAppSecret: 'bench-meta', metaVerifyToken: 'bench' };
const authenticity = new HmacWebhookAuthenticity(async () => secrets);
const options = { brandAccountIds: new Set<string>() };
const fixture = (provider: 'x' | 'meta', name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', provider, `${name}.json`), 'utf8');

/** Runs `work` over and over for about `seconds` on this one thread, and counts. */
const measure = async (connector: string, seconds: number, work: () => Promise<number>): Promise<ConnectorFigures> => {
  for (let i = 0; i < 200; i++) await work(); // warm the JIT
  let deliveries = 0;
  let mentions = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 100; i++) {
      mentions += await work();
      deliveries++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  return { connector, deliveries, deliveriesPerSecond: deliveries / elapsed, mentionsPerSecond: mentions / elapsed };
};

/** Verify the signature on the raw bytes, parse, normalise: what the webhooks function does before queueing. */
export const benchConnectors = async (seconds: number): Promise<ConnectorFigures[]> => {
  const xBody = fixture('x', 'tweet-batch-languages');
  const xBytes = Buffer.from(xBody);
  const xSignature = signX(xBody, secrets.xConsumerSecret);
  const metaBody = fixture('meta', 'page-batch');
  const metaBytes = Buffer.from(metaBody);
  const metaSignature = signMeta(metaBody, secrets.metaAppSecret);
  const generic = JSON.stringify({
    network: 'x',
    postId: '1',
    author: { id: 'u1', handle: 'sam' },
    text: 'My parcel never arrived and nobody answers, I want a refund',
    createdAt: '2026-11-25T09:00:00Z',
  });
  const receivedAt = '2026-11-25T09:00:01.000Z';
  const mentionsOf = (events: readonly { kind: string }[]) => events.filter((event) => event.kind === 'mention').length;

  return [
    await measure('X Account Activity (verify + normalise)', seconds, async () => {
      if (!(await authenticity.verify('x', xBytes, xSignature))) throw new Error('bad signature');
      return mentionsOf(normaliseXActivity(JSON.parse(xBody), options));
    }),
    await measure('Meta webhooks (verify + normalise)', seconds, async () => {
      if (!(await authenticity.verify('meta', metaBytes, metaSignature))) throw new Error('bad signature');
      return mentionsOf(normaliseMetaWebhook(JSON.parse(metaBody), options));
    }),
    await measure('Generic JSON (validate + normalise)', seconds, async () => {
      normaliseMention(MentionInput.parse(JSON.parse(generic)), receivedAt);
      return 1;
    }),
  ];
};
