/** The providers that call the bridge's webhooks. */
export type WebhookProvider = 'x' | 'meta';

/**
 * Proves that a webhook call comes from the provider. Neither X nor Meta signs a timestamp, so
 * replays are stopped downstream by deduplicating on the provider's post ids, not here.
 */
export interface WebhookAuthenticity {
  /**
   * True when `signature` (the header as sent) is the provider's HMAC-SHA256 of exactly these
   * bytes under the shared secret. Compares in constant time; a missing or malformed header is false.
   */
  verify(provider: WebhookProvider, rawBody: Uint8Array, signature: string | undefined): Promise<boolean>;

  /** X's CRC answer: `sha256=` + base64 HMAC-SHA256 of the crc_token under the consumer secret. */
  xChallengeResponse(crcToken: string): Promise<string>;

  /** True when Meta's `hub.verify_token` is the one configured for the subscription. */
  metaVerifyTokenMatches(token: string): Promise<boolean>;
}
