import { createHash } from 'node:crypto';
import type { Fingerprints } from '../ports/fingerprints.ts';

/** SHA-256, base64url, cut to 22 characters (132 bits): collisions are not a practical concern. */
export class Sha256Fingerprints implements Fingerprints {
  digest(input: string): string {
    return createHash('sha256').update(input, 'utf8').digest('base64url').slice(0, 22);
  }
}
