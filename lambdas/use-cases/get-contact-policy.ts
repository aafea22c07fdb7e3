import type { ContactPolicy } from '../domain/contact-policy.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import { currentContactPolicy } from './refresh-service-hold.ts';

/**
 * What a marketing system may do with the customer right now: hold while any service case of
 * theirs is open, from any channel. Worked out from the cases on every call, so it is never
 * behind the announced `customer.service-hold` events; a customer with no case is `allowed`.
 */
export const getContactPolicy = (customerId: string, ports: { readonly cases: CaseSystem }): Promise<ContactPolicy> =>
  currentContactPolicy(customerId, ports);
