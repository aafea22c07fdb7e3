import { type Case, entryKeyOf, isOpenCase } from './case.ts';
import type { Priority } from './classification.ts';
import { DomainError } from './errors.ts';

export interface MergeResult {
  /** The surviving case, now holding both timelines and both audit histories. */
  readonly target: Case;
  /** The merged case, closed and pointing at the target. */
  readonly source: Case;
}

const byTime = <T extends { at: string }>(entries: readonly T[]): T[] =>
  // Stable: entries at the same instant keep the order they had.
  entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);

const higher = (a: Priority, b: Priority): Priority => (a < b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

/** Whether `source` was already merged into `target` (so a retried merge changes nothing). */
export const alreadyMerged = (target: Case, source: Case): boolean =>
  target.mergedFrom.includes(source.caseId) && source.mergedInto === target.caseId;

/**
 * Folds `source` into `target`: one timeline in time order (each entry marked with the case it
 * came from), both audit histories, the union of conversations, the higher priority and the
 * earlier due times. The source is closed and points at the target. Both cases must still be
 * worked; the target may not be the source.
 */
export const mergeCases = (target: Case, source: Case, at: string, actor: string): MergeResult => {
  if (target.caseId === source.caseId) {
    throw new DomainError('CONFLICT', 'a case cannot be merged into itself', { details: { caseId: target.caseId } });
  }
  for (const value of [target, source]) {
    if (!isOpenCase(value)) {
      throw new DomainError(
        'CONFLICT',
        `case ${value.caseId} is ${value.mergedInto ? `merged into ${value.mergedInto}` : value.status}: only open cases merge`,
        { details: { caseId: value.caseId, status: value.status } },
      );
    }
  }
  const known = new Set(target.timeline.map(entryKeyOf).filter((key) => key !== undefined));
  const moved = source.timeline
    .filter((entry) => {
      const key = entryKeyOf(entry);
      return key === undefined || !known.has(key);
    })
    .map((entry) => ({ ...entry, fromCase: entry.fromCase ?? source.caseId }));
  const customerKnown = target.party.kind === 'customer' || source.party.kind === 'customer';
  const party =
    target.party.kind === 'customer' ? target.party : source.party.kind === 'customer' ? source.party : target.party;
  const merged: Case = {
    ...target,
    party,
    priority: higher(target.priority, source.priority),
    due: {
      firstResponseAt: earlier(target.due.firstResponseAt, source.due.firstResponseAt),
      resolutionAt: earlier(target.due.resolutionAt, source.due.resolutionAt),
    },
    conversations: [...new Set([...target.conversations, ...source.conversations])].sort(),
    timeline: byTime([...target.timeline, ...moved]),
    audit: [
      ...byTime([
        ...target.audit,
        ...source.audit.map((entry) => ({ ...entry, fromCase: entry.fromCase ?? source.caseId })),
      ]),
      {
        at,
        actor,
        action: 'merged-in',
        after: { caseId: source.caseId, entries: moved.length },
        note: `case ${source.caseId} merged into this one`,
      },
    ],
    flags: customerKnown ? target.flags.filter((flag) => flag !== 'unknown-customer') : target.flags,
    mergedFrom: [...target.mergedFrom, source.caseId],
    updatedAt: at,
  };
  const { mergeOffer: _offer, ...targetWithoutOffer } = merged;
  const closed: Case = {
    ...source,
    status: 'closed',
    mergedInto: target.caseId,
    updatedAt: at,
    audit: [
      ...source.audit,
      {
        at,
        actor,
        action: 'merged-into',
        before: { status: source.status },
        after: { status: 'closed', mergedInto: target.caseId },
      },
    ],
  };
  const { mergeOffer: _sourceOffer, ...closedWithoutOffer } = closed;
  return {
    target: merged.mergeOffer?.caseId === source.caseId ? targetWithoutOffer : merged,
    source: closedWithoutOffer,
  };
};
