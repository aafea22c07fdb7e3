import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DomainError } from '../domain/errors.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { ContactCasePolicy } from '../domain/contact-case.ts';
import { addInteraction } from '../use-cases/add-interaction.ts';
import type { AfterResolution } from '../use-cases/after-resolution.ts';
import { changeCase } from '../use-cases/change-case.ts';
import { createContactCase } from '../use-cases/create-contact-case.ts';
import { getCase } from '../use-cases/get-case.ts';
import { getMention } from '../use-cases/get-mention.ts';
import { listCases } from '../use-cases/list-cases.ts';
import { mergeCases } from '../use-cases/merge-cases.ts';
import type { ServiceHoldPorts } from '../use-cases/refresh-service-hold.ts';
import { json } from './http-errors.ts';
import { metricsOfResolution } from '../domain/metrics-catalog.ts';
import { emitMetrics } from './observability.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';
import { actorOf, idempotencyKeyOf, jsonBody, pathParameter } from './request.ts';

export interface CasesApiPorts extends ServiceHoldPorts {
  readonly cases: CaseSystem;
  readonly mentions: MentionStore;
  readonly fingerprints: Fingerprints;
  /** Closing the loop with the customer once a case is resolved, from whichever channel. */
  readonly afterResolution: AfterResolution;
  readonly casePolicy: ContactCasePolicy;
}

const writes = new Set([
  'POST /cases',
  'POST /cases/{id}/interactions',
  'POST /cases/{id}/status',
  'POST /cases/{id}/assignment',
  'POST /cases/{id}/merge',
]);

/**
 * The cases API every channel shares: phone, store and e-mail systems open cases, add
 * interactions, change status, assign and merge; everyone reads cases and mentions.
 */
export const createCasesApiHandler = (ports: CasesApiPorts, { logger, metrics }: Observability) =>
  httpHandler({ logger, metrics }, async (event) => {
    metrics.addMetric(writes.has(event.routeKey) ? 'CaseWrites' : 'Reads', MetricUnit.Count, 1);
    const actor = actorOf(event);
    const who = actor === undefined ? {} : { actor };
    switch (event.routeKey) {
      case 'GET /cases':
        return json(200, await listCases(event.queryStringParameters, ports));
      case 'GET /cases/{id}':
        return json(200, await getCase(pathParameter(event), ports));
      case 'GET /mentions/{id}':
        return json(200, await getMention(pathParameter(event), ports));
      case 'POST /cases': {
        const result = await createContactCase(
          { body: jsonBody(event), requestKey: idempotencyKeyOf(event) ?? event.requestContext.requestId, ...who },
          ports,
        );
        return json(result.created ? 201 : 200, result);
      }
      case 'POST /cases/{id}/interactions': {
        const key = idempotencyKeyOf(event);
        const result = await addInteraction(
          {
            caseId: pathParameter(event),
            body: jsonBody(event),
            ...(key === undefined ? {} : { idempotencyKey: key }),
            ...who,
          },
          ports,
        );
        return json(result.appended ? 201 : 200, result);
      }
      case 'POST /cases/{id}/status': {
        const result = await changeCase(
          { kind: 'status', caseId: pathParameter(event), body: jsonBody(event), ...who },
          ports,
        );
        if (result.changed) emitMetrics(metrics, metricsOfResolution(result.case));
        return json(200, result);
      }
      case 'POST /cases/{id}/assignment':
        return json(
          200,
          await changeCase({ kind: 'assign', caseId: pathParameter(event), body: jsonBody(event), ...who }, ports),
        );
      case 'POST /cases/{id}/merge':
        return json(
          200,
          await mergeCases({ targetCaseId: pathParameter(event), body: jsonBody(event), ...who }, ports),
        );
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
  });
