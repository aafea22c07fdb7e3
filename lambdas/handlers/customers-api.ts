import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { selfLinkMinutes as definedSelfLinkMinutes } from '../../lib/definitions.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { defaultConfidence, SocialAccount } from '../domain/identity.ts';
import { Network } from '../domain/mention.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { SelfLinkGrants } from '../ports/self-link-grants.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';
import { confirmSelfLink } from '../use-cases/confirm-self-link.ts';
import { getCustomerTimeline } from '../use-cases/customer-timeline.ts';
import { getContactPolicy } from '../use-cases/get-contact-policy.ts';
import { getCustomer } from '../use-cases/get-customer.ts';
import { importCustomers } from '../use-cases/import-customers.ts';
import { issueSelfLink, selfLinkTokenPattern } from '../use-cases/issue-self-link.ts';
import { linkIdentity, unlinkIdentity } from '../use-cases/link-identity.ts';
import { errorReply, json } from './http-errors.ts';
import { httpHandler } from './http-handler.ts';
import type { Observability } from './observability.ts';
import { actorOf, bodyText, jsonBody, pathParameter } from './request.ts';

export interface CustomersApiPorts {
  readonly cases: CaseSystem;
  readonly directory: IdentityDirectory;
  readonly grants: SelfLinkGrants;
  readonly holds: ServiceHolds;
  readonly events: EventPublisher;
  readonly clock: Clock;
}

export interface CustomersApiOptions {
  /** Minutes a self-link stays good; lib/definitions.ts declares the bridge's. */
  readonly selfLinkMinutes?: number;
}

/** Who an agent link names when the calling system sends no `x-actor`. */
const defaultAgent = 'agent';

/** The body of `POST /customers/{id}/links`: an account, and how sure the agent is. */
const AgentLinkBody = SocialAccount.extend({ confidence: z.number().min(0).max(1).optional() });

/** The body of `POST /customers/{id}/self-links`: the account the invitation goes to. */
const SelfLinkBody = SocialAccount;

