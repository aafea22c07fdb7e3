import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { routes, type UserRole } from '../../lib/definitions.ts';
import { DomainError } from '../domain/errors.ts';
import { queueNamed, type RoutingRules } from '../domain/routing-rules.ts';
import type { WorkQueue } from '../ports/work-queue.ts';
import { addCaseNote } from '../use-cases/add-case-note.ts';
import { claimNextCase } from '../use-cases/claim-next-case.ts';
import { getCase } from '../use-cases/get-case.ts';
import { listAgentQueues } from '../use-cases/list-agent-queues.ts';
import type { ServiceHoldPorts } from '../use-cases/refresh-service-hold.ts';
import { releaseCase } from '../use-cases/release-case.ts';
import type { AfterResolution } from '../use-cases/after-resolution.ts';
import { resolveCase } from '../use-cases/resolve-case.ts';
import { json } from './http-errors.ts';
import { metricsOfResolution } from '../domain/metrics-catalog.ts';
import { emitMetrics } from './observability.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';
import { idempotencyKeyOf, jsonBody, pathParameter } from './request.ts';
import { requireRole, userOf } from './user.ts';

export interface AgentApiPorts extends ServiceHoldPorts {
  /** The team queues' work order, kept by the built-in case store. */
  readonly work: WorkQueue;
  /** Closing the loop with the customer once a case is resolved. */
  readonly afterResolution: AfterResolution;
}

/** Who may use each agent route, as lib/definitions.ts declares it. */
const rolesByRoute: ReadonlyMap<string, readonly UserRole[]> = new Map(
  routes
    .filter((route) => route.functionId === 'agentApi')
    .map((route) => [`${route.method} ${route.path}`, route.users ?? []]),
);

/**
 * Service agents' API: their team queues, claiming the next case with the customer's whole
 * story, giving it back, notes, and resolving. Every route needs a signed-in user with a role
 * the route allows; a lead may also release cases others hold.
 */
export const createAgentApiHandler = (ports: AgentApiPorts, rules: RoutingRules, { logger, metrics }: Observability) =>
  httpHandler({ logger, metrics }, async (event) => {
    const roles = rolesByRoute.get(event.routeKey);
    if (roles === undefined) {
      throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
    const signedIn = userOf(event);
    requireRole(signedIn, roles);
    const { user } = signedIn;
    switch (event.routeKey) {
      case 'GET /agent/queues':
        return json(200, await listAgentQueues(rules, ports));
      case 'POST /agent/queues/{queue}/claim': {
        const queue = pathParameter(event, 'queue');
        if (queueNamed(rules, queue) === undefined) {
          throw new DomainError('NOT_FOUND', `there is no team queue "${queue}"`, {
            details: { queue, queues: rules.queues.map((value) => value.name) },
          });
        }
        const claimed = await claimNextCase(queue, user, ports);
        metrics.addMetric(claimed ? 'CasesClaimed' : 'ClaimsEmpty', MetricUnit.Count, 1);
        return claimed ? json(200, claimed) : { statusCode: 204, headers: { 'cache-control': 'no-store' } };
      }
      case 'GET /agent/cases/{id}':
        return json(200, await getCase(pathParameter(event), ports));
      case 'POST /agent/cases/{id}/release':
        return json(
          200,
          await releaseCase(
            { caseId: pathParameter(event), user, mayReleaseOthers: signedIn.roles.includes('lead') },
            ports,
          ),
        );
      case 'POST /agent/cases/{id}/notes': {
        const key = idempotencyKeyOf(event);
        const result = await addCaseNote(
          {
            caseId: pathParameter(event),
            body: jsonBody(event),
            user,
            ...(key === undefined ? {} : { idempotencyKey: key }),
          },
          ports,
        );
        return json(result.appended ? 201 : 200, result);
      }
      case 'POST /agent/cases/{id}/resolve': {
        const result = await resolveCase({ caseId: pathParameter(event), body: jsonBody(event), user }, ports);
        if (result.changed) {
          metrics.addMetric('CasesResolved', MetricUnit.Count, 1);
          emitMetrics(metrics, metricsOfResolution(result.case));
        }
        return json(200, result);
      }
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
  });
