// The one way the console talks to the bridge: bearer token on every call, `{code, message}`
// errors turned into ApiError so every view can show them plainly.

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** "CONFLICT: the case is held by lee", as shown to people. */
  get plain() {
    return `${this.code}: ${this.message}`;
  }
}

/**
 * A client for `baseUrl` (a string, or a function giving it). `token()` gives the current bearer token; `onUnauthorized` is called on
 * a 401 (expired or revoked sign-in) after the error is raised to the caller.
 */
export const createApi = ({ baseUrl, token, onUnauthorized = () => {} }) => {
  // The API may live elsewhere than the console (`apiUrl` in /config.json), known only once loaded.
  const base = () => String((typeof baseUrl === 'function' ? baseUrl() : baseUrl) ?? '').replace(/\/$/, '');

  const request = async (method, path, { body, query, accept = 'application/json' } = {}) => {
    const url = new URL(`${base()}${path}`, window.location.href);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers = { accept };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', `the bridge did not answer (${error.message})`);
    }
    const text = await response.text();
    if (!response.ok) {
      let problem = {};
      try {
        problem = JSON.parse(text);
      } catch {
        problem = {};
      }
      const error = new ApiError(
        response.status,
        problem.code ?? `HTTP_${response.status}`,
        problem.message ?? (text.trim() || response.statusText || 'the request failed'),
        problem.details,
      );
      if (response.status === 401) onUnauthorized(error);
      throw error;
    }
    if (response.status === 204 || text === '') return null;
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') && !type.includes('ndjson') ? JSON.parse(text) : text;
  };

  return {
    get: (path, query) => request('GET', path, { query }),
    post: (path, body = {}) => request('POST', path, { body }),
    text: (path, query) => request('GET', path, { query, accept: 'application/x-ndjson, text/plain, */*' }),
  };
};
