/**
 * Reads a mention out of one row of a table (CSV export of a listening tool, spreadsheet).
 * The row's values are strings; the result is a candidate for MentionInput validation, so a bad
 * row is reported by the same rules as any other input.
 */
export interface ColumnMapping {
  readonly text: string;
  readonly network: string;
  readonly postId: string;
  readonly authorId: string;
  readonly handle: string;
  readonly createdAt: string;
  readonly url: string;
  readonly conversationId: string;
  readonly inReplyTo: string;
  readonly language: string;
}

export const defaultColumns: ColumnMapping = {
  text: 'text',
  network: 'network',
  postId: 'postId',
  authorId: 'authorId',
  handle: 'handle',
  createdAt: 'createdAt',
  url: 'url',
  conversationId: 'conversationId',
  inReplyTo: 'inReplyTo',
  language: 'language',
};

export interface RowDefaults {
  /** Network for rows that name none. */
  readonly network: string;
  /** Post id for rows without one: a digest of the row's content, so re-importing a file is idempotent. */
  readonly postIdFor: (row: Readonly<Record<string, string>>) => string;
  /** Timestamp for rows without one (the import time). */
  readonly createdAt: string;
}

/** Exports write timestamps many ways ("2015-02-24 11:35:52 -0800"); the contract wants ISO 8601. */
const isoTimestamp = (value: string): string => {
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : value;
};

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

export const mentionFromRow = (
  row: Readonly<Record<string, string>>,
  columns: ColumnMapping,
  defaults: RowDefaults,
): Record<string, unknown> => {
  const pick = (column: string) => present(row[column]);
  const handle = pick(columns.handle) ?? pick(columns.authorId) ?? 'unknown';
  const optional = (key: string, column: string) => {
    const value = pick(column);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    network: pick(columns.network) ?? defaults.network,
    postId: pick(columns.postId) ?? defaults.postIdFor(row),
    author: { id: pick(columns.authorId) ?? handle, handle: handle.replace(/^@/, '') },
    text: row[columns.text] ?? '',
    createdAt: isoTimestamp(pick(columns.createdAt) ?? defaults.createdAt),
    ...optional('url', columns.url),
    ...optional('conversationId', columns.conversationId),
    ...optional('inReplyTo', columns.inReplyTo),
    ...optional('language', columns.language),
  };
};
