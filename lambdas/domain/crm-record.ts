/**
 * Reads one record of a CRM export (a CSV row or an NDJSON object) into a customer and the
 * social accounts to link to them. Exports name their columns many ways ("Customer ID",
 * `customer_id`, `id`; a column per network or one `handles` field), so names are compared
 * without case, spaces, `_` or `-`; columns the bridge has no use for are ignored.
 */
import type { FieldIssue } from './errors.ts';
import { accountKeys, Customer, type SocialAccount } from './identity.ts';
import type { Network } from './mention.ts';

export interface CrmRecord {
  readonly customer: Customer;
  readonly accounts: readonly SocialAccount[];
}

export type CrmRecordResult =
  | { readonly ok: true; readonly record: CrmRecord }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Column (or key) names that name a network, and the network each means. */
export const networkColumns: Readonly<Record<string, Network>> = {
  x: 'x',
  twitter: 'x',
  facebook: 'facebook',
  instagram: 'instagram',
  messenger: 'messenger',
};

const customerIdColumns = ['customerid', 'id'];
const maxIdLength = 128;

const normalName = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

interface Field {
  /** The name as the export wrote it, for messages. */
  readonly column: string;
  readonly value: unknown;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An export's empty cell, null or missing key: the field is absent. */
const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

class Reader {
  readonly issues: FieldIssue[] = [];
  private readonly fields = new Map<string, Field>();

  constructor(input: Readonly<Record<string, unknown>>) {
    for (const [column, value] of Object.entries(input)) {
      const name = normalName(column);
      // The first non-blank column of a name counts: "Email" and "email" are one field.
      if (!isBlank(value) && !this.fields.has(name)) this.fields.set(name, { column, value });
    }
  }

  field(name: string): Field | undefined {
    return this.fields.get(name);
  }

  problem(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** The field as trimmed text; numbers are taken as written, anything else is an issue. */
  text(name: string): string | undefined {
    const field = this.fields.get(name);
    if (!field) return undefined;
    if (typeof field.value === 'string') return field.value.trim();
    if (typeof field.value === 'number' && Number.isFinite(field.value)) return String(field.value);
    this.problem(field.column, `must be text, not ${Array.isArray(field.value) ? 'a list' : typeof field.value}`);
    return undefined;
  }
}

/** One handle as an export writes it: without spaces, with or without a leading @. */
const handleOf = (raw: string, where: string, reader: Reader): string | undefined => {
  const handle = raw.trim().replace(/^@/, '');
  if (handle === '') {
    reader.problem(where, `"${raw}" is not a handle`);
    return undefined;
  }
  if (/[\s;,]/.test(handle)) {
    reader.problem(
      where,
      `"${raw}" is not a handle (it holds spaces or separators; list several as "x:@a; instagram:b")`,
    );
    return undefined;
  }
  return handle;
};

const networkOf = (name: string, where: string, reader: Reader): Network | undefined => {
  const network = networkColumns[normalName(name)];
  if (!network) {
    reader.problem(where, `"${name}" is not a network the bridge links (${Object.keys(networkColumns).join(', ')})`);
  }
  return network;
};

type Found = { readonly network: Network; readonly handle: string; readonly userId?: string };

/** One `{network, handle, userId?}` of a `handles` list. */
const listedAccount = (item: unknown, where: string, reader: Reader): Found | undefined => {
  if (typeof item !== 'object' || item === null) {
    reader.problem(where, 'must be "network:handle" or {network, handle}');
    return undefined;
  }
  const { network: name, handle: raw, userId } = item as Record<string, unknown>;
  if (typeof name !== 'string' || typeof raw !== 'string') {
    reader.problem(where, 'needs a network and a handle, both text');
    return undefined;
  }
  if (userId !== undefined && typeof userId !== 'string' && typeof userId !== 'number') {
    reader.problem(`${where}.userId`, 'must be text');
    return undefined;
  }
  const network = networkOf(name, `${where}.network`, reader);
  const handle = handleOf(raw, `${where}.handle`, reader);
  const id = userId === undefined || String(userId).trim() === '' ? undefined : String(userId).trim();
  return network && handle ? { network, handle, ...(id === undefined ? {} : { userId: id }) } : undefined;
};

/** `x:@ana; instagram:ana.s` (also with commas), a list of such strings or objects, or a map. */
const handlesField = (field: Field, reader: Reader): Found[] => {
  const found: Found[] = [];
  const entry = (text: string, where: string) => {
    const separator = text.indexOf(':');
    if (separator < 0) {
      reader.problem(where, `"${text.trim()}" names no network: write network:handle, as in "x:@ana; instagram:ana.s"`);
      return;
    }
    const network = networkOf(text.slice(0, separator).trim(), where, reader);
    const handle = handleOf(text.slice(separator + 1), where, reader);
    if (network && handle) found.push({ network, handle });
  };
  const { column, value } = field;
  if (typeof value === 'string') {
    for (const part of value.split(/[;,]/)) if (part.trim() !== '') entry(part, column);
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      const where = `${column}[${index}]`;
      if (typeof item === 'string') entry(item, where);
      else {
        const account = listedAccount(item, where, reader);
        if (account) found.push(account);
      }
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, raw] of Object.entries(value)) {
      if (isBlank(raw)) continue;
      const where = `${column}.${name}`;
      const network = networkOf(name, where, reader);
      const handle = typeof raw === 'string' ? handleOf(raw, where, reader) : undefined;
      if (typeof raw !== 'string') reader.problem(where, 'must be text');
      if (network && handle) found.push({ network, handle });
    }
  } else {
    reader.problem(column, 'must be text such as "x:@ana; instagram:ana.s"');
  }
  return found;
};

