/** Stable digests, for deterministic ids and duplicate detection. */
export interface Fingerprints {
  /** A short, URL-safe digest of the input; the same input always gives the same output. */
  digest(input: string): string;
}
