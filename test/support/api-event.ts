import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { functions } from '../../lib/definitions.ts';
import { lambdaContext } from '../../lambdas/local/lambda-context.ts';

/** An API Gateway v2 event as the HTTP API sends it, for calling handlers directly. */
export const apiEvent = (
  routeKey: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const rawPath = Object.entries(options.pathParameters ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, v), path);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '02/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_793_613_600_000,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
};

export const contextFor = (id: keyof typeof functions) => lambdaContext(functions[id]);
