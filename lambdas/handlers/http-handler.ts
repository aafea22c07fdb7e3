import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpErrors } from './http-errors.ts';
import { type Invocable, invocable } from './invocable.ts';
import type { Observability } from './observability.ts';

export type HttpLambda = Invocable<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * The middleware every HTTP API handler wears: Lambda context in the logs, metrics flushed,
 * the event validated against the API Gateway v2 schema, and errors turned into `{code, message,
 * details}` replies. The handler itself only calls its use case and shapes the reply.
 */
export const httpHandler = (
  observability: Observability,
  handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): HttpLambda =>
  invocable(
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(injectLambdaContext(observability.logger))
      .use(logMetrics(observability.metrics))
      .use(parser({ schema: APIGatewayProxyEventV2Schema }))
      .use(httpErrors(observability))
      .handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handle),
  );
