import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Signs a body as X does: `sha256=` + base64 HMAC-SHA256 under the consumer secret. */
export const signX = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;

/** Signs a body as Meta does: `sha256=` + hex HMAC-SHA256 under the app secret. */
export const signMeta = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A recorded provider payload from test/fixtures/{x,meta}, as the exact bytes a provider would send. */
export const fixtureBody = (provider: 'x' | 'meta', name: string): string =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', provider, `${name}.json`), 'utf8');
