import type { SearchRelatedItemsResponseItem } from '@aws-sdk/client-connectcases';
import { z } from 'zod';
import '../../domain/zod-messages.ts';
import { AuditEntry, bridgeActor, type Case, entryKeyOf, Interaction } from '../../domain/case.ts';
import type { CaseRecord } from './case-fields.ts';

/**
 * Comment bodies stay within 3000 characters: older API references give that as the limit of
 * CommentContent.body (the current one allows 15000), and a body too long is rejected outright.
 */
export const maxCommentLength = 3000;
const maxShownSummary = 500;
/** The line that carries the bridge's own record of a comment, after the text agents read. */
const markerPrefix = 'bridge-data: ';

/** What the bridge keeps in a comment: a timeline entry or an audit entry, and the key that dedupes it. */
export const CommentMarker = z.object({
  v: z.literal(1),
  /** Adding a comment with a key the case already holds adds nothing. */
  key: z.string().optional(),
  entry: Interaction.optional(),
  /** When the entry was added to an existing case (its own `at` is when it happened); absent on a case's opening entries. */
  addedAt: z.string().optional(),
  audit: AuditEntry.optional(),
});
export type CommentMarker = z.infer<typeof CommentMarker>;

/** One comment on a Connect case, as SearchRelatedItems gives it. */
export interface CaseComment {
  readonly relatedItemId: string;
  readonly associationTime: string;
  readonly body: string;
  /** Who added it: a Connect user ARN or the custom entity the bridge named. */
  readonly by?: string;
  /** Absent on comments agents typed in Connect. */
  readonly marker?: CommentMarker;
}

/** A comment to add, and who adds it. */
export interface NewComment {
  readonly key?: string;
  readonly body: string;
  readonly actor: string;
}

const clip = (value: string, length: number): string =>
  value.length > length ? `${value.slice(0, Math.max(0, length - 1))}…` : value;

const describe = (value: unknown): string =>
  value === null || value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);

const entryText = (entry: Interaction): string =>
  [
    `${entry.channel} ${entry.kind}${entry.network ? ` on ${entry.network}` : ''}${entry.by ? ` by ${entry.by}` : ''}, ${entry.at}${entry.fromCase ? ` (from case ${entry.fromCase})` : ''}`,
    clip(entry.summary, maxShownSummary),
    ...(entry.url ? [entry.url] : []),
  ].join('\n');

const auditText = (entry: AuditEntry): string => {
  const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  return [
    `${entry.action} by ${entry.actor}, ${entry.at}${entry.fromCase ? ` (from case ${entry.fromCase})` : ''}`,
    ...keys.map((key) => `${key}: ${describe(entry.before?.[key])} → ${describe(entry.after?.[key])}`),
    ...(entry.note ? [clip(entry.note, maxShownSummary)] : []),
  ].join('\n');
};

const bodyOf = (text: string, marker: CommentMarker): string => `${text}\n\n${markerPrefix}${JSON.stringify(marker)}`;

/** The body for `marker`, its free text (summary or note) shortened when the whole would not fit. */
const fitted = (text: string, marker: CommentMarker): string => {
  const body = bodyOf(text, marker);
  const excess = body.length - maxCommentLength;
  if (excess <= 0) return body;
  // Cutting n characters of free text cuts at least n characters of its JSON: the result fits.
  const shorter = (value: string) => clip(value, value.length - excess - 1);
  const { entry, audit } = marker;
  if (entry) return bodyOf(text, { ...marker, entry: { ...entry, summary: shorter(entry.summary) } });
  if (audit?.note) return bodyOf(text, { ...marker, audit: { ...audit, note: shorter(audit.note) } });
  return body;
};

/**
 * The comment that records a timeline entry; its key (the entry's own, else `key`) dedupes it.
 * `addedAt` is left out for the entries a case is opened with, as the built-in store audits those
 * only as the case's creation.
 */
export const entryComment = (entry: Interaction, addedAt?: string, key = entryKeyOf(entry)): NewComment => {
  const marker: CommentMarker = {
    v: 1,
    ...(key === undefined ? {} : { key }),
    entry,
    ...(addedAt === undefined ? {} : { addedAt }),
  };
  return {
    ...(key === undefined ? {} : { key }),
    body: fitted(entryText(entry), marker),
    actor: entry.by ?? bridgeActor,
  };
};

/** The comment that records an audit entry. */
export const auditComment = (entry: AuditEntry, key?: string): NewComment => {
  const marker: CommentMarker = { v: 1, ...(key === undefined ? {} : { key }), audit: entry };
  return { ...(key === undefined ? {} : { key }), body: fitted(auditText(entry), marker), actor: entry.actor };
};

