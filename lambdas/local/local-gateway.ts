import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  Context,
} from 'aws-lambda';
import {
  apiKeyHeader,
  consoleContentSecurityPolicy,
  type FunctionDefinition,
  type RouteDefinition,
} from '../../lib/definitions.ts';
import { lambdaContext } from './lambda-context.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<APIGatewaySimpleAuthorizerResult>;

export interface GatewayRoute extends RouteDefinition {
  readonly handler: HttpHandler;
  readonly fn: FunctionDefinition;
}

/** A route served by the local runtime only (health, dead letters, dev login); never deployed. */
export interface LocalRoute {
  readonly method: string;
  readonly path: string;
  readonly reply: (request: { readonly body: string }) => Promise<{ status: number; body: unknown }>;
}

/** Verifies a bearer token for the people's routes, as the user pool's JWT authorizer does in AWS. */
export interface UserTokenVerifier {
  /** The token's claims, flattened as API Gateway passes them; undefined when it is not valid. */
  verify(token: string): Promise<Record<string, string> | undefined>;
}

export interface LocalGatewayOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly routes: readonly GatewayRoute[];
  readonly authorizer: { readonly handler: AuthorizerHandler; readonly fn: FunctionDefinition };
  readonly localRoutes?: readonly LocalRoute[];
  /** Checks the bearer tokens of routes with `users`; without it those routes answer 401. */
  readonly userTokens?: UserTokenVerifier;
  /** A folder of static files served for GET requests no route takes (the console); `/` is index.html. */
  readonly staticDir?: string;
}

export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway's own payload limit for HTTP APIs. */
const maxPayloadBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: GatewayRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compile = (route: GatewayRoute): CompiledRoute => {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
    names.push(a ?? b);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
};

const readBody = (request: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxPayloadBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxPayloadBytes ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(text);
};

const problem = (code: string, message: string) => ({ code, message, details: {} });

const lowerCaseHeaders = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

const textTypes = /^(application\/(json|x-ndjson|ndjson|jsonl|json-seq|x-www-form-urlencoded|xml)|text\/)/;

const staticTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves a file of `dir` (as CloudFront serves the console's bucket); false when there is none. */
const sendStatic = async (dir: string, pathname: string, response: ServerResponse): Promise<boolean> => {
  const root = resolve(dir);
  const file = resolve(root, `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`);
  if (!file.startsWith(`${root}${sep}`)) return false;
  const type = staticTypes[extname(file)];
  if (type === undefined) return false;
  try {
    const content = await readFile(file);
    response.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': consoleContentSecurityPolicy(),
    });
    response.end(content);
    return true;
  } catch {
    return false;
  }
};

/**
 * Serves the same handlers the HTTP API invokes in AWS, turning each request into an API Gateway
 * v2 (payload 2.0) event, running the Lambda authorizer first on authorized routes, and writing
 * the structured result back, so a handler cannot tell the two apart.
 */
export const startLocalGateway = async (options: LocalGatewayOptions): Promise<LocalGateway> => {
  const compiled = options.routes.map(compile);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://local');
    const local = options.localRoutes?.find((route) => route.method === method && route.path === url.pathname);
    if (local) {
      const raw = await readBody(request);
      const { status, body } = await local.reply({ body: raw === 'too-large' ? '' : raw.toString('utf8') });
      send(response, status, body);
      return;
    }
    const pathMatches = compiled.filter(({ pattern }) => pattern.test(url.pathname));
    const match = pathMatches.find(({ route }) => route.method === method);
    if (
      !match &&
      method === 'GET' &&
      options.staticDir &&
      (await sendStatic(options.staticDir, url.pathname, response))
    ) {
      return;
    }
    if (!match) {
      send(
        response,
        pathMatches.length > 0 ? 405 : 404,
        problem(pathMatches.length > 0 ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', `no route ${method} ${url.pathname}`),
      );
      return;
    }

    const body = await readBody(request);
    if (body === 'too-large') {
      send(response, 413, problem('PAYLOAD_TOO_LARGE', `the body is over API Gateway's ${maxPayloadBytes} bytes`));
      return;
    }
    const headers = lowerCaseHeaders(request);
    const now = new Date();
    const routeKey = `${match.route.method} ${match.route.path}`;
    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    const pathParameters = Object.fromEntries(match.names.map((name, index) => [name, values[index] ?? '']));
    const query = Object.fromEntries(url.searchParams.entries());
    const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
    const requestContext: APIGatewayProxyEventV2['requestContext'] = {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    };

    if (match.route.authorized) {
      const key = headers[apiKeyHeader];
      if (!key) {
        // API Gateway refuses before invoking the authorizer when the identity source is absent.
        send(response, 401, problem('UNAUTHORIZED', `Unauthorized: send the API key in the ${apiKeyHeader} header`));
        return;
      }
      const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${method}${url.pathname}`,
        identitySource: [key],
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: cookies ?? [],
        headers,
        queryStringParameters: query,
        requestContext,
        pathParameters,
        stageVariables: {},
      };
      const { isAuthorized } = await options.authorizer.handler(authorizerEvent, lambdaContext(options.authorizer.fn));
      if (!isAuthorized) {
        send(response, 403, problem('FORBIDDEN', `Forbidden: the ${apiKeyHeader} header holds no current API key`));
        return;
      }
    }

    if (match.route.users) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
      const claims = bearer ? await options.userTokens?.verify(bearer) : undefined;
      if (!claims) {
        // API Gateway's JWT authorizer answers 401 itself, without invoking the integration.
        send(response, 401, problem('UNAUTHORIZED', 'Unauthorized: sign in and send authorization: Bearer <token>'), {
          'www-authenticate': 'Bearer',
        });
        return;
      }
      (requestContext as { authorizer?: unknown }).authorizer = { jwt: { claims, scopes: null } };
    }

    const contentType = headers['content-type'] ?? '';
    const isText = body.length === 0 || textTypes.test(contentType) || contentType === '';
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(url.searchParams.size > 0 ? { queryStringParameters: query } : {}),
      ...(match.names.length > 0 ? { pathParameters } : {}),
      requestContext,
      ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };
    const result = await match.route.handler(event, lambdaContext(match.route.fn));
    const resultHeaders = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    response.writeHead(result.statusCode ?? 200, resultHeaders);
    response.end(payload);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // API Gateway answers 500 when the integration itself fails; say so plainly.
      if (!response.headersSent) {
        send(response, 500, problem('INTERNAL', `the local gateway failed: ${(error as Error).message}`));
      } else {
        response.end();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
