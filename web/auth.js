// Signing in. Locally (`mode: "local"`) the bridge hands out dev tokens for a user and roles;
// deployed (`mode: "cognito"`) people sign in through the Cognito hosted UI with the authorization
// code flow and PKCE (S256), and the id token (which carries the `cognito:groups` the API reads as
// roles) is the bearer. The session lives in sessionStorage: it ends with the tab.

const sessionKey = 'bridge.session';
const pkceKey = 'bridge.pkce';

/** The console's configuration from the bridge: where the API is and how to sign in. */
export const loadConfig = async () => {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  return response.json();
};

export const storedSession = () => {
  try {
    const session = JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null');
    if (!session?.token) return null;
    if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
};

export const saveSession = (session) => sessionStorage.setItem(sessionKey, JSON.stringify(session));
export const clearSession = () => sessionStorage.removeItem(sessionKey);

/** `POST /auth/dev-login` on the local runtime. */
export const devLogin = async (api, user, roles) => {
  const answer = await api.post('/auth/dev-login', { user, roles });
  const session = {
    mode: 'local',
    token: answer.token,
    user: answer.user,
    roles: answer.roles,
    expiresAt: answer.expiresAt,
  };
  saveSession(session);
  return session;
};

const hostedUi = (domain) => (/^https?:\/\//.test(domain) ? domain : `https://${domain}`).replace(/\/$/, '');

const base64Url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = (size) => base64Url(crypto.getRandomValues(new Uint8Array(size)));

/** Sends the browser to the hosted UI; it comes back to `redirectUri` with `?code=…&state=…`. */
export const startCognitoSignIn = async (cognito) => {
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(pkceKey, JSON.stringify({ verifier, state }));
  const url = new URL(`${hostedUi(cognito.domain)}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: cognito.redirectUri,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  window.location.assign(url.toString());
};

const claimsOf = (jwt) => {
  const payload = jwt.split('.')[1] ?? '';
  const padded = payload
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(payload.length / 4) * 4, '=');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(padded), (char) => char.charCodeAt(0))));
};

/**
 * When the page is the hosted UI's redirect, trades the code for tokens at `/oauth2/token` and
 * returns the new session; otherwise `null`. Throws with the hosted UI's own words when it refused.
 */
export const completeCognitoSignIn = async (cognito) => {
  const params = new URLSearchParams(window.location.search);
  if (params.has('error')) {
    window.history.replaceState(null, '', window.location.pathname);
    throw new Error(`sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  }
  const code = params.get('code');
  if (!code) return null;
  const pkce = JSON.parse(sessionStorage.getItem(pkceKey) ?? 'null');
  sessionStorage.removeItem(pkceKey);
  window.history.replaceState(null, '', window.location.pathname);
  if (!pkce || pkce.state !== params.get('state'))
    throw new Error('sign-in failed: the answer does not match the request; sign in again');
  const response = await fetch(`${hostedUi(cognito.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code,
      redirect_uri: cognito.redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.id_token) {
    throw new Error(`sign-in failed: ${tokens.error_description ?? tokens.error ?? response.statusText}`);
  }
  const claims = claimsOf(tokens.id_token);
  const session = {
    mode: 'cognito',
    token: tokens.id_token,
    user: claims['cognito:username'] ?? claims.email ?? claims.sub,
    roles: claims['cognito:groups'] ?? [],
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
  saveSession(session);
  return session;
};

/** Ends the session; with Cognito, also at the hosted UI so the next sign-in asks again. */
export const signOut = (config) => {
  clearSession();
  if (config.mode === 'cognito' && config.cognito) {
    const url = new URL(`${hostedUi(config.cognito.domain)}/logout`);
    url.search = new URLSearchParams({
      client_id: config.cognito.clientId,
      logout_uri: config.cognito.redirectUri,
    }).toString();
    window.location.assign(url.toString());
    return true;
  }
  return false;
};
