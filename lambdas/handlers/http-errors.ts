import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type DomainErrorCode, isDomainError } from '../domain/errors.ts';
import type { Observability } from './observability.ts';

const statusOf: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  DEPENDENCY_UNAVAILABLE: 503,
};

export const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  },
  body: JSON.stringify(body),
});

/** Maps any error to `{code, message, details}`; only DomainErrors say more than "internal". */
export const errorReply = (error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 => {
  if (isDomainError(error)) {
    const reply = json(statusOf[error.code], {
      code: error.code,
      message: error.message,
      details: error.details,
    });
    return error.retryable ? { ...reply, headers: { ...reply.headers, 'retry-after': '1' } } : reply;
  }
  return json(500, {
    code: 'INTERNAL',
    message: `an unexpected error occurred; it is logged under request id ${requestId}`,
    details: { requestId },
  });
};

/** Middy middleware: turns thrown errors into JSON replies, logging the unexpected ones. */
export const httpErrors = <TEvent = APIGatewayProxyEventV2>({
  logger,
  metrics,
}: Observability): MiddlewareObj<TEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const { error } = request;
    if (!isDomainError(error) || error.code === 'INTERNAL' || error.retryable) {
      logger.error('request failed', { error: error as Error });
    }
    request.response = errorReply(error, request.context.awsRequestId);
    const serverSide = (request.response.statusCode ?? 500) >= 500;
    metrics.addMetric(serverSide ? 'RequestsFailed' : 'RequestsRefused', MetricUnit.Count, 1);
  },
});
