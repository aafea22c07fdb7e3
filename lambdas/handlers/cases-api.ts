import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import { getCase } from '../use-cases/get-case.ts';
import { getMention } from '../use-cases/get-mention.ts';
import { listCases } from '../use-cases/list-cases.ts';
import { json } from './http-errors.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';

export interface CasesApiPorts {
  readonly cases: CaseSystem;
  readonly mentions: MentionStore;
}

const pathId = (event: APIGatewayProxyEventV2): string => {
  const id = event.pathParameters?.id;
  if (!id)
    throw new DomainError('VALIDATION_FAILED', 'the path needs an id', {
      details: {},
    });
  return decodeURIComponent(id);
};

/** GET /cases, GET /cases/{id}, GET /mentions/{id}. */
export const createCasesApiHandler = (ports: CasesApiPorts, { logger, metrics }: Observability) =>
  httpHandler({ logger, metrics }, async (event) => {
    metrics.addMetric('Reads', MetricUnit.Count, 1);
    switch (event.routeKey) {
      case 'GET /cases':
        return json(200, await listCases(event.queryStringParameters, ports));
      case 'GET /cases/{id}':
        return json(200, await getCase(pathId(event), ports));
      case 'GET /mentions/{id}':
        return json(200, await getMention(pathId(event), ports));
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, {
          details: { routeKey: event.routeKey },
        });
    }
  });
