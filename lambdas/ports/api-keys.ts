/** The API keys clients present in the x-api-key header. */
export interface ApiKeys {
  /** True when the presented key is a current key. Compares in constant time. */
  isValid(presented: string): Promise<boolean>;
}
