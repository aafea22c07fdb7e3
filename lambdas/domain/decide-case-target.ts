import { type Case, isOpenCase } from './case.ts';

/** How far back a customer's other cases still count. */
export interface CaseTargetPolicy {
  /** An open case last touched within this many hours takes the new contact. */
  readonly openCaseWindowHours: number;
  /** A case resolved within this many hours is reopened rather than a new one created. */
  readonly reopenWindowHours: number;
}

export const defaultCaseTargetPolicy: CaseTargetPolicy = { openCaseWindowHours: 30 * 24, reopenWindowHours: 7 * 24 };

export interface CaseTargetContext {
  /** The customer the author is linked to; absent when the author is not known. */
  readonly customerId?: string;
  /** That customer's cases from every channel (any order). */
  readonly customerCases: readonly Case[];
  readonly now: Date;
}

export type CaseTarget =
  | { readonly kind: 'append'; readonly caseId: string; readonly owner: string; readonly reason: string }
  | { readonly kind: 'reopen'; readonly caseId: string; readonly owner: string; readonly reason: string }
  | { readonly kind: 'create'; readonly unknownCustomer: boolean; readonly reason: string };

const hoursBefore = (now: Date, hours: number): string => new Date(now.getTime() - hours * 3_600_000).toISOString();

const latestFirst = (a: Case, b: Case, field: (value: Case) => string): number => field(b).localeCompare(field(a));

/** Who should hear about a new contact on the case: its assignee, else its queue. */
export const ownerOf = (value: Pick<Case, 'assignee' | 'queue'>): string => value.assignee ?? `queue:${value.queue}`;

/**
 * Where a service need from a known (or unknown) customer goes, when its thread is not on a
 * case yet: the customer's open case from any channel, else a case resolved lately (reopened),
 * else a new case. Pure: the caller supplies the customer's cases and the time.
 */
export const decideCaseTarget = (context: CaseTargetContext, policy: CaseTargetPolicy): CaseTarget => {
  const { customerId } = context;
  if (customerId === undefined) {
    return { kind: 'create', unknownCustomer: true, reason: 'the author is not linked to a customer yet' };
  }
  const openSince = hoursBefore(context.now, policy.openCaseWindowHours);
  const [open] = context.customerCases
    .filter((value) => isOpenCase(value) && value.updatedAt >= openSince)
    .sort((a, b) => latestFirst(a, b, (value) => value.updatedAt));
  if (open) {
    return {
      kind: 'append',
      caseId: open.caseId,
      owner: ownerOf(open),
      reason: `customer ${customerId} already has case ${open.caseId} open (from ${open.originChannel}, last touched ${open.updatedAt})`,
    };
  }
  const resolvedSince = hoursBefore(context.now, policy.reopenWindowHours);
  const [resolved] = context.customerCases
    .filter(
      (value) =>
        value.status === 'resolved' &&
        value.mergedInto === undefined &&
        value.resolvedAt !== undefined &&
        value.resolvedAt >= resolvedSince,
    )
    .sort((a, b) => latestFirst(a, b, (value) => value.resolvedAt ?? ''));
  if (resolved) {
    return {
      kind: 'reopen',
      caseId: resolved.caseId,
      owner: ownerOf(resolved),
      reason: `customer ${customerId}'s case ${resolved.caseId} was resolved ${resolved.resolvedAt}, within ${policy.reopenWindowHours} h: reopened rather than a new case`,
    };
  }
  return {
    kind: 'create',
    unknownCustomer: false,
    reason: `customer ${customerId} has no open or lately resolved case`,
  };
};
