import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { type UserRole, userRoles } from '../../lib/definitions.ts';

/** What a dev login hands out, and what the local gateway passes on as the JWT authorizer's claims. */
export interface DevToken {
  readonly token: string;
  readonly user: string;
  readonly roles: readonly UserRole[];
  readonly expiresAt: string;
}

const issuer = 'social-service-bridge/local';
const audience = 'console';

/**
 * The local stand-in for the Cognito user pool: signs short-lived HS256 tokens for a dev login
 * and verifies them at the gateway. The key is drawn per run, so a token never outlives the
 * runtime that issued it. Its claims mirror a Cognito id token (`cognito:username`,
 * `cognito:groups`), so handlers read people the same way in both places.
 */
export class DevTokens {
  private readonly key = new Uint8Array(randomBytes(32));

  constructor(private readonly hours = 12) {}

  async issue(user: string, roles: readonly string[], now = new Date()): Promise<DevToken> {
    const name = user.trim();
    if (!/^[\w.@-]{1,64}$/.test(name)) {
      throw new Error('user must be 1–64 letters, digits or . _ @ -');
    }
    const unknown = roles.filter((role) => !(userRoles as readonly string[]).includes(role));
    if (roles.length === 0 || unknown.length > 0) {
      throw new Error(
        `roles must be some of ${userRoles.join(', ')}${unknown.length > 0 ? `, not ${unknown.join(', ')}` : ''}`,
      );
    }
    const expires = new Date(now.getTime() + this.hours * 3_600_000);
    const token = await new SignJWT({ 'cognito:username': name, 'cognito:groups': [...roles], token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(name)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expires.getTime() / 1000))
      .sign(this.key);
    return { token, user: name, roles: roles as UserRole[], expiresAt: expires.toISOString() };
  }

  /**
   * The token's claims flattened as API Gateway's JWT authorizer passes them (arrays become
   * `[a b]`), or undefined when the token is not one of ours or has expired.
   */
  async verify(token: string): Promise<Record<string, string> | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer, audience });
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [
          name,
          Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
        ]),
      );
    } catch {
      return undefined;
    }
  }
}
