import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { type ConnectorSecrets, parseConnectorSecrets } from '../config/connector-secrets.ts';

/** Five minutes: a rotated secret is picked up within that, and Secrets Manager is called rarely. */
const cacheSeconds = 300;

/**
 * Reads the connector secrets (one JSON secret: xConsumerSecret, metaAppSecret, metaVerifyToken)
 * through Powertools parameters, cached. Call it once at start-up so a missing key stops the
 * function there, naming the key.
 */
export const secretsManagerConnectorSecrets = (secretArn: string) => async (): Promise<ConnectorSecrets> =>
  parseConnectorSecrets(
    await getSecret(secretArn, { maxAge: cacheSeconds, transform: 'json' }),
    `the Secrets Manager secret ${secretArn}`,
  );
