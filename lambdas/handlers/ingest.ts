import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type IngestPorts, ingestMentions } from '../use-cases/ingest-mentions.ts';
import { json } from './http-errors.ts';
import { bodyText } from './request.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';

/** POST /mentions: one mention (JSON) or a batch (NDJSON or a JSON array). */
export const createIngestHandler = (ports: IngestPorts, { logger, metrics }: Observability) =>
  httpHandler({ logger, metrics }, async (event) => {
    const result = await ingestMentions({ body: bodyText(event), contentType: event.headers['content-type'] }, ports);
    metrics.addMetric('MentionsAccepted', MetricUnit.Count, result.accepted);
    metrics.addMetric('MentionsRejected', MetricUnit.Count, result.rejected);
    if (result.mode === 'single') {
      const [item] = result.items;
      return json(202, {
        status: 'accepted',
        mentionId: item?.status === 'accepted' ? item.mentionId : undefined,
      });
    }
    if (result.accepted === 0) {
      return json(400, {
        code: 'VALIDATION_FAILED',
        message: `none of the ${result.items.length} mentions was accepted`,
        details: {
          accepted: 0,
          rejected: result.rejected,
          items: result.items,
        },
      });
    }
    return json(202, {
      accepted: result.accepted,
      rejected: result.rejected,
      items: result.items,
    });
  });
