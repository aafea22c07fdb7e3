import { z } from 'zod';
import './zod-messages.ts';
import { type Classification, Topic } from './classification.ts';
import { fnvOffsetBasis, fnvString, mix32 } from './model/hashing.ts';
import { tokenise } from './model/features.ts';

/**
 * Surges: many customers saying the same thing at once (the app is down, a payment run failed).
 *
 * Each confident service need is folded into the recent window of its *lane* (its topic; see
 * {@link surgeLaneOf}). Within a lane, mentions are grouped by what they say: a mention joins the
 * group whose words it shares most ({@link similarityTo}), or starts a group of its own. When a
 * group holds `threshold` mentions that arrived within the last `windowMinutes`, it becomes an
 * incident: one parent case that the group's earlier mentions are folded into and its later
 * mentions attach to, instead of each of them becoming a case for an agent.
 *
 * Why groups of similar words rather than a fixed signature per mention: paraphrases of one
 * problem ("app is down", "site won't load", "keeps crashing") share few words pairwise, but each
 * shares some with what the group has said so far, and a group's vocabulary follows the surge.
 * The comparison is the cosine between the mention's set of terms and the group's centroid (the
 * share of the group's mentions that used each term), the classic leader–follower clustering of
 * short texts, with the classifier's content signals among the terms (see {@link weightOf}); it
 * needs no model and explains itself (the group's top words are the incident's signature).
 *
 * Everything here is pure: the window is read and written through the SurgeWindow port under a
 * compare-and-set, so consumers running at once agree on one group, one threshold crossing and
 * one incident id.
 */

export const SurgePolicy = z.object({
  /** Similar service needs within the window that make an incident; at least 2. */
  threshold: z.number().int().min(2),
  /** How far back the threshold counts, in minutes. */
  windowMinutes: z.number().positive(),
  /** How alike (cosine, 0–1) a mention must be to a group's words to join it. */
  similarity: z.number().min(0).max(1),
  /**
   * An incident keeps catching mentions while it is open and the last one came at most this many
   * minutes ago; after a longer silence a new surge is a new incident.
   */
  incidentIdleMinutes: z.number().positive(),
  /**
   * Most mentions written onto the incident's timeline. Every attached mention is still counted
   * and listed (for closure replies), but a big outage brings thousands, and a case is one item:
   * its timeline holds a sample for the agents, not every copy of "it's down".
   */
  timelineMentions: z.number().int().min(0),
});
export type SurgePolicy = z.infer<typeof SurgePolicy>;

export const defaultSurgePolicy: SurgePolicy = {
  threshold: 10,
  windowMinutes: 15,
  similarity: 0.3,
  incidentIdleMinutes: 6 * 60,
  timelineMentions: 100,
};

// ----------------------------------------------------------------------------------------- the terms

/** The classifier's signals that say what a mention is about (reach or directness say nothing of it). */
const contentSignals = new Set(['outage', 'safety']);

/** Marks a signal among the words, so it cannot clash with one. */
const signalTerm = (signal: string): string => `~${signal}`;

/**
 * Words that carry no subject: function words, and what every complaint says ("please", "again",
 * "anyone"). English, with the commonest Spanish, French and German ones (the classifier's
 * languages); a word missed here only makes groups a little more alike.
 */
const stopWords = new Set(
  `a about after again all also am an and any anyone anybody are around as at be been being but by can cannot cant could
  did didnt do does doesnt doing dont else even ever every for from get getting got guys had has have having he hello
  help her here hey hi him his how i id if im in into is isnt it its ive just know let lol me more morning my need no not
  nothing now of off ok on one only or our out over please pls plz really right same see she should so some still
  such than thank thanks that the their them then there these they thing this those though time to today too trying
  u up us very want was wasnt way we were what whats when where which while who why will with wont would yet you your
  youre yours el la los las un una de del y o que en es por para con se su al lo le les des et ou est pour avec ce
  qui sur pas ne je mon ma der die das und oder ist ein eine nicht mit ich mein auf zu im`.split(/\s+/),
);

/** English suffixes cut so that "crashing", "crashed" and "crashes" meet as "crash". */
const stem = (word: string): string => {
  let base = word;
  if (base.length > 4 && base.endsWith('ies')) base = `${base.slice(0, -3)}y`;
  else if (base.length > 5 && base.endsWith('ing')) base = base.slice(0, -3);
  else if (base.length > 4 && base.endsWith('ed')) base = base.slice(0, -2);
  else if (base.length > 4 && /(?:ch|sh|x|ss)es$/.test(base)) base = base.slice(0, -2);
  else if (base.length > 3 && base.endsWith('s') && !base.endsWith('ss')) base = base.slice(0, -1);
  // "stopped" → "stopp" → "stop"; "logging" → "logg" → "log" (but "all", "miss", "buzz" stay).
  if (base !== word && /([^aeiouslz])\1$/.test(base)) base = base.slice(0, -1);
  return base;
};

