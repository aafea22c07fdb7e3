import { existsSync, readFileSync } from 'node:fs';
import { type ConnectorSecrets, parseConnectorSecrets } from '../config/connector-secrets.ts';

/** Secrets the local runtime uses when none are given, so webhooks can be tried out of the box. */
export const localDevConnectorSecrets: ConnectorSecrets = {
  xConsumerSecret: 'local-x-consumer-secret',
  metaAppSecret: 'local-meta-app-secret',
  metaVerifyToken: 'local-meta-verify-token',
};

export const defaultSecretsFile = '.bridge-secrets.json';

/**
 * The connector secrets for the local runtime, later sources winning: the development defaults,
 * a JSON secrets file (the same keys as the Secrets Manager secret), then the environment
 * (X_CONSUMER_SECRET, META_APP_SECRET, META_VERIFY_TOKEN). A file that was named but is missing,
 * or unreadable, is an error.
 */
export const localConnectorSecrets = (
  env: Readonly<Record<string, string | undefined>>,
  file: string | undefined,
): ConnectorSecrets => {
  const path = file ?? (existsSync(defaultSecretsFile) ? defaultSecretsFile : undefined);
  const fromFile: Record<string, unknown> = path ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const fromEnv = Object.fromEntries(
    Object.entries({
      xConsumerSecret: env.X_CONSUMER_SECRET,
      metaAppSecret: env.META_APP_SECRET,
      metaVerifyToken: env.META_VERIFY_TOKEN,
    }).filter(([, value]) => value !== undefined),
  );
  return parseConnectorSecrets(
    { ...localDevConnectorSecrets, ...fromFile, ...fromEnv },
    path ? `${path} or the environment` : 'the environment',
  );
};
