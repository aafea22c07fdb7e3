/** Where work that can never succeed is parked, with the reason, for people to inspect and replay. */
export interface DeadLetters {
  put(letter: { body: string; code: string; reason: string; source: string }): Promise<void>;
}
