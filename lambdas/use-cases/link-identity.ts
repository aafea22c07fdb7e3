import type { BridgeEvent } from '../domain/bridge-event.ts';
import { type Case, isOpenCase } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import { IdentityLink, type LinkSource, type SocialAccount } from '../domain/identity.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import { customerCaseLimit, refreshServiceHold, type ServiceHoldPorts } from './refresh-service-hold.ts';

export interface LinkIdentityPorts extends ServiceHoldPorts {
  readonly directory: IdentityDirectory;
}

export interface LinkRequest {
  readonly customerId: string;
  readonly account: SocialAccount;
  readonly source: LinkSource;
  readonly confidence: number;
  /** Who links: an agent's name, `self-link`. Recorded on the link and in the cases' audit. */
  readonly actor: string;
}

/** A merge the bridge suggests: fold `caseId` into the customer's open case `intoCaseId`. */
export interface MergeOffer {
  readonly caseId: string;
  readonly intoCaseId: string;
  readonly reason: string;
}

export interface LinkOutcome {
  readonly link: IdentityLink;
  /** Open cases of the account that now belong to the customer. */
  readonly movedCaseIds: readonly string[];
  readonly mergeOffers: readonly MergeOffer[];
}

const describeAccount = (account: SocialAccount): string => `${account.network} account @${account.handle}`;

/** The customer's case a moved case should join: the one worked on last, as new contacts join it. */
const mergeTarget = (customerCases: readonly Case[], moving: ReadonlySet<string>): Case | undefined =>
  customerCases
    .filter((value) => isOpenCase(value) && !moving.has(value.caseId))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];

const mergeOfferedEvent = (offer: MergeOffer, customerId: string, at: string): BridgeEvent => ({
  id: `case.merge-offered:${offer.caseId}:${offer.intoCaseId}`,
  type: 'case.merge-offered',
  at,
  detail: { caseId: offer.caseId, intoCaseId: offer.intoCaseId, customerId, reason: offer.reason },
});

/**
 * Links a social account to a customer (replacing any earlier link of the account), then makes
 * the customer's story one: every open case of the account moves to the customer, and when the
 * customer already had an open case the moved case is offered to an agent for merging into it
 * (announced as `case.merge-offered`); finally the customer's marketing hold is brought up to
 * date. Moving needs the account's user id, since unlinked cases are kept by user id: a link on
 * the handle alone moves nothing now, and the account's next contact joins the customer's case.
 *
 * Throws NOT_FOUND for a customer the directory does not know. Safe to retry: every step is
 * idempotent, and each case gets its merge offer (and its event) before it moves, so a retry
 * after a failure half-way still finds the cases not yet moved and offers them too.
 */
export const linkIdentity = async (request: LinkRequest, ports: LinkIdentityPorts): Promise<LinkOutcome> => {
  const { customerId, actor } = request;
  if (!(await ports.directory.getCustomer(customerId))) {
    throw new DomainError('NOT_FOUND', `no customer ${customerId}: import it first (POST /customers)`, {
      details: { customerId },
    });
  }
  const at = ports.clock.now().toISOString();
  const link = parseOrThrow(
    IdentityLink,
    {
      ...request.account,
      customerId,
      source: request.source,
      confidence: request.confidence,
      linkedAt: at,
      linkedBy: actor,
    },
    'the link',
  );
  const account: SocialAccount = {
    network: link.network,
    handle: link.handle,
    ...(link.userId === undefined ? {} : { userId: link.userId }),
  };
  await ports.directory.link(link);

  const accountCases =
    account.userId === undefined
      ? []
      : await ports.cases.casesOfParty(
          { kind: 'social', identity: { network: account.network, userId: account.userId, handle: account.handle } },
          customerCaseLimit,
        );
  const moving = accountCases.filter(isOpenCase);
  const mergeOffers: MergeOffer[] = [];
  if (moving.length > 0) {
    const customerCases = await ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit);
    const target = mergeTarget(customerCases, new Set(moving.map((value) => value.caseId)));
    for (const value of moving) {
      if (target) {
        const offer: MergeOffer = {
          caseId: value.caseId,
          intoCaseId: target.caseId,
          reason: `${describeAccount(account)} was linked to customer ${customerId}, whose case ${target.caseId} (from ${target.originChannel}) is open too: merge this case into it so the customer has one case`,
        };
        await ports.cases.changeCase(
          value.caseId,
          { kind: 'merge-offer', caseId: offer.intoCaseId, reason: offer.reason },
          at,
          actor,
        );
        await ports.events.publish([mergeOfferedEvent(offer, customerId, at)]);
        mergeOffers.push(offer);
      }
      await ports.cases.changeCase(
        value.caseId,
        {
          kind: 'party',
          party: { kind: 'customer', customerId },
          note: `${describeAccount(account)} linked to customer ${customerId} (${request.source})`,
        },
        at,
        actor,
      );
    }
  }
  await refreshServiceHold(customerId, ports);
  return { link, movedCaseIds: moving.map((value) => value.caseId), mergeOffers };
};

/**
 * Removes the account's link to the customer (on its handle, and on the user id it was linked
 * with). Cases keep their party: a case moved to the customer when the account was linked stays
 * the customer's, since its contacts happened and agents may have worked it as theirs. Throws
 * NOT_FOUND when the account is not linked to this customer (unlinked, or linked to another).
 */
export const unlinkIdentity = async (
  request: { readonly customerId: string; readonly account: SocialAccount },
  ports: Pick<LinkIdentityPorts, 'directory'>,
): Promise<{ readonly removed: readonly IdentityLink[] }> => {
  const { customerId, account } = request;
  const current = await ports.directory.findLink(account);
  if (current?.customerId !== customerId) {
    throw new DomainError('NOT_FOUND', `${describeAccount(account)} is not linked to customer ${customerId}`, {
      details: { customerId, network: account.network, handle: account.handle },
    });
  }
  const removed = await ports.directory.unlink({
    network: current.network,
    handle: current.handle,
    ...(current.userId === undefined ? {} : { userId: current.userId }),
  });
  return { removed };
};