const wordToken = /^[\p{L}\p{N}]+$/u;
const digitsOnly = /^\p{N}+$/u;

/**
 * The terms a mention brings to its lane: its content words (the classifier's own normalisation,
 * so "can't" is "cant" and URLs, handles and numbers are placeholders, dropped here), without
 * stop words, stemmed, each once; plus the classifier's content signals, so "site won't load" and
 * "app keeps crashing" both carry `~outage`. Sorted, so equal mentions give equal terms.
 */
export const surgeTermsOf = (text: string, classification: Pick<Classification, 'urgencySignals'>): string[] => {
  const words = tokenise(text)
    .filter((token) => wordToken.test(token) && !digitsOnly.test(token) && token.length > 1 && !stopWords.has(token))
    .map(stem)
    .filter((word) => word.length > 1 && !stopWords.has(word));
  const signals = (classification.urgencySignals ?? []).filter((signal) => contentSignals.has(signal)).map(signalTerm);
  return [...new Set([...words, ...signals])].sort();
};

/**
 * The lane a mention is counted in: its topic, except that anything carrying the outage signal
 * counts as `outage-technical`. An outage wears many topics — "can't log in, site down" reads as
 * account access, "site down, can't pay my bill" as billing — and one outage must make one
 * incident, not one per topic it shows up in.
 */
export const surgeLaneOf = (classification: Pick<Classification, 'topic' | 'urgencySignals'>): Topic =>
  classification.urgencySignals?.includes('outage') ? 'outage-technical' : classification.topic;

// ---------------------------------------------------------------------------------------- the window

export const SurgeMember = z.object({
  mentionId: z.string().min(1),
  /** When the bridge counted it (its clock, not the post's time: a surge is what arrives at once). */
  at: z.string(),
  /** The mention's thread, `network:conversationId`: where its own case, if it opened one, is found. */
  conversation: z.string().min(1),
});
export type SurgeMember = z.infer<typeof SurgeMember>;

export const SurgeIncident = z.object({
  caseId: z.string().min(1),
  openedAt: z.string(),
  /** The mention that reached the threshold. */
  openedBy: z.string().min(1),
  /** The lane and the group's most used words when it opened, e.g. `outage-technical:app+down+crash`. */
  signature: z.string().min(1),
});
export type SurgeIncident = z.infer<typeof SurgeIncident>;

/** Mentions of one lane that say alike things. */
export const SurgeGroup = z.object({
  /** Stable and unique: made from the lane, the minute it started and its first mention. */
  id: z.string().min(1),
  startedAt: z.string(),
  /** When its latest mention was counted. */
  lastAt: z.string(),
  /** How many mentions were folded into `terms`. */
  samples: z.number().int().positive(),
  /** Term → in how many of the group's mentions it appeared (the most used {@link maxGroupTerms}). */
  terms: z.record(z.string(), z.number().int().positive()),
  /**
   * The mentions counted towards the threshold, those within the window. Frozen once the group is
   * an incident: later mentions are the incident's, counted by the incident register.
   */
  members: z.array(SurgeMember),
  incident: SurgeIncident.optional(),
});
export type SurgeGroup = z.infer<typeof SurgeGroup>;

/** The recent window of one lane: what the SurgeWindow port keeps per lane. */
export const SurgeWindowState = z.object({ lane: Topic, groups: z.array(SurgeGroup) });
export type SurgeWindowState = z.infer<typeof SurgeWindowState>;

export const emptyWindow = (lane: Topic): SurgeWindowState => ({ lane, groups: [] });

/** Terms kept per group: the most used; enough for a surge's vocabulary, bounded for the store. */
export const maxGroupTerms = 40;
/** Groups kept per lane; beyond it the quietest groups that are not incidents are forgotten first. */
export const maxGroups = 100;

/** One mention, as the window sees it. */
export interface SurgeSample extends SurgeMember {
  readonly terms: readonly string[];
}

export type SurgeDecision =
  /** Not (yet) part of a surge: the mention goes on as usual. `members` counts its group now. */
  | { readonly kind: 'none'; readonly members: number; readonly group?: SurgeGroup }
  /** This mention brought its group to the threshold: open the incident, fold `earlier` into it. */
  | {
      readonly kind: 'open';
      readonly group: SurgeGroup;
      readonly incident: SurgeIncident;
      readonly earlier: readonly SurgeMember[];
    }
  /** The group already is an incident: the mention attaches to it. */
  | { readonly kind: 'attach'; readonly group: SurgeGroup; readonly incident: SurgeIncident };

export interface WindowStep {
  readonly state: SurgeWindowState;
  readonly decision: SurgeDecision;
  /** Whether `state` differs from what was read, i.e. must be written back. */
  readonly changed: boolean;
}

