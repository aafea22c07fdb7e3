import type { ApiKeys } from '../ports/api-keys.ts';
import { constantTimeEquals } from './constant-time-equals.ts';

/** A fixed set of keys: the local runtime's, from its options or environment. */
export class StaticApiKeys implements ApiKeys {
  constructor(private readonly keys: readonly string[]) {}

  async isValid(presented: string): Promise<boolean> {
    // Every key is compared, match or not, so the time taken does not say which one matched.
    return this.keys.map((key) => constantTimeEquals(presented, key)).some(Boolean);
  }
}
