import { commonEnv } from '../../lib/definitions.ts';
import { SecretsManagerApiKeys } from '../adapters/secrets-manager-api-keys.ts';
import { loadConfig } from '../config/load-config.ts';
import { AuthorizerSettings } from '../config/settings.ts';
import { createAuthorizerHandler } from '../handlers/authorizer.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(AuthorizerSettings, process.env);

export const handler = createAuthorizerHandler(
  new SecretsManagerApiKeys(settings[commonEnv.apiKeySecretArn]),
  observability('authorizer'),
);
