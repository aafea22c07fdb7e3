/**
 * A daily allowance of calls to a paid API (Amazon Comprehend), shared by every function that
 * spends it, so that a surge of mentions cannot run up an unbounded bill.
 */
export interface CallBudget {
  /**
   * Takes `calls` from the allowance of `day` when all of them fit, atomically, and resolves
   * true; resolves false, taking nothing, when they do not. `day` is a UTC calendar day,
   * `YYYY-MM-DD` (see {@link utcDay}); every day starts with the full allowance.
   *
   * Rejects only when the store behind the budget cannot be reached.
   */
  tryConsume(calls: number, day: string): Promise<boolean>;
}

/** The UTC calendar day of `at`, as budgets count it: `2026-11-02`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
