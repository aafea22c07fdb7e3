import type { CallBudget } from '../../ports/call-budget.ts';

/**
 * A call budget held in this process: for tests and the local runtime, where one process is the
 * only spender. Each day starts with `limitPerDay`.
 */
export class InMemoryCallBudget implements CallBudget {
  private readonly spent = new Map<string, number>();

  constructor(readonly limitPerDay: number) {
    if (!Number.isInteger(limitPerDay) || limitPerDay < 0) {
      throw new RangeError(`limitPerDay must be a whole number of calls, got ${limitPerDay}`);
    }
  }

  async tryConsume(calls: number, day: string): Promise<boolean> {
    if (!Number.isInteger(calls) || calls < 0) throw new RangeError(`calls must be a whole number, got ${calls}`);
    const used = this.spent.get(day) ?? 0;
    if (used + calls > this.limitPerDay) return false;
    this.spent.set(day, used + calls);
    return true;
  }

  /** Calls taken on `day` so far. */
  used(day: string): number {
    return this.spent.get(day) ?? 0;
  }
}
