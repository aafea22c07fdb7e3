import { DomainError } from '../domain/errors.ts';
import type { Customer, IdentityLink } from '../domain/identity.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';

export interface CustomerWithLinks {
  readonly customer: Customer;
  readonly links: readonly IdentityLink[];
}

/** The customer as the directory knows them, with every social account linked to them. Throws NOT_FOUND. */
export const getCustomer = async (
  customerId: string,
  ports: { readonly directory: IdentityDirectory },
): Promise<CustomerWithLinks> => {
  const [customer, links] = await Promise.all([
    ports.directory.getCustomer(customerId),
    ports.directory.linksOf(customerId),
  ]);
  if (!customer) {
    throw new DomainError('NOT_FOUND', `no customer ${customerId}`, { details: { customerId } });
  }
  return { customer, links };
};
