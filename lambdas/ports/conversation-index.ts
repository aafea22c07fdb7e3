/** Which case a conversation (a thread on one network) belongs to. */
export interface ConversationIndex {
  /** The case the conversation is on, or undefined. `key` is `network:conversationId`. */
  findCase(key: string): Promise<string | undefined>;

  /**
   * Puts the conversation on `caseId` unless it is already on a case; returns the case it is on
   * after the call. Two mentions racing for one thread thus agree on a single case.
   */
  claim(key: string, caseId: string): Promise<string>;
}
