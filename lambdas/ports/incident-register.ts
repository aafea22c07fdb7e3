/**
 * Who is in each incident, and which incidents are open. Kept apart from the incident's case: a
 * big outage brings thousands of mentions, far more than one case's timeline should hold, and
 * every one of their authors is owed a closure reply. Kept without expiry.
 */
export interface IncidentRegister {
  /**
   * Counts the mention into the incident, once: a repeat changes nothing (`added: false`).
   * Returns how many mentions the incident has after the call. Throws a retryable DomainError
   * when the store is unavailable.
   */
  addMember(incidentCaseId: string, mentionId: string): Promise<{ added: boolean; members: number }>;

  /** The ids of every mention counted into the incident, in no particular order. */
  members(incidentCaseId: string): Promise<string[]>;

  /** How many mentions the incident has; 0 for one never heard of. */
  memberCount(incidentCaseId: string): Promise<number>;

  /** Lists the incident among the open ones. Idempotent. */
  markOpen(incidentCaseId: string): Promise<void>;

  /** Takes the incident off the open ones (it was resolved). Idempotent. */
  markEnded(incidentCaseId: string): Promise<void>;

  /** The ids of the open incidents, in no particular order. */
  openIncidents(): Promise<string[]>;
}
