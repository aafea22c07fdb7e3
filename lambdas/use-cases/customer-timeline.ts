import type { Case } from '../domain/case.ts';
import { customerTimeline, type TimelineEntry } from '../domain/customer-timeline.ts';
import type { Customer } from '../domain/identity.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import { customerCaseLimit } from './refresh-service-hold.ts';

export interface CustomerTimelinePorts {
  readonly cases: CaseSystem;
  readonly directory: IdentityDirectory;
}

/** A case as the customer's story lists it. */
export type CaseSummary = Pick<Case, 'caseId' | 'status' | 'originChannel' | 'topic' | 'priority' | 'mergedInto'>;

export interface CustomerStory {
  readonly customerId: string;
  /** Absent for a customer the case system knows (from the phone or a store) but no import named. */
  readonly customer?: Customer;
  /** Newest first. */
  readonly cases: readonly CaseSummary[];
  /** Every interaction on those cases, from every channel, oldest first. */
  readonly timeline: readonly TimelineEntry[];
}

const summaryOf = (value: Case): CaseSummary => ({
  caseId: value.caseId,
  status: value.status,
  originChannel: value.originChannel,
  topic: value.topic,
  priority: value.priority,
  ...(value.mergedInto === undefined ? {} : { mergedInto: value.mergedInto }),
});

/**
 * The customer's whole story, so nobody asks them to repeat themselves: their cases from every
 * channel and one timeline of every contact. A customer with no record and no case has an
 * empty story, not an error: the case system, not the directory, is where customers begin.
 */
export const getCustomerTimeline = async (customerId: string, ports: CustomerTimelinePorts): Promise<CustomerStory> => {
  const [customer, cases] = await Promise.all([
    ports.directory.getCustomer(customerId),
    ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit),
  ]);
  return {
    customerId,
    ...(customer === undefined ? {} : { customer }),
    cases: cases.map(summaryOf),
    timeline: customerTimeline(cases),
  };
};
