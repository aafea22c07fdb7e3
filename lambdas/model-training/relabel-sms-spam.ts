import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TrainingExample } from '../domain/model/heads.ts';

/**
 * SMS Spam Collection v.1 (Almeida, Gómez Hidalgo and Yamakami 2011): `spam` → spam, `ham`
 * (personal messages) → chatter. No topic label (the topic head learns from service needs, ideas
 * and praise, not from chatter). No sentiment label (spam is not neutral in tone,
 * and personal messages were not labelled for it).
 */

export interface SmsRow {
  readonly label: string;
  readonly text: string;
}

export const relabelSmsSpam = (row: SmsRow): TrainingExample | undefined => {
  if (row.label !== 'spam' && row.label !== 'ham') return undefined;
  return { text: row.text, intent: row.label === 'spam' ? 'spam' : 'chatter', source: 'sms-spam' };
};

/** Reads `spam.csv`: one `label<TAB>text` per line, no header. */
export const readSmsSpam = (dir: string): SmsRow[] =>
  readFileSync(resolve(dir, 'sms-spam', 'spam.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return { label: line.slice(0, tab).trim(), text: line.slice(tab + 1).trim() };
    });
