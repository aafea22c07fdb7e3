import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { apiKeyHeader } from '../../lib/definitions.ts';
import type { ApiKeys } from '../ports/api-keys.ts';
import type { Observability } from './observability.ts';

/** HTTP API Lambda authorizer (simple responses): lets a request through when its API key is current. */
export const createAuthorizerHandler = (keys: ApiKeys, { logger }: Pick<Observability, 'logger'>) =>
  middy<APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const presented = event.headers?.[apiKeyHeader];
      const isAuthorized = typeof presented === 'string' && presented !== '' && (await keys.isValid(presented));
      if (!isAuthorized)
        logger.info('request refused: missing or unknown API key', {
          routeArn: event.routeArn,
        });
      return { isAuthorized };
    });