/** Handles per network, from the network columns and the `handles` field, each with its user id. */
const accountsOf = (reader: Reader): SocialAccount[] => {
  const found: Found[] = [];
  for (const name of Object.keys(networkColumns)) {
    const field = reader.field(name);
    const text = reader.text(name);
    if (field && text !== undefined) {
      const handle = handleOf(text, field.column, reader);
      if (handle) found.push({ network: networkColumns[name] as Network, handle });
    }
  }
  const handles = reader.field('handles');
  if (handles) found.push(...handlesField(handles, reader));

  const accounts = new Map<string, Found>();
  const byHandle = (account: Found) => `${account.network}#${account.handle.toLowerCase()}`;
  for (const account of found) {
    const known = accounts.get(byHandle(account));
    if (!known || account.userId !== undefined) accounts.set(byHandle(account), account);
  }

  for (const [name, network] of Object.entries(networkColumns)) {
    const field = reader.field(`${name}id`);
    const userId = reader.text(`${name}id`);
    if (!field || userId === undefined) continue;
    const onNetwork = [...accounts.values()].filter((account) => account.network === network);
    const [only] = onNetwork;
    if (!only || onNetwork.length > 1) {
      reader.problem(
        field.column,
        onNetwork.length === 0
          ? `names ${/^[aeiox]/.test(network) ? 'an' : 'a'} ${network} user id, but the record gives no ${network} handle for it`
          : `names one ${network} user id, but the record gives ${onNetwork.length} ${network} handles; give the id in the handles list instead`,
      );
      continue;
    }
    if (only.userId !== undefined && only.userId !== userId) {
      reader.problem(field.column, `says ${userId}, but the handles give ${only.handle} the user id ${only.userId}`);
      continue;
    }
    accounts.set(byHandle(only), { ...only, userId });
  }

  // Distinct by what the directory keys them on, so one account is linked once.
  const distinct = new Map<string, SocialAccount>();
  for (const account of accounts.values()) distinct.set(accountKeys(account).join('|'), account);
  return [...distinct.values()];
};

/**
 * The customer and accounts of one export record, or every problem with it (each naming the
 * column as the export wrote it). `updatedAt` is when the import ran.
 */
export const crmRecordFrom = (input: unknown, updatedAt: string): CrmRecordResult => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '(root)', message: 'a CRM record must be an object of columns' }] };
  }
  const reader = new Reader(input as Record<string, unknown>);

  const idName = customerIdColumns.find((name) => reader.field(name));
  const customerId = idName === undefined ? undefined : reader.text(idName);
  if (idName === undefined) {
    reader.problem('customerId', 'required: name the customer id column customerId, customer_id or id');
  } else if (customerId !== undefined && customerId.length > maxIdLength) {
    reader.problem(reader.field(idName)?.column ?? idName, `is longer than ${maxIdLength} characters`);
  }

  const optional = (name: 'name' | 'email' | 'phone' | 'tier') => {
    const value = reader.text(name);
    return value === undefined || value === '' ? {} : { [name]: value };
  };
  const details = { ...optional('name'), ...optional('email'), ...optional('phone'), ...optional('tier') };
  if (details.email !== undefined && !emailPattern.test(details.email)) {
    reader.problem(reader.field('email')?.column ?? 'email', `"${details.email}" is not an e-mail address`);
  }
  if (details.phone !== undefined && !/\d/.test(details.phone)) {
    reader.problem(reader.field('phone')?.column ?? 'phone', `"${details.phone}" is not a phone number`);
  }

  const accounts = accountsOf(reader);
  if (reader.issues.length > 0 || customerId === undefined) return { ok: false, issues: reader.issues };
  return { ok: true, record: { customer: Customer.parse({ customerId, ...details, updatedAt }), accounts } };
};
