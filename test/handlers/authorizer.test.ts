import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerApiKeys } from '../../lambdas/adapters/secrets-manager-api-keys.ts';
import { StaticApiKeys } from '../../lambdas/adapters/static-api-keys.ts';
import { createAuthorizerHandler } from '../../lambdas/handlers/authorizer.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { apiEvent, contextFor } from '../support/api-event.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bridge-api-key-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

const authorizerEvent = (key?: string): APIGatewayRequestAuthorizerEventV2 => {
  const base = apiEvent('GET /cases', { headers: key === undefined ? {} : { 'x-api-key': key } });
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:api/$default/GET/cases',
    identitySource: key === undefined ? [] : [key],
    routeKey: base.routeKey,
    rawPath: base.rawPath,
    rawQueryString: '',
    cookies: [],
    headers: base.headers,
    requestContext: base.requestContext,
  };
};

describe('authorizer', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it.each([
    ['the current key', 'k-123', true],
    ['a wrong key', 'k-124', false],
    ['a prefix of the key', 'k-12', false],
    ['an empty key', '', false],
    ['no key at all', undefined, false],
  ])('with %s answers isAuthorized=%s', async (_what, key, expected) => {
    const handler = createAuthorizerHandler(new StaticApiKeys(['k-123']), observability('authorizer'));
    const result = await handler(authorizerEvent(key), contextFor('authorizer'));
    expect(result).toEqual({ isAuthorized: expected });
  });

  it('reads the key from Secrets Manager once and caches it, accepting either key during a rotation', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'old-key\nnew-key\n' });
    const keys = new SecretsManagerApiKeys(secretArn);
    // Act
    const results = [await keys.isValid('new-key'), await keys.isValid('old-key'), await keys.isValid('other')];
    // Assert
    expect(results).toEqual([true, true, false]);
    const calls = secrets.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ SecretId: secretArn });
  });
});
