import { type ContactPolicy, contactPolicy, type HoldState, holdChanged, holdEvent } from '../domain/contact-policy.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { ServiceHolds } from '../ports/service-holds.ts';

export interface ServiceHoldPorts {
  readonly cases: CaseSystem;
  readonly holds: ServiceHolds;
  readonly events: EventPublisher;
  readonly clock: Clock;
}

/** Cases read per customer when working out the hold; far more than any customer has open. */
export const customerCaseLimit = 200;

/** The customer's contact policy, from their cases as they are now. */
export const currentContactPolicy = async (
  customerId: string,
  ports: Pick<ServiceHoldPorts, 'cases'>,
): Promise<ContactPolicy> =>
  contactPolicy(customerId, await ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit));

/**
 * Brings the announced marketing hold of a customer in line with their cases, publishing
 * `customer.service-hold` started or ended when it changes. Call it after any write that may
 * open or settle a customer's case. Safe to repeat: the state is recorded before the event
 * (compare-and-set, so two writers announce once) and marked published after it, so a crash in
 * between republishes the same event id on the next call rather than losing it.
 */
export const refreshServiceHold = async (customerId: string, ports: ServiceHoldPorts): Promise<ContactPolicy> => {
  for (let attempt = 0; ; attempt += 1) {
    const policy = await currentContactPolicy(customerId, ports);
    const previous = await ports.holds.current(customerId);
    const at = ports.clock.now().toISOString();
    if (!holdChanged(previous, policy)) {
      if (previous && !previous.published) {
        await ports.events.publish([holdEvent(customerId, previous, at)]);
        await ports.holds.record(customerId, { ...previous, published: true }, previous);
      }
      return policy;
    }
    const next: HoldState = {
      marketing: policy.marketing,
      since: policy.since,
      caseIds: policy.caseIds,
      published: false,
    };
    if (await ports.holds.record(customerId, next, previous)) {
      await ports.events.publish([holdEvent(customerId, next, at)]);
      await ports.holds.record(customerId, { ...next, published: true }, next);
      return policy;
    }
    // Another writer changed the state in between: look again, a bounded number of times.
    if (attempt >= 3) return policy;
  }
};
