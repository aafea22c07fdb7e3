import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerConnectorSecrets } from '../../lambdas/adapters/secrets-manager-connector-secrets.ts';
import { ConfigError } from '../../lambdas/config/load-config.ts';
import { localConnectorSecrets, localDevConnectorSecrets } from '../../lambdas/local/local-connector-secrets.ts';

const secrets = mockClient(SecretsManagerClient);
const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bridge-connectors-Q1w2E3';

describe('connector secrets', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it('reads the JSON secret from Secrets Manager with the exact command', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ xConsumerSecret: 'xs', metaAppSecret: 'ms', metaVerifyToken: 'vt' }),
    });
    // Act
    const read = await secretsManagerConnectorSecrets(arn)();
    // Assert
    expect(read).toEqual({ xConsumerSecret: 'xs', metaAppSecret: 'ms', metaVerifyToken: 'vt' });
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: `${arn}` },
    ]);
  });

  it('stops start-up naming each secret the operator has not filled in', async () => {
    // Arrange: as the stack creates it, before the operator sets the provider secrets.
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ xConsumerSecret: '', metaAppSecret: '', metaVerifyToken: 'generated' }),
    });
    // Act
    const read = secretsManagerConnectorSecrets(`${arn}-empty`)();
    // Assert
    await expect(read).rejects.toThrow(ConfigError);
    await expect(secretsManagerConnectorSecrets(`${arn}-empty`)()).rejects.toThrow(
      /set "xConsumerSecret" \(the X app’s consumer secret \(API key secret\), which is empty\), "metaAppSecret" .* in the Secrets Manager secret/,
    );
  });

  it('locally takes defaults, then a secrets file, then the environment', () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const file = join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ metaAppSecret: 'from-file', metaVerifyToken: 'file-token' }));
    // Act
    const merged = localConnectorSecrets({ META_VERIFY_TOKEN: 'env-token' }, file);
    const defaults = localConnectorSecrets({}, undefined);
    // Assert
    expect(merged).toEqual({
      xConsumerSecret: localDevConnectorSecrets.xConsumerSecret,
      metaAppSecret: 'from-file',
      metaVerifyToken: 'env-token',
    });
    expect(defaults).toEqual(localDevConnectorSecrets);
  });

  it('locally refuses an empty secret, naming it and where it came from', () => {
    expect(() => localConnectorSecrets({ X_CONSUMER_SECRET: '' }, undefined)).toThrow(
      /set "xConsumerSecret" .* in the environment/,
    );
  });
});
