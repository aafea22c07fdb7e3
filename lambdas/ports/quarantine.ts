import type { WebhookProvider } from './webhook-authenticity.ts';

/** An authentic delivery the bridge could not read, kept with the reason so it can be replayed. */
export interface QuarantinedDelivery {
  readonly quarantineId: string;
  readonly provider: WebhookProvider;
  readonly code: string;
  readonly reason: string;
  /** The body exactly as received (UTF-8). */
  readonly body: string;
  readonly receivedAt: string;
}

export interface Quarantine {
  /** Keeps the delivery; the same body from the same provider is kept once (id derived from it). */
  put(delivery: QuarantinedDelivery): Promise<void>;
  get(quarantineId: string): Promise<QuarantinedDelivery | undefined>;
  /** The newest first, at most `limit`. */
  list(limit: number): Promise<readonly QuarantinedDelivery[]>;
  remove(quarantineId: string): Promise<void>;
}