const minutes = (value: number): number => value * 60_000;

/**
 * How much a term weighs in the comparison: a classifier signal counts double. Short posts share
 * few words ("site won't load" and "app keeps crashing" share none), so without it the first few
 * mentions of one outage would start groups of their own depending on the order they came in;
 * the signal, read from the whole text by the classifier, is what they do share. In the outage
 * lane, where every mention carries it, this makes one outage at a time one group: two unrelated
 * outages at once are rare, and one incident for both is the lesser harm than one per phrasing.
 */
const weightOf = (term: string): number => (term.startsWith('~') ? 2 : 1);

/** The share of a group's mentions that used each of its terms, weighted. */
const centroidOf = (group: Pick<SurgeGroup, 'terms' | 'samples'>): Map<string, number> =>
  new Map(Object.entries(group.terms).map(([term, count]) => [term, (weightOf(term) * count) / group.samples]));

/**
 * How alike a mention's terms are to a group's words: the cosine between the mention's (weighted)
 * set of terms and the group's centroid, 0 (nothing shared) … 1 (the group always says exactly
 * these).
 */
export const similarityTo = (terms: readonly string[], group: Pick<SurgeGroup, 'terms' | 'samples'>): number => {
  const unique = [...new Set(terms)];
  if (unique.length === 0) return 0;
  const centroid = centroidOf(group);
  let groupNorm = 0;
  for (const weight of centroid.values()) groupNorm += weight * weight;
  if (groupNorm === 0) return 0;
  let dot = 0;
  let mentionNorm = 0;
  for (const term of unique) {
    const weight = weightOf(term);
    dot += weight * (centroid.get(term) ?? 0);
    mentionNorm += weight * weight;
  }
  return dot / (Math.sqrt(mentionNorm) * Math.sqrt(groupNorm));
};

/** The most used terms first; ties alphabetically, so every consumer keeps the same ones. */
const byUse = ([a, countA]: [string, number], [b, countB]: [string, number]): number =>
  countB - countA || a.localeCompare(b);

const fold = (group: SurgeGroup, terms: readonly string[], at: string): SurgeGroup => {
  const counts = { ...group.terms };
  for (const term of new Set(terms)) counts[term] = (counts[term] ?? 0) + 1;
  const kept = Object.entries(counts).sort(byUse).slice(0, maxGroupTerms);
  return { ...group, samples: group.samples + 1, terms: Object.fromEntries(kept), lastAt: at };
};

/** The lane and the group's three most used words (signals left out: they say less). */
export const signatureOf = (lane: Topic, group: Pick<SurgeGroup, 'terms'>): string => {
  const words = Object.entries(group.terms)
    .filter(([term]) => !term.startsWith('~'))
    .sort(byUse)
    .slice(0, 3)
    .map(([term]) => term);
  return `${lane}:${words.length > 0 ? words.join('+') : 'alike'}`;
};

const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

/** A new group's id: lane, starting minute (base 36) and a hash of its first mention. */
const groupIdOf = (lane: Topic, mentionId: string, at: string): string =>
  `${lane}-${Math.floor(Date.parse(at) / 60_000).toString(36)}-${hex32(mix32(fnvString(fnvOffsetBasis, mentionId)))}`;

/** The id of the parent case a group's incident gets: readable, and the same for every consumer. */
export const incidentCaseIdOf = (groupId: string): string => `incident-${groupId}`;

/**
 * The window as of `at`: members that arrived `windowMinutes` or more before it no longer count
 * (a member exactly one window old is out); a group that is not an incident goes when none of its
 * members count any more; an incident's group goes after `incidentIdleMinutes` without a mention.
 */
export const pruneWindow = (state: SurgeWindowState, at: string, policy: SurgePolicy): SurgeWindowState => {
  const now = Date.parse(at);
  const windowStart = now - minutes(policy.windowMinutes);
  const idleSince = now - minutes(policy.incidentIdleMinutes);
  const groups = state.groups.flatMap((group): SurgeGroup[] => {
    if (group.incident) return Date.parse(group.lastAt) > idleSince ? [group] : [];
    const members = group.members.filter((member) => Date.parse(member.at) > windowStart);
    if (members.length === 0) return [];
    return [members.length === group.members.length ? group : { ...group, members }];
  });
  const unchanged = groups.length === state.groups.length && groups.every((group, i) => group === state.groups[i]);
  return unchanged ? state : { ...state, groups };
};

