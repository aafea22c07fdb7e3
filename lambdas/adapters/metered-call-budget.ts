import type { CallBudget } from '../ports/call-budget.ts';

/**
 * A call budget that reports the calls it grants, for the ComprehendCalls and ComprehendSpendUsd
 * metrics (domain/metrics-catalog.ts). The cascade takes calls from the budget just before it sends
 * them and never gives them back, so granted calls are the calls made (a failed request among them).
 * Refusals and failures of the budget itself are not reported: nothing was spent.
 */
export const meteredCallBudget = (budget: CallBudget, onGranted: (calls: number) => void): CallBudget => ({
  tryConsume: async (calls, day) => {
    const granted = await budget.tryConsume(calls, day);
    if (granted) onGranted(calls);
    return granted;
  },
});
