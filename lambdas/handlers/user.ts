import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type UserRole, userRoles } from '../../lib/definitions.ts';
import { DomainError } from '../domain/errors.ts';

/** The person behind a request, as the user pool's JWT authorizer vouched for them. */
export interface SignedInUser {
  readonly user: string;
  readonly roles: readonly UserRole[];
}

type Claims = Record<string, string | number | boolean | readonly string[]>;

const claimsOf = (event: APIGatewayProxyEventV2): Claims | undefined =>
  (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims;

/**
 * Cognito groups as API Gateway passes them: HTTP APIs flatten an array claim into the string
 * `[social lead]`; a JSON array or a plain list is accepted too.
 */
const groupsOf = (claim: Claims[string] | undefined): string[] => {
  if (claim === undefined) return [];
  if (Array.isArray(claim)) return claim.map(String);
  const text = String(claim).trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      return (JSON.parse(text) as unknown[]).map(String);
    } catch {
      // not JSON: fall through to the space-separated form
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
};

const isRole = (group: string): group is UserRole => (userRoles as readonly string[]).includes(group);

/** The signed-in user, or UNAUTHORIZED when the request carries no verified identity. */
export const userOf = (event: APIGatewayProxyEventV2): SignedInUser => {
  const claims = claimsOf(event);
  const user = claims?.['cognito:username'] ?? claims?.username ?? claims?.sub;
  if (claims === undefined || user === undefined) {
    throw new DomainError('UNAUTHORIZED', 'sign in first: this route needs a user token', { details: {} });
  }
  return { user: String(user), roles: groupsOf(claims['cognito:groups']).filter(isRole) };
};

/** FORBIDDEN unless the user has one of `roles`. */
export const requireRole = (signedIn: SignedInUser, roles: readonly UserRole[]): void => {
  if (signedIn.roles.some((role) => roles.includes(role))) return;
  throw new DomainError(
    'FORBIDDEN',
    `${signedIn.user} may not do this: it needs the role ${roles.join(' or ')}, and they have ${signedIn.roles.length > 0 ? signedIn.roles.join(', ') : 'none'}`,
    { details: { user: signedIn.user, roles: signedIn.roles, needed: roles } },
  );
};
