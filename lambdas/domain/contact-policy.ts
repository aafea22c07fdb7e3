import { z } from 'zod';
import './zod-messages.ts';
import type { BridgeEvent } from './bridge-event.ts';
import { type Case, isOpenCase } from './case.ts';

/** What a marketing system may do with a customer right now, and why. */
export const ContactPolicy = z.object({
  customerId: z.string(),
  marketing: z.enum(['hold', 'allowed']),
  reason: z.string(),
  caseIds: z.array(z.string()),
  /** When the current state began; null when the customer never had a case. */
  since: z.string().nullable(),
});
export type ContactPolicy = z.infer<typeof ContactPolicy>;

const openedAt = (value: Case): string => value.reopenedAt ?? value.createdAt;

/**
 * Hold while any service case of the customer is open, from the moment the earliest of them
 * was (re)opened; allowed otherwise, since the last one was settled.
 */
export const contactPolicy = (customerId: string, cases: readonly Case[]): ContactPolicy => {
  const open = cases.filter(isOpenCase).sort((a, b) => openedAt(a).localeCompare(openedAt(b)));
  const [first] = open;
  if (first) {
    return {
      customerId,
      marketing: 'hold',
      reason: `open service case${open.length > 1 ? 's' : ''} ${open.map((value) => `${value.caseId} (${value.topic}, from ${value.originChannel})`).join(', ')}: no marketing until ${open.length > 1 ? 'they are' : 'it is'} settled`,
      caseIds: open.map((value) => value.caseId),
      since: openedAt(first),
    };
  }
  const settled = cases
    .filter((value) => value.mergedInto === undefined)
    .map((value) => value.resolvedAt ?? value.updatedAt)
    .sort();
  const last = settled.at(-1);
  return {
    customerId,
    marketing: 'allowed',
    reason: last === undefined ? 'no service case on record' : 'no open service case',
    caseIds: [],
    since: last ?? null,
  };
};

/** The hold state last announced for a customer, and whether the announcement went out. */
export interface HoldState {
  readonly marketing: ContactPolicy['marketing'];
  readonly since: string | null;
  readonly caseIds: readonly string[];
  /** False between recording a new state and publishing its event: a retry publishes it. */
  readonly published: boolean;
}

/** Whether the policy starts or ends a hold compared with what was last announced. */
export const holdChanged = (previous: HoldState | undefined, next: ContactPolicy): boolean =>
  (previous?.marketing ?? 'allowed') !== next.marketing;

/** The `customer.service-hold` event announcing a state. Its id is the same on every retry. */
export const holdEvent = (customerId: string, state: HoldState, at: string): BridgeEvent => {
  const phase = state.marketing === 'hold' ? 'started' : 'ended';
  return {
    id: `customer.service-hold:${customerId}:${phase}:${state.since ?? 'never'}`,
    type: 'customer.service-hold',
    at,
    detail: { customerId, state: phase, since: state.since, caseIds: [...state.caseIds] },
  };
};