/** Keeps the lane's groups within {@link maxGroups}, forgetting the quietest non-incidents first. */
const capGroups = (groups: readonly SurgeGroup[]): SurgeGroup[] => {
  const excess = groups.length - maxGroups;
  if (excess <= 0) return [...groups];
  const dropped = new Set(
    groups
      .filter((group) => group.incident === undefined)
      .sort((a, b) => a.lastAt.localeCompare(b.lastAt) || a.id.localeCompare(b.id))
      .slice(0, excess)
      .map((group) => group.id),
  );
  return groups.filter((group) => !dropped.has(group.id));
};

/** What the window already decided for a mention it counted before (a redelivery). */
const decidedBefore = (group: SurgeGroup, mentionId: string): SurgeDecision => {
  const { incident } = group;
  if (incident === undefined) return { kind: 'none', members: group.members.length, group };
  if (incident.openedBy === mentionId) {
    return { kind: 'open', group, incident, earlier: group.members.filter((m) => m.mentionId !== mentionId) };
  }
  return { kind: 'attach', group, incident };
};

/**
 * Counts one confident service need into its lane's window and decides: below the threshold,
 * `none`; reaching it, `open` (with the members that came before); in a group that already is an
 * incident, `attach`. A mention the window already counted gets the decision it got then, and the
 * window is not changed, so a redelivered mention is neither counted twice nor opens a second
 * incident. A mention with no terms cannot be compared and is left out.
 */
export const joinWindow = (state: SurgeWindowState, sample: SurgeSample, policy: SurgePolicy): WindowStep => {
  const pruned = pruneWindow(state, sample.at, policy);
  const known = pruned.groups.find(
    (group) =>
      group.incident?.openedBy === sample.mentionId || group.members.some((m) => m.mentionId === sample.mentionId),
  );
  if (known) return { state: pruned, decision: decidedBefore(known, sample.mentionId), changed: pruned !== state };
  if (sample.terms.length === 0) return { state: pruned, decision: { kind: 'none', members: 0 }, changed: false };

  let best: { group: SurgeGroup; similarity: number } | undefined;
  for (const group of pruned.groups) {
    const similarity = similarityTo(sample.terms, group);
    if (similarity >= policy.similarity && (best === undefined || similarity > best.similarity)) {
      best = { group, similarity };
    }
  }
  const member: SurgeMember = { mentionId: sample.mentionId, at: sample.at, conversation: sample.conversation };

  if (best === undefined) {
    const group: SurgeGroup = {
      id: groupIdOf(state.lane, sample.mentionId, sample.at),
      startedAt: sample.at,
      lastAt: sample.at,
      samples: 0,
      terms: {},
      members: [member],
    };
    const started = fold(group, sample.terms, sample.at);
    return {
      state: { ...pruned, groups: capGroups([...pruned.groups, started]) },
      decision: { kind: 'none', members: 1, group: started },
      changed: true,
    };
  }

  const folded = fold(best.group, sample.terms, sample.at);
  const replace = (next: SurgeGroup): SurgeWindowState => ({
    ...pruned,
    groups: pruned.groups.map((group) => (group.id === next.id ? next : group)),
  });
  if (folded.incident) {
    return {
      state: replace(folded),
      decision: { kind: 'attach', group: folded, incident: folded.incident },
      changed: true,
    };
  }
  const members = [...folded.members, member];
  if (members.length < policy.threshold) {
    const grown = { ...folded, members };
    return { state: replace(grown), decision: { kind: 'none', members: members.length, group: grown }, changed: true };
  }
  const incident: SurgeIncident = {
    caseId: incidentCaseIdOf(folded.id),
    openedAt: sample.at,
    openedBy: sample.mentionId,
    signature: signatureOf(state.lane, folded),
  };
  const opened = { ...folded, members, incident };
  return {
    state: replace(opened),
    decision: { kind: 'open', group: opened, incident, earlier: folded.members },
    changed: true,
  };
};

/**
 * The window once an incident has ended (resolved): its group is forgotten, so a problem that
 * comes back starts a new group, and a new incident, rather than feeding a resolved one.
 */
export const endIncident = (state: SurgeWindowState, incidentCaseId: string): SurgeWindowState => {
  const groups = state.groups.filter((group) => group.incident?.caseId !== incidentCaseId);
  return groups.length === state.groups.length ? state : { ...state, groups };
};

/** Until when the lane's window is worth keeping (its TTL): the longest any of its groups may live. */
export const windowExpiry = (state: SurgeWindowState, at: string, policy: SurgePolicy): Date => {
  const hasIncident = state.groups.some((group) => group.incident !== undefined);
  const keepFor = hasIncident ? Math.max(policy.windowMinutes, policy.incidentIdleMinutes) : policy.windowMinutes;
  return new Date(Date.parse(at) + minutes(keepFor));
};

/** Whole minutes from `from` to `to`, at least 1: how long a surge has run, for people to read. */
export const minutesBetween = (from: string, to: string): number =>
  Math.max(1, Math.ceil((Date.parse(to) - Date.parse(from)) / 60_000));
