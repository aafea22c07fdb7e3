import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { apiKeyHeader, type RouteDefinition } from '../definitions.ts';

type RoutedFunctionId = RouteDefinition['functionId'];

export interface BridgeHttpApiProps {
  /** `routes` from definitions.ts. */
  readonly routes: readonly RouteDefinition[];
  /** The function behind each `functionId` the routes name. */
  readonly handlers: { readonly [id in RoutedFunctionId]: IFunction };
  /** The Lambda REQUEST authorizer guarding routes with `authorized: true`. */
  readonly authorizer: IFunction;
  /**
   * The user pool whose tokens open people's routes (those with `users`), and the app clients whose
   * tokens it accepts. Required as soon as one route has `users`.
   */
  readonly users?: { readonly userPool: IUserPool; readonly clients: readonly IUserPoolClient[] };
  /** Steady-state requests per second across the stage. @default 50 */
  readonly throttleRateLimit?: number;
  /** Burst of concurrent requests across the stage. @default 100 */
  readonly throttleBurstLimit?: number;
  /** How long API Gateway caches the authorizer's answer per key. @default 5 minutes */
  readonly authorizerCacheTtl?: Duration;
  /** @default three months */
  readonly accessLogRetention?: RetentionDays;
}

/** One JSON object per request; HTTP API $context variables only. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    extendedRequestId: '$context.extendedRequestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    errorMessage: '$context.error.message',
  }),
);

/**
 * Why a route may go without any authorizer, by path prefix. A route marked `authorized: false` in
 * definitions.ts, and not a people's route (`users`), whose path has no entry here fails the synth:
 * every open route needs its reason.
 */
const unauthorizedRouteReasons: readonly { readonly pathPrefix: string; readonly reason: string }[] = [
  {
    pathPrefix: '/webhooks/',
    reason:
      'A provider webhook (X, Meta) cannot send our API key; the handler authenticates every delivery instead, by the provider-documented HMAC-SHA256 signature over the raw body (401 on mismatch) or the CRC / verify-token handshake.',
  },
  {
    pathPrefix: '/self-links/',
    reason:
      'A customer opens a self-link from a direct message and has no API key: the one-time token in the path is the credential. Only its digest is stored, it works once and expires (selfLinkMinutes), and an unknown, used or expired token gets no customer data.',
  },
];

const unauthorizedRouteReason = (route: RouteDefinition): string => {
  const known = unauthorizedRouteReasons.find((entry) => route.path.startsWith(entry.pathPrefix));
  if (!known) {
    throw new Error(
      `${route.method} ${route.path} is not authorized by the API key and has no reason in unauthorizedRouteReasons (lib/constructs/http-api.ts): add one, or mark the route authorized`,
    );
  }
  return known.reason;
};

/** The API key for `authorized` routes, the user pool for people's routes (`users`), nothing for the rest. */
const routeAuthorizerFor = (
  route: RouteDefinition,
  apiKey: IHttpRouteAuthorizer,
  userPool: IHttpRouteAuthorizer | undefined,
): IHttpRouteAuthorizer | undefined => {
  if (!route.users) return route.authorized ? apiKey : undefined;
  if (route.authorized) {
    throw new Error(
      `${route.method} ${route.path} is marked both authorized (API key) and for users (JWT): a route has one authorizer, so keep one`,
    );
  }
  if (!userPool) {
    throw new Error(
      `${route.method} ${route.path} is a people's route (users) but the HTTP API was given no user pool`,
    );
  }
  return userPool;
};

/**
 * The HTTP API (API Gateway v2) built from `routes` in definitions.ts: one Lambda integration per
 * function, the API-key REQUEST authorizer (simple responses, identity `$request.header.<apiKeyHeader>`,
 * results cached) on every route marked `authorized`, the Cognito JWT authorizer on people's routes
 * (`users`), JSON access logs, stage-wide throttling.
 */
export class BridgeHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: readonly HttpRoute[];
  /** The stage's URL, ending in a slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: BridgeHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Social Service Bridge: mentions in, cases and mentions out',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.THREE_MONTHS,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit ?? 50, burstLimit: props.throttleBurstLimit ?? 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });
    this.url = this.stage.url;

    const authorizer: IHttpRouteAuthorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', props.authorizer, {
      authorizerName: 'api-key',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${apiKeyHeader}`],
      resultsCacheTtl: props.authorizerCacheTtl ?? Duration.minutes(5),
    });

    const integrations = new Map<RoutedFunctionId, HttpLambdaIntegration>();
    const integrationFor = (functionId: RoutedFunctionId): HttpLambdaIntegration => {
      let integration = integrations.get(functionId);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${functionId}Integration`, props.handlers[functionId]);
        integrations.set(functionId, integration);
      }
      return integration;
    };

    // People's routes: API Gateway checks the Cognito JWT (signature, issuer = the pool, audience or
    // client_id = the console client, expiry) before the function runs; the function checks the group.
    const users = props.users;
    const userAuthorizer = users
      ? new HttpUserPoolAuthorizer('UserPoolAuthorizer', users.userPool, {
          authorizerName: 'user-pool',
          userPoolClients: [...users.clients],
        })
      : undefined;

    this.routes = props.routes.flatMap((route) => {
      const routeAuthorizer = routeAuthorizerFor(route, authorizer, userAuthorizer);
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.functionId),
        ...(routeAuthorizer ? { authorizer: routeAuthorizer } : {}),
      });
      if (!routeAuthorizer) {
        const reason = unauthorizedRouteReason(route);
        for (const openRoute of added) Validations.of(openRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      }
      return added;
    });
  }
}