const parseMarker = (body: string): CommentMarker | undefined => {
  const at = body.lastIndexOf(markerPrefix);
  if (at < 0 || (at > 0 && body[at - 1] !== '\n')) return undefined;
  try {
    const parsed = CommentMarker.safeParse(JSON.parse(body.slice(at + markerPrefix.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** A related item as a comment, or undefined when it is another kind (contact, file, SLA…). */
export const commentOf = (item: SearchRelatedItemsResponseItem | null): CaseComment | undefined => {
  const body = item?.content?.comment?.body;
  if (!item?.relatedItemId || body === undefined) return undefined;
  const by = item.performedBy?.customEntity ?? item.performedBy?.userArn;
  const marker = parseMarker(body);
  return {
    relatedItemId: item.relatedItemId,
    associationTime: (item.associationTime ?? new Date(0)).toISOString(),
    body,
    ...(by === undefined ? {} : { by }),
    ...(marker === undefined ? {} : { marker }),
  };
};

/** A comment an agent typed in Connect, read as a note on the contact centre's channel. */
const agentNote = (comment: CaseComment): Interaction => ({
  at: comment.associationTime,
  channel: 'phone',
  kind: 'note',
  summary: comment.body,
  ...(comment.by === undefined ? {} : { by: comment.by }),
});

/** The key that dedupes a comment: its marker's, else its entry's. */
export const keyOf = (comment: CaseComment): string | undefined =>
  comment.marker?.key ?? (comment.marker?.entry ? entryKeyOf(comment.marker.entry) : undefined);

/** Every dedupe key a case's comments hold. */
export const keysOf = (comments: readonly CaseComment[]): Set<string> =>
  new Set(comments.flatMap((comment) => keyOf(comment) ?? []));

/** The comment a merge copies from case `sourceId` into its target, marked with where it came from. */
export const copyOf = (comment: CaseComment, sourceId: string): NewComment => {
  const key = keyOf(comment) ?? `copy:${comment.relatedItemId}`;
  const { entry, audit, addedAt } = comment.marker ?? {};
  if (audit) return auditComment({ ...audit, fromCase: audit.fromCase ?? sourceId }, key);
  const moved = entry ?? agentNote(comment);
  return entryComment({ ...moved, fromCase: moved.fromCase ?? sourceId }, addedAt, key);
};

/** The audit entry the built-in store writes when an entry is added; here it is read off the entry's comment. */
const addedAudit = (entry: Interaction, addedAt: string): AuditEntry => ({
  at: addedAt,
  actor: entry.by ?? bridgeActor,
  action: 'interaction-added',
  after: {
    channel: entry.channel,
    kind: entry.kind,
    ...(entry.mentionId === undefined ? {} : { mentionId: entry.mentionId }),
    ...(entry.interactionId === undefined ? {} : { interactionId: entry.interactionId }),
  },
  ...(entry.fromCase === undefined ? {} : { fromCase: entry.fromCase }),
});

const byTime = <T extends { at: string }>(entries: readonly T[]): T[] =>
  entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);

/**
 * The whole case: its fields, with the timeline and audit its comments hold. A comment added twice
 * (two deliveries racing past the key check) is read once.
 */
export const assembleCase = (record: CaseRecord, comments: readonly CaseComment[]): Case => {
  const seen = new Set<string>();
  const timeline: Interaction[] = [];
  const audit: AuditEntry[] = [...record.stateAudit];
  let lastAdded: string | undefined;
  for (const comment of [...comments].sort((a, b) => a.associationTime.localeCompare(b.associationTime))) {
    const key = keyOf(comment);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const { entry, audit: auditEntry, addedAt } = comment.marker ?? {};
    if (auditEntry) {
      audit.push(auditEntry);
    } else if (entry) {
      timeline.push(entry);
      if (addedAt !== undefined) audit.push(addedAudit(entry, addedAt));
    } else {
      timeline.push(agentNote(comment));
    }
    // When the case last changed: the bridge's own times, or when an agent commented.
    const at = comment.marker === undefined ? comment.associationTime : (addedAt ?? auditEntry?.at);
    if (at !== undefined && (lastAdded === undefined || at > lastAdded)) lastAdded = at;
  }
  const conversations = new Set([
    ...record.case.conversations,
    ...timeline.flatMap((entry) => entry.conversation ?? []),
  ]);
  const updatedAt = lastAdded !== undefined && lastAdded > record.case.updatedAt ? lastAdded : record.case.updatedAt;
  return {
    ...record.case,
    conversations: [...conversations].sort(),
    timeline: byTime(timeline),
    audit: byTime(audit),
    updatedAt,
  };
};