/** Hosts a developer reaches over plain HTTP; everything else is served over HTTPS. */
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The API's origin as the caller reached it, under which the self-link lives. */
const originOf = (event: APIGatewayProxyEventV2): string => {
  const host = event.requestContext.domainName;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
  return `${localHosts.has(hostname.toLowerCase()) ? 'http' : 'https'}://${host}`;
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * A page for the person who opened a self-link. It loads nothing, cannot be framed, and sends no
 * referrer (the token is in its address); it says nothing about the customer.
 */
const page = (statusCode: number, title: string, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  },
  body: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1.1rem;padding:.6rem 1.4rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body>
</html>
`,
});

const confirmPage = (): APIGatewayProxyStructuredResultV2 =>
  page(
    200,
    'Connect this account?',
    `<p>Press Confirm to connect the social account this link was sent to with your customer profile, so that we can see your earlier conversations with us.</p>
<form method="post"><button type="submit">Confirm</button></form>
<p>If you did not ask for this, close this page: nothing changes.</p>`,
  );

const refusedTitles: Partial<Record<DomainError['code'], string>> = {
  NOT_FOUND: 'This link is not valid',
  CONFLICT: 'This link cannot be used any more',
};

const wantsHtml = (event: APIGatewayProxyEventV2): boolean => (event.headers.accept ?? '').includes('text/html');

const networkParameter = (event: APIGatewayProxyEventV2): Network =>
  parseOrThrow(Network, pathParameter(event, 'network'), 'the network in the path');

/**
 * The identity directory and the customer's story: CRM imports, agent links and unlinks,
 * self-link invitations and their confirmation page, the cross-channel timeline and the contact
 * policy marketing systems ask for. The `/self-links/{token}` routes are public (the token is
 * the credential) and answer a browser with HTML.
 */
export const createCustomersApiHandler = (
  ports: CustomersApiPorts,
  { logger, metrics }: Observability,
  options: CustomersApiOptions = {},
) => {
  const minutes = options.selfLinkMinutes ?? definedSelfLinkMinutes;

  const confirm = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const html = wantsHtml(event);
    try {
      const confirmed = await confirmSelfLink(pathParameter(event, 'token'), ports);
      metrics.addMetric('SelfLinksConfirmed', MetricUnit.Count, 1);
      return html
        ? page(
            200,
            'Connected',
            '<p>Thank you: the account is now connected to your customer profile. You can close this page.</p>',
          )
        : json(200, confirmed);
    } catch (error) {
      if (!html || !isDomainError(error) || error.retryable) throw error;
      const reply = errorReply(error, event.requestContext.requestId);
      const title = refusedTitles[error.code];
      if (title === undefined) throw error;
      metrics.addMetric('SelfLinksRefused', MetricUnit.Count, 1);
      const sentence = `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
      return page(reply.statusCode ?? 400, title, `<p>${escapeHtml(sentence)}</p>`);
    }
  };

  return httpHandler({ logger, metrics }, async (event) => {
    switch (event.routeKey) {
      case 'POST /customers': {
        const result = await importCustomers(
          { body: bodyText(event), contentType: event.headers['content-type'] },
          ports,
        );
        metrics.addMetric('CustomersImported', MetricUnit.Count, result.imported);
        metrics.addMetric('CustomersRejected', MetricUnit.Count, result.rejected);
        metrics.addMetric('IdentitiesLinked', MetricUnit.Count, result.linked);
        const [first] = result.items;
        if (result.mode === 'single' && first?.status === 'imported') {
          const { index: _index, ...imported } = first;
          return json(200, imported);
        }
        const summary = {
          imported: result.imported,
          rejected: result.rejected,
          linked: result.linked,
          kept: result.kept,
        };
        if (result.imported === 0) {
          return json(400, {
            code: 'VALIDATION_FAILED',
            message: `none of the ${result.items.length} customer records was imported`,
            details: { ...summary, items: result.items },
          });
        }
        return json(200, { ...summary, items: result.items });
      }
      case 'GET /customers/{id}':
        return json(200, await getCustomer(pathParameter(event), ports));
      case 'GET /customers/{id}/timeline':
        return json(200, await getCustomerTimeline(pathParameter(event), ports));
      case 'GET /customers/{id}/contact-policy':
        return json(200, await getContactPolicy(pathParameter(event), ports));
      case 'POST /customers/{id}/links': {
        const { confidence, ...account } = parseOrThrow(AgentLinkBody, jsonBody(event), 'the link');
        const outcome = await linkIdentity(
          {
            customerId: pathParameter(event),
            account,
            source: 'agent',
            confidence: confidence ?? defaultConfidence.agent,
            actor: actorOf(event) ?? defaultAgent,
          },
          ports,
        );
        metrics.addMetric('IdentitiesLinked', MetricUnit.Count, 1);
        return json(200, outcome);
      }
      case 'DELETE /customers/{id}/links/{network}/{handle}':
        return json(
          200,
          await unlinkIdentity(
            {
              customerId: pathParameter(event),
              account: { network: networkParameter(event), handle: pathParameter(event, 'handle').replace(/^@/, '') },
            },
            ports,
          ),
        );
      case 'POST /customers/{id}/self-links': {
        const account = parseOrThrow(SelfLinkBody, jsonBody(event), 'the account to invite');
        const invitation = await issueSelfLink(
          {
            customerId: pathParameter(event),
            account,
            baseUrl: originOf(event),
            minutes,
            issuedBy: actorOf(event) ?? defaultAgent,
          },
          ports,
        );
        metrics.addMetric('SelfLinksIssued', MetricUnit.Count, 1);
        return json(201, invitation);
      }
      case 'GET /self-links/{token}':
        return selfLinkTokenPattern.test(pathParameter(event, 'token'))
          ? confirmPage()
          : page(
              404,
              refusedTitles.NOT_FOUND ?? '',
              '<p>Check that the link was copied whole, or ask us for a new one.</p>',
            );
      case 'POST /self-links/{token}':
        return confirm(event);
      default:
        throw new DomainError('NOT_FOUND', `no route ${event.routeKey}`, { details: { routeKey: event.routeKey } });
    }
  });
};
