import type { Customer, IdentityLink, SocialAccount } from '../domain/identity.ts';

/**
 * Who is behind a social account: links between network accounts and the customers of the
 * CRM, and the customers themselves. Writes are idempotent (a link or customer written twice is
 * stored once); failures of the store throw a retryable DomainError.
 */
export interface IdentityDirectory {
  /** The link answering for the account: one on its user id first, else one on its handle. */
  findLink(account: SocialAccount): Promise<IdentityLink | undefined>;

  /**
   * Links the account to `link.customerId`, replacing any link the account had (the newer word
   * wins: an agent corrects an import, a self-link corrects both).
   */
  link(link: IdentityLink): Promise<void>;

  /** Removes the account's links (on its user id and its handle); returns what was removed. */
  unlink(account: SocialAccount): Promise<IdentityLink[]>;

  /** Every account linked to the customer. */
  linksOf(customerId: string): Promise<IdentityLink[]>;

  /** Creates or replaces the customer. */
  putCustomer(customer: Customer): Promise<void>;

  getCustomer(customerId: string): Promise<Customer | undefined>;

  /** Customers whose id, name or e-mail contains `query` (any case), at most `limit`, by id. */
  searchCustomers(query: string, limit: number): Promise<Customer[]>;
}
