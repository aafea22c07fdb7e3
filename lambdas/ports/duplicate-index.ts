/** Remembers content fingerprints for a while, to spot the same post arriving twice. */
export interface DuplicateIndex {
  /**
   * Claims `fingerprint` for `mentionId` until `expiresAt`; returns the mention that holds it
   * after the call (the caller's own id when it was free, or already its own).
   */
  claim(fingerprint: string, mentionId: string, expiresAt: Date): Promise<string>;
}
