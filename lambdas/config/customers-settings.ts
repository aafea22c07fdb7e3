import { z } from 'zod';
import { tables } from '../../lib/definitions.ts';
import { CaseSystemSettings, EventSettings } from './settings.ts';

const tableName = (table: string) =>
  z
    .string({ error: `to the name of the ${table} table` })
    .trim()
    .min(1, `to the name of the ${table} table (it is empty)`);

/**
 * What the customers API reads: the directory's tables (customers, identities), the lookups
 * table (self-link grants, marketing-hold states), the cases table (the customer's story) and
 * the bus it announces holds and merge offers on, and which case system holds the cases.
 */
export const CustomersApiSettings = z.object({
  [tables.customers.envVar]: tableName('customers'),
  [tables.identities.envVar]: tableName('identities'),
  [tables.lookups.envVar]: tableName('lookups'),
  [tables.cases.envVar]: tableName('cases'),
  ...EventSettings.shape,
  ...CaseSystemSettings.shape,
});
export type CustomersApiSettings = z.output<typeof CustomersApiSettings>;
