import { maxWebhookBodyBytes } from '../../lib/definitions.ts';
import type { ConnectorEvent, ConnectorOptions } from '../domain/connectors/connector-event.ts';
import { normaliseMetaWebhook } from '../domain/connectors/meta-webhook.ts';
import { normaliseXActivity } from '../domain/connectors/x-activity.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { normaliseMention } from '../domain/mention.ts';
import type { QueueMessage } from '../domain/queue-message.ts';
import type { Clock } from '../ports/clock.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { MentionQueue } from '../ports/mention-queue.ts';
import type { Quarantine } from '../ports/quarantine.ts';
import type { WebhookAuthenticity, WebhookProvider } from '../ports/webhook-authenticity.ts';

export interface WebhookPorts {
  readonly authenticity: WebhookAuthenticity;
  readonly queue: MentionQueue;
  readonly quarantine: Quarantine;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
  readonly connector: ConnectorOptions;
}

export interface WebhookDelivery {
  readonly provider: WebhookProvider;
  readonly rawBody: Uint8Array;
  /** The signature header as sent (`x-twitter-webhooks-signature` or `x-hub-signature-256`). */
  readonly signature: string | undefined;
}

export interface WebhookResult {
  readonly mentions: readonly string[];
  readonly deletions: readonly string[];
  readonly ignored: readonly { readonly eventType: string; readonly reason: string }[];
}

export const signatureHeaders: Readonly<Record<WebhookProvider, string>> = {
  x: 'x-twitter-webhooks-signature',
  meta: 'x-hub-signature-256',
};

const normalisers: Readonly<
  Record<WebhookProvider, (payload: unknown, options: ConnectorOptions) => ConnectorEvent[]>
> = {
  x: normaliseXActivity,
  meta: normaliseMetaWebhook,
};

/** Reads a payload into connector events, or throws a non-retryable DomainError saying why not. */
const readEvents = (provider: WebhookProvider, body: string, options: ConnectorOptions): ConnectorEvent[] => {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    throw new DomainError('INVALID_JSON', `the ${provider} delivery is not JSON: ${(error as Error).message}`);
  }
  return normalisers[provider](payload, options);
};

const toMessages = (events: readonly ConnectorEvent[], receivedAt: string) => {
  const messages: QueueMessage[] = [];
  const result = {
    mentions: [] as string[],
    deletions: [] as string[],
    ignored: [] as WebhookResult['ignored'][number][],
  };
  for (const event of events) {
    if (event.kind === 'mention') {
      const mention = normaliseMention(event.mention, receivedAt);
      messages.push(event.edited ? { ...mention, edited: true } : mention);
      result.mentions.push(mention.mentionId);
    } else if (event.kind === 'deletion') {
      messages.push({ type: 'deletion', network: event.network, postId: event.postId, deletedAt: event.deletedAt });
      result.deletions.push(`${event.network}:${event.postId}`);
    } else {
      result.ignored.push({ eventType: event.eventType, reason: event.reason });
    }
  }
  return { messages, result };
};

const enqueueAll = async (queue: MentionQueue, messages: readonly QueueMessage[]): Promise<void> => {
  const { failed } = messages.length > 0 ? await queue.enqueue(messages) : { failed: [] };
  if (failed.length > 0) {
    // The provider retries a failed delivery; what was queued already is deduplicated downstream.
    throw new DomainError('DEPENDENCY_UNAVAILABLE', `${failed.length} events could not be queued; deliver again`, {
      retryable: true,
      details: { failed },
    });
  }
};

/**
 * One webhook delivery: its signature checked on the raw bytes before anything is parsed, its
 * events normalised into mentions and deletions and queued. An authentic delivery that cannot be
 * read is quarantined with the reason, for replay once the cause is fixed, and refused with 400.
 */
export const receiveWebhook = async (delivery: WebhookDelivery, ports: WebhookPorts): Promise<WebhookResult> => {
  const header = signatureHeaders[delivery.provider];
  if (delivery.rawBody.byteLength > maxWebhookBodyBytes) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `the body is ${delivery.rawBody.byteLength} bytes; the limit is ${maxWebhookBodyBytes}`,
      {
        details: { size: delivery.rawBody.byteLength, limit: maxWebhookBodyBytes },
      },
    );
  }
  if (!delivery.signature) {
    throw new DomainError('UNAUTHORIZED', `the ${header} header is missing`, { details: { header } });
  }
  if (!(await ports.authenticity.verify(delivery.provider, delivery.rawBody, delivery.signature))) {
    throw new DomainError('UNAUTHORIZED', `the ${header} header does not match the body`, { details: { header } });
  }

  const body = new TextDecoder().decode(delivery.rawBody);
  const receivedAt = ports.clock.now().toISOString();
  let events: ConnectorEvent[];
  try {
    events = readEvents(delivery.provider, body, ports.connector);
  } catch (error) {
    if (!isDomainError(error) || error.retryable) throw error;
    const quarantineId = `${delivery.provider}-${ports.fingerprints.digest(`${delivery.provider}\u0000${body}`)}`;
    await ports.quarantine.put({
      quarantineId,
      provider: delivery.provider,
      code: error.code,
      reason: error.message,
      body,
      receivedAt,
    });
    throw new DomainError(error.code, `${error.message} (kept in quarantine as ${quarantineId} for replay)`, {
      details: { ...error.details, quarantineId },
    });
  }
  const { messages, result } = toMessages(events, receivedAt);
  await enqueueAll(ports.queue, messages);
  return result;
};

/**
 * Reads a quarantined delivery again with today's connectors (its signature was checked when it
 * arrived) and queues what it holds; it leaves the quarantine only once that worked.
 */
export const replayQuarantined = async (quarantineId: string, ports: WebhookPorts): Promise<WebhookResult> => {
  const delivery = await ports.quarantine.get(quarantineId);
  if (!delivery)
    throw new DomainError('NOT_FOUND', `nothing is quarantined as ${quarantineId}`, { details: { quarantineId } });
  const events = readEvents(delivery.provider, delivery.body, ports.connector);
  const { messages, result } = toMessages(events, ports.clock.now().toISOString());
  await enqueueAll(ports.queue, messages);
  await ports.quarantine.remove(quarantineId);
  return result;
};

/** X's CRC check (GET with `crc_token`), answered with the HMAC X expects. */
export const answerXChallenge = async (crcToken: string | undefined, ports: Pick<WebhookPorts, 'authenticity'>) => {
  if (!crcToken) {
    throw new DomainError('VALIDATION_FAILED', 'crc_token is missing from the query', {
      details: { issues: [{ path: 'crc_token', message: 'required' }] },
    });
  }
  return { response_token: await ports.authenticity.xChallengeResponse(crcToken) };
};

/** Meta's subscription check (GET with hub.mode, hub.verify_token, hub.challenge): the challenge back, or 403. */
export const answerMetaVerification = async (
  query: Readonly<Record<string, string | undefined>>,
  ports: Pick<WebhookPorts, 'authenticity'>,
): Promise<string> => {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || !challenge) {
    throw new DomainError('VALIDATION_FAILED', 'expected hub.mode=subscribe with a hub.challenge', {
      details: { issues: [{ path: mode === 'subscribe' ? 'hub.challenge' : 'hub.mode', message: 'required' }] },
    });
  }
  if (!token || !(await ports.authenticity.metaVerifyTokenMatches(token))) {
    throw new DomainError('FORBIDDEN', 'hub.verify_token is not the configured verify token', { details: {} });
  }
  return challenge;
};
