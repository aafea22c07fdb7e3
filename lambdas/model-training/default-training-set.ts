import type { TrainingExample } from '../domain/model/heads.ts';
import { seededRandom, shuffleInPlace } from '../domain/model/random.ts';
import { requirePermissiveData } from './paths.ts';
import { readBanking77, relabelBanking77 } from './relabel-banking77.ts';
import { readClinc150, relabelClinc150 } from './relabel-clinc150.ts';
import { readDstc11, relabelDstc11 } from './relabel-dstc11.ts';
import { readGoEmotions, relabelGoEmotions } from './relabel-goemotions.ts';
import { readNlupp, relabelNlupp } from './relabel-nlupp.ts';
import { readSmsSpam, relabelSmsSpam } from './relabel-sms-spam.ts';
import { ideaExamples } from './templates/ideas.ts';
import { socialExamples } from './templates/social.ts';

/**
 * The default training set: every permissive source relabelled by its `relabel-*.ts`, plus the
 * templated examples, with
 * - exact duplicates (same text, case and spacing aside) dropped, the first kept;
 * - caps per source and intent (`caps`), applied by a seeded draw, so that large, easy groups
 *   (GoEmotions neutral comments, SMS personal messages) do not drown the rest. Class weights in
 *   training balance what remains.
 */

/**
 * At most this many examples per source and intent (label `-` for examples without an intent).
 * Mentions are addressed to a brand: personal text messages and neutral Reddit comments are a
 * poor picture of their chatter, so they are kept a modest share of it.
 */
export const caps: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  goemotions: { chatter: 3000, praise: 8000, '-': 12000 },
  'sms-spam': { chatter: 800 },
  clinc150: { chatter: 1500 },
};

export interface SourceCount {
  readonly source: string;
  readonly read: number;
  readonly kept: number;
}

export interface DefaultTrainingSet {
  readonly examples: TrainingExample[];
  readonly sources: SourceCount[];
}

const normalised = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

const capped = (
  examples: TrainingExample[],
  seed: number,
  limits: Readonly<Record<string, Readonly<Record<string, number>>>>,
): TrainingExample[] => {
  const groups = new Map<string, number[]>();
  examples.forEach((example, i) => {
    const key = `${example.source ?? ''}\u0000${example.intent ?? '-'}`;
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  });
  const keep = new Uint8Array(examples.length);
  for (const [key, indices] of groups) {
    const [source = '', intent = ''] = key.split('\u0000');
    const cap = limits[source]?.[intent] ?? Number.POSITIVE_INFINITY;
    if (indices.length > cap) shuffleInPlace(indices, seededRandom(seed));
    for (const i of indices.slice(0, cap)) keep[i] = 1;
  }
  return examples.filter((_, i) => keep[i] === 1);
};

/** Reads and relabels every source under `dir` (the permissive data folder). */
export const buildDefaultTrainingSet = (
  dir: string | undefined,
  seed = 1,
  limits: Readonly<Record<string, Readonly<Record<string, number>>>> = caps,
): DefaultTrainingSet => {
  const root = requirePermissiveData(dir);
  const sources: [string, () => (TrainingExample | undefined)[]][] = [
    ['banking77', () => readBanking77(root).map(relabelBanking77)],
    ['nlupp', () => readNlupp(root).map(relabelNlupp)],
    ['clinc150', () => readClinc150(root).map(relabelClinc150)],
    ['dstc11', () => readDstc11(root).map(relabelDstc11)],
    ['goemotions', () => readGoEmotions(root).map(relabelGoEmotions)],
    ['sms-spam', () => readSmsSpam(root).map(relabelSmsSpam)],
    ['templates/ideas', () => ideaExamples(seed)],
    ['templates/social', () => socialExamples(seed)],
  ];
  const seen = new Set<string>();
  const counts: SourceCount[] = [];
  const all: TrainingExample[] = [];
  for (const [source, read] of sources) {
    const rows = read();
    let kept = 0;
    for (const example of rows) {
      if (!example || example.text.trim() === '') continue;
      const key = normalised(example.text);
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(example);
      kept += 1;
    }
    counts.push({ source, read: rows.length, kept });
  }
  const examples = capped(all, seed, limits);
  const after = new Map<string, number>();
  for (const example of examples) {
    const source = (example.source ?? '').split('/')[0] === 'nlupp' ? 'nlupp' : (example.source ?? '');
    after.set(source, (after.get(source) ?? 0) + 1);
  }
  return { examples, sources: counts.map((c) => ({ ...c, kept: after.get(c.source) ?? 0 })) };
};
