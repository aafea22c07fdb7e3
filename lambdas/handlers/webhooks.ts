import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import type { WebhookProvider } from '../ports/webhook-authenticity.ts';
import {
  answerMetaVerification,
  answerXChallenge,
  receiveWebhook,
  replayQuarantined,
  signatureHeaders,
  type WebhookPorts,
  type WebhookResult,
} from '../use-cases/receive-webhook.ts';
import { json } from './http-errors.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';

/** The bytes exactly as the provider signed them. */
const rawBodyOf = (event: APIGatewayProxyEventV2): Uint8Array =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

/** X and Meta webhooks (GET: subscription checks; POST: deliveries) and the quarantine's replay. */
export const createWebhooksHandler = (ports: WebhookPorts, { logger, metrics }: Observability) => {
  const count = (provider: WebhookProvider, result: WebhookResult) => {
    metrics.addMetric(`${provider}Mentions`, MetricUnit.Count, result.mentions.length);
    metrics.addMetric(`${provider}Deletions`, MetricUnit.Count, result.deletions.length);
    metrics.addMetric(`${provider}IgnoredEvents`, MetricUnit.Count, result.ignored.length);
    if (result.ignored.length > 0) logger.info('events ignored', { provider, ignored: result.ignored });
  };
  const deliver = async (provider: WebhookProvider, event: APIGatewayProxyEventV2) => {
    const result = await receiveWebhook(
      { provider, rawBody: rawBodyOf(event), signature: event.headers[signatureHeaders[provider]] },
      ports,
    );
    count(provider, result);
    return json(200, result);
  };

  return httpHandler({ logger, metrics }, async (event) => {
    switch (event.routeKey) {
      case 'GET /webhooks/x':
        metrics.addMetric('xChallenges', MetricUnit.Count, 1);
        return json(200, await answerXChallenge(event.queryStringParameters?.crc_token, ports));
      case 'POST /webhooks/x':
        return deliver('x', event);
      case 'GET /webhooks/meta': {
        metrics.addMetric('metaVerifications', MetricUnit.Count, 1);
        const challenge = await answerMetaVerification(event.queryStringParameters ?? {}, ports);
        return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: challenge };
      }
      case 'POST /webhooks/meta':
        return deliver('meta', event);
      case 'GET /quarantine':
        metrics.addMetric('QuarantineReads', MetricUnit.Count, 1);
        return json(200, { items: await ports.quarantine.list(100) });
      case 'POST /quarantine/{id}/replay': {
        const id = decodeURIComponent(event.pathParameters?.id ?? '');
        const result = await replayQuarantined(id, ports);
        metrics.addMetric('QuarantineReplays', MetricUnit.Count, 1);
        return json(200, result);
      }
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
  });
};
