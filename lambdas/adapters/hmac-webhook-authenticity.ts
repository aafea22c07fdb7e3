import { createHmac } from 'node:crypto';
import type { ConnectorSecrets } from '../config/connector-secrets.ts';
import type { WebhookAuthenticity, WebhookProvider } from '../ports/webhook-authenticity.ts';
import { constantTimeEquals, sameBytes } from './constant-time-equals.ts';

const hmac = (secret: string, data: Uint8Array | string): Buffer => createHmac('sha256', secret).update(data).digest();

/**
 * The signature schemes as the providers document them. X: header `x-twitter-webhooks-signature`
 * = `sha256=` + base64 HMAC-SHA256 of the body under the consumer secret. Meta: header
 * `x-hub-signature-256` = `sha256=` + hex HMAC-SHA256 of the body under the app secret.
 */
export class HmacWebhookAuthenticity implements WebhookAuthenticity {
  /** `secrets` is called per request so a cached, rotated secret takes effect without a restart. */
  constructor(private readonly secrets: () => Promise<ConnectorSecrets>) {}

  async verify(provider: WebhookProvider, rawBody: Uint8Array, signature: string | undefined): Promise<boolean> {
    const match = /^sha256=(.+)$/.exec(signature?.trim() ?? '');
    if (!match?.[1]) return false;
    const secrets = await this.secrets();
    if (provider === 'x') {
      return sameBytes(Buffer.from(match[1], 'base64'), hmac(secrets.xConsumerSecret, rawBody));
    }
    if (!/^[0-9a-f]+$/i.test(match[1])) return false;
    return sameBytes(Buffer.from(match[1], 'hex'), hmac(secrets.metaAppSecret, rawBody));
  }

  async xChallengeResponse(crcToken: string): Promise<string> {
    const { xConsumerSecret } = await this.secrets();
    return `sha256=${hmac(xConsumerSecret, crcToken).toString('base64')}`;
  }

  async metaVerifyTokenMatches(token: string): Promise<boolean> {
    const { metaVerifyToken } = await this.secrets();
    return constantTimeEquals(token, metaVerifyToken);
  }
}
