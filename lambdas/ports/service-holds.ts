import type { HoldState } from '../domain/contact-policy.ts';

/** The marketing-hold state last announced for each customer. */
export interface ServiceHolds {
  current(customerId: string): Promise<HoldState | undefined>;

  /**
   * Records `next` if the stored state is still `previous` (compare-and-set); false when another
   * writer got there first, so the caller re-reads instead of announcing twice.
   */
  record(customerId: string, next: HoldState, previous: HoldState | undefined): Promise<boolean>;
}
