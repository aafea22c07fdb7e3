import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { ApiKeys } from '../ports/api-keys.ts';
import { constantTimeEquals } from './constant-time-equals.ts';

/** Cache the key for five minutes: rotation takes effect within that, and calls stay few. */
const cacheSeconds = 300;

/**
 * The API key kept in Secrets Manager, read through Powertools parameters (cached). The secret
 * holds the key as a plain string; during a rotation it may hold two, separated by a newline.
 */
export class SecretsManagerApiKeys implements ApiKeys {
  constructor(private readonly secretArn: string) {}

  async isValid(presented: string): Promise<boolean> {
    const secret = await getSecret<string>(this.secretArn, { maxAge: cacheSeconds });
    if (typeof secret !== 'string' || secret.trim() === '') return false;
    const keys = secret
      .split('\n')
      .map((key) => key.trim())
      .filter((key) => key !== '');
    return keys.map((key) => constantTimeEquals(presented, key)).some(Boolean);
  }
}
