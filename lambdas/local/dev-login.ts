import type { DevTokens } from './dev-tokens.ts';

/**
 * `POST /auth/dev-login` of the local runtime: `{user, roles}` → a dev token, the local stand-in
 * for signing in through Cognito. Never deployed.
 */
export const devLogin = async (tokens: DevTokens, body: string): Promise<{ status: number; body: unknown }> => {
  let request: { user?: unknown; roles?: unknown };
  try {
    request = JSON.parse(body || '{}') as typeof request;
  } catch {
    return {
      status: 400,
      body: { code: 'INVALID_JSON', message: 'send {"user": "sam", "roles": ["social"]}', details: {} },
    };
  }
  const roles = Array.isArray(request.roles) ? request.roles.map(String) : [];
  try {
    return { status: 200, body: await tokens.issue(String(request.user ?? ''), roles) };
  } catch (error) {
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: (error as Error).message, details: { user: request.user, roles } },
    };
  }
};
