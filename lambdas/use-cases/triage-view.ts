import type { Case } from '../domain/case.ts';
import { customerTimeline, type TimelineEntry } from '../domain/customer-timeline.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import { DomainError } from '../domain/errors.ts';
import type { Customer, IdentityLink } from '../domain/identity.ts';
import { mentionIdOf } from '../domain/mention.ts';
import type { TriageItem } from '../domain/triage-item.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { TriageStore } from '../ports/triage-store.ts';
import { customerCaseLimit } from './refresh-service-hold.ts';

/** How far up a reply chain the thread is followed. */
const maxThreadDepth = 10;

export interface ThreadPost {
  readonly mentionId: string;
  readonly author: { readonly id: string; readonly handle: string };
  readonly text: string;
  readonly createdAt: string;
}

export interface TriageView {
  readonly item: TriageItem;
  readonly mention: MentionRecord['mention'];
  readonly classification?: MentionRecord['classification'];
  readonly disposition: MentionRecord['disposition'];
  /** The posts it replies to, oldest first, ending with the mention itself. */
  readonly thread: readonly ThreadPost[];
  readonly case?: Case;
  readonly customer?: Customer;
  readonly links?: readonly IdentityLink[];
  readonly customerTimeline: readonly TimelineEntry[];
  readonly replies: readonly unknown[];
}

export interface TriageViewPorts {
  readonly triage: TriageStore;
  readonly mentions: MentionStore;
  readonly cases: CaseSystem;
  readonly directory: IdentityDirectory;
  /** The replies drafted on the item, newest first. */
  readonly repliesOf: (itemId: string) => Promise<readonly unknown[]>;
}

const postOf = (record: MentionRecord): ThreadPost => ({
  mentionId: record.mention.mentionId,
  author: { id: record.mention.author.id, handle: record.mention.author.handle },
  text: record.mention.text,
  createdAt: record.mention.createdAt,
});

/** The posts up the reply chain the bridge has seen, oldest first. */
const threadOf = async (record: MentionRecord, mentions: MentionStore): Promise<ThreadPost[]> => {
  const posts = [postOf(record)];
  let parentId = record.mention.inReplyTo;
  for (let depth = 0; parentId !== undefined && depth < maxThreadDepth; depth += 1) {
    const parent = await mentions.getRecord(mentionIdOf(record.mention.network, parentId));
    if (!parent) break;
    posts.unshift(postOf(parent));
    parentId = parent.mention.inReplyTo;
  }
  return posts;
};

/**
 * Everything a person needs to decide a triage item: the mention and its thread, what the
 * classifier said and why, the case it is on, and who the author is with their whole
 * cross-channel story.
 */
export const getTriageView = async (itemId: string, ports: TriageViewPorts): Promise<TriageView> => {
  const item = await ports.triage.get(itemId);
  if (!item) throw new DomainError('NOT_FOUND', `no triage item ${itemId}`, { details: { itemId } });
  const record = await ports.mentions.getRecord(itemId);
  if (!record) throw new DomainError('NOT_FOUND', `no mention ${itemId}`, { details: { itemId } });
  const [thread, found, link, replies] = await Promise.all([
    threadOf(record, ports.mentions),
    item.caseId === undefined ? undefined : ports.cases.getCase(item.caseId),
    ports.directory.findLink({ network: item.network, userId: item.author.id, handle: item.author.handle }),
    ports.repliesOf(itemId),
  ]);
  const customerId = link?.customerId ?? (found?.party.kind === 'customer' ? found.party.customerId : undefined);
  const [customer, links, cases] =
    customerId === undefined
      ? [undefined, undefined, []]
      : await Promise.all([
          ports.directory.getCustomer(customerId),
          ports.directory.linksOf(customerId),
          ports.cases.casesOfParty({ kind: 'customer', customerId }, customerCaseLimit),
        ]);
  return {
    item,
    mention: record.mention,
    ...(record.classification ? { classification: record.classification } : {}),
    disposition: record.disposition,
    thread,
    ...(found ? { case: found } : {}),
    ...(customer ? { customer } : {}),
    ...(links ? { links } : {}),
    customerTimeline: customerTimeline(
      found && !cases.some((c) => c.caseId === found.caseId) ? [found, ...cases] : cases,
    ),
    replies,
  };
};
