import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DomainError } from '../domain/errors.ts';
import { redactedText } from '../domain/queue-message.ts';
import { TriageAction } from '../domain/triage-action.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { PlacementPolicy } from '../use-cases/place-service-need.ts';
import { actOnTriageItem, type TriageActPorts } from '../use-cases/triage-act.ts';
import { actOnTriageItems } from '../use-cases/triage-bulk.ts';
import { listTriage } from '../use-cases/triage-list.ts';
import { listIncidents } from '../use-cases/list-incidents.ts';
import { type ResolveIncidentPorts, resolveIncident } from '../use-cases/resolve-incident.ts';
import type { SurgePolicy } from '../domain/surge.ts';
import { getTriageView, type TriageViewPorts } from '../use-cases/triage-view.ts';
import { json } from './http-errors.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';
import { jsonBody, pathParameter } from './request.ts';
import { requireRole, userOf } from './user.ts';

/** The reply desk the triage API fronts: drafts are made by the draft-reply action. */
export interface ReplyDesk {
  list(state: string | undefined): Promise<unknown>;
  send(replyId: string, actor: string): Promise<unknown>;
  approve(replyId: string, actor: string): Promise<unknown>;
}

export interface TriageApiPorts extends TriageActPorts, TriageViewPorts, Omit<ResolveIncidentPorts, 'mentions'> {
  readonly replyDesk: ReplyDesk;
}

/** Most customers a lookup returns. */
const customerMatches = 20;

/** The social team's triage API: the queue, each item's whole story, actions, labels, replies. */
export const createTriageApiHandler = (
  ports: TriageApiPorts,
  policy: PlacementPolicy & { readonly surge: SurgePolicy },
  observability: Observability,
) =>
  httpHandler(observability, async (event) => {
    const signedIn = userOf(event);
    if (event.routeKey === 'GET /me') return json(200, signedIn);
    requireRole(signedIn, event.routeKey === 'POST /replies/{id}/approve' ? ['lead'] : ['social', 'lead']);
    const { user } = signedIn;
    switch (event.routeKey) {
      case 'GET /triage/items':
        return json(200, await listTriage(event.queryStringParameters, ports));
      case 'GET /triage/items/{id}':
        return json(200, await getTriageView(pathParameter(event), ports));
      case 'POST /triage/items/{id}/actions': {
        const action = parseOrThrow(TriageAction, jsonBody(event), 'the action');
        const outcome = await actOnTriageItem(pathParameter(event), action, user, ports, policy);
        observability.metrics.addMetric(`Triage_${action.action}`, MetricUnit.Count, 1);
        return json(action.action === 'draft-reply' ? 201 : 200, outcome);
      }
      case 'POST /triage/actions':
        return json(200, await actOnTriageItems(jsonBody(event), user, ports, policy));
      case 'GET /triage/labels': {
        // A post its author deleted teaches nothing: its label carries no text any more.
        const labels = (await ports.triage.labels(100_000)).filter((label) => label.text !== redactedText);
        return {
          statusCode: 200,
          headers: {
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition': 'attachment; filename="triage-labels.ndjson"',
            'cache-control': 'no-store',
          },
          body: labels
            .map(({ text, intent, topic }) => `${JSON.stringify({ text, intent, ...(topic ? { topic } : {}) })}\n`)
            .join(''),
        };
      }
      case 'GET /triage/customers': {
        const query = event.queryStringParameters?.q ?? '';
        const items = await ports.directory.searchCustomers(query, customerMatches);
        return json(200, { items: items.map(({ customerId, name, tier }) => ({ customerId, name, tier })) });
      }
      case 'GET /incidents':
        return json(200, await listIncidents(ports));
      case 'POST /incidents/{id}/resolve':
        return json(200, await resolveIncident(pathParameter(event), user, ports, policy.surge));
      case 'GET /replies':
        return json(200, await ports.replyDesk.list(event.queryStringParameters?.state));
      case 'POST /replies/{id}/send':
        return json(200, await ports.replyDesk.send(pathParameter(event), user));
      case 'POST /replies/{id}/approve':
        return json(200, await ports.replyDesk.approve(pathParameter(event), user));
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
  });
