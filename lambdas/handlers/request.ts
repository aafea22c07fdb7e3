import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';

/** The request body as text, whether the gateway passed it plain or base64-encoded. */
export const bodyText = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

/** The body parsed as JSON (an empty body is `{}`), or INVALID_JSON saying where it broke. */
export const jsonBody = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): unknown => {
  const text = bodyText(event).trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('INVALID_JSON', `the body is not JSON: ${(error as Error).message}`, { details: {} });
  }
};

/** A path parameter, decoded; VALIDATION_FAILED when the route has none of that name. */
export const pathParameter = (event: Pick<APIGatewayProxyEventV2, 'pathParameters'>, name = 'id'): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw new DomainError('VALIDATION_FAILED', `the path needs ${name}`, { details: { parameter: name } });
  return decodeURIComponent(value);
};

/** Who is acting, as the calling system names them in `x-actor` (an agent id, a store code). */
export const actorOf = (event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined => {
  const actor = event.headers['x-actor']?.trim();
  return actor ? actor.slice(0, 200) : undefined;
};

/** The caller's idempotency key, if it sent one. */
export const idempotencyKeyOf = (event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined => {
  const key = event.headers['idempotency-key']?.trim();
  return key ? key.slice(0, 200) : undefined;
};
