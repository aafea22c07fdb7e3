import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpErrors } from './http-errors.ts';
import type { Observability } from './observability.ts';

/** An HTTP handler as Lambda (and the local gateway) calls it: event and context in, a promise out. */
export type HttpLambda = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middleware every HTTP API handler wears: Lambda context in the logs, metrics flushed,
 * the event validated against the API Gateway v2 schema, and errors turned into `{code, message,
 * details}` replies. The handler itself only calls its use case and shapes the reply.
 */
export const httpHandler = (
  observability: Observability,
  handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): HttpLambda =>
  // Middy types the handler by the event its middlewares produce (the parser narrows it), which
  // hides the plain Lambda shape it really has; the cast names that shape.
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(observability.logger))
    .use(logMetrics(observability.metrics))
    .use(parser({ schema: APIGatewayProxyEventV2Schema }))
    .use(httpErrors(observability))
    .handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handle) as unknown as HttpLambda;
