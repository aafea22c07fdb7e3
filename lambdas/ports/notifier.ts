import type { SlaNotification } from '../domain/sla-check.ts';

/**
 * Tells a case's owner and its queue about an SLA alert (an SNS topic, a webhook, a local file).
 *
 * Contract: delivery is at least once. The SLA monitor hands the same notification over again,
 * with the same `id`, until one hand-over succeeds, so implementations pass `id` on where the
 * receiver can drop repeats by it (a message attribute, an `idempotency-key` header) and never
 * invent an id of their own. `notify` resolves once the channel has accepted the notification;
 * it throws a DomainError `DEPENDENCY_UNAVAILABLE` otherwise, `retryable` when trying later may
 * work (a time-out, a 5xx, throttling) and not when it never will as configured (a 4xx, a topic
 * that does not exist). It never throws for a repeat.
 */
export interface Notifier {
  notify(notification: SlaNotification): Promise<void>;
}
