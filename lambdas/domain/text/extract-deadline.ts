import * as chrono from 'chrono-node';
import type { StatedDeadline } from '../classification.ts';

/**
 * Finds a deadline the customer stated ("I need the replacement card by Friday", "antes del viernes",
 * "bis Freitag") and resolves it against the time of the post.
 *
 * When a date counts (chrono-node finds the dates; these rules decide which are deadlines):
 * - a cue right before it, optionally with a determiner: "by Friday", "by next Tuesday", "no later than
 *   1 Dec", "para el viernes", "d'ici vendredi", "avant le 3 décembre", "bis zum 3. Dezember", "spätestens
 *   morgen", "vor Freitag";
 * - an event cue with up to three words between: "before my flight tomorrow", "in time for the wedding on
 *   Saturday", "antes de mi vuelo mañana";
 * - a cue folded into the date: "within 48 hours", "dentro de 2 días", "innerhalb von 2 Tagen";
 * - a need verb earlier in the same clause, at most four words before the date: "I need it on Friday",
 *   "necesito el reembolso hasta el lunes", "j'en ai besoin pour demain", "ich brauche sie bis Freitag".
 *   "until"/"hasta"/"jusqu'à" count only this way: on their own they mostly report a state ("stuck in Denver
 *   until Monday", "delayed until 7:55": nearly every "until" date in the airline tweets was of this kind).
 * Never: a date after "since/desde/depuis/seit", "last/pasado/dernier/letzten", "ago/hace/il y a/vor 3
 *   Tagen"; a span of time ("delayed by 3 hours", "waiting for 3 days"); a clause that reports the past or
 *   someone else's promise ("it was supposed to arrive by Monday", "landed before 9am"); a date that chrono
 *   found inside a word.
 *
 * How it resolves:
 * - The post time is the reference and is read as UTC; a time zone written in the text ("5pm EST") wins.
 * - A date without a time of day means the end of that day, 23:59:59 UTC; "morning" means 12:00:00 and
 *   "afternoon" 18:00:00 of that day; a stated time is kept as stated.
 * - "End of the week" (and "the weekend") means Friday 23:59:59 UTC of the post's week (Sunday 23:59:59 when
 *   posted on a Saturday or Sunday), "end of next week" the Friday after; "end of the month" the last day of
 *   the month at 23:59:59 UTC; "end of the day"/EOD/COB the post's day at 23:59:59 UTC.
 * - The deadline must be after `postedAt` and no more than {@link deadlineHorizonDays} days after it (chrono
 *   rolls a past date without a year, "before 3 Nov" written on 25 Nov, a year forward: that is not a
 *   deadline).
 * - When several deadlines are stated, the earliest wins.
 * - Only the first 1,000 characters are read. chrono runs only when a cheap pattern finds both a cue or need
 *   word and a date or time word.
 */

export const deadlineHorizonDays = 180;

type CueLanguage = 'en' | 'es' | 'fr' | 'de';
type Period = 'day' | 'week' | 'month';

interface LanguageRules {
  readonly parser: chrono.Chrono;
  /** Cue words that govern a date right after them, or after one of `determiners` ("by Friday", "by the 3rd"). */
  readonly cues: string;
  readonly determiners: string;
  /** Cues that take an event first: the date may follow within three words ("before my flight tomorrow"). */
  readonly eventCues: string;
  /** Cues that chrono folds into the date itself ("within 2 days", "dentro de 2 días"). */
  readonly inlineCues: string;
  /** Need verbs: a date later in the same clause (within four words) is a deadline. */
  readonly needs: string;
  /** How a relative time starts when it is a point ahead ("in 2 days"), not a span ("delayed by 3 hours"). */
  readonly relativeIn: string;
  /** Words right before a date, or starting chrono's match, that make it a past reference or a duration. */
  readonly negativesBefore: string;
  readonly negativesInline: string;
  /** Past or reported context before the cue ("it was supposed to arrive by Monday"). */
  readonly past: string;
  /** A past-tense ending ("landed", "delayed") that, with no need verb in the clause, marks a report. */
  readonly pastSuffix?: string;
  /** "End of the week/month/day" phrases; group `next` marks the following period, group `unit` the period. */
  readonly periodEnds: string;
  readonly units: Readonly<Record<string, Period>>;
  /** Words that, right before "tomorrow", mean the day after ("pasado mañana", "après-demain"). */
  readonly dayAfter: string;
}

const rules: Readonly<Record<CueLanguage, LanguageRules>> = {
  en: {
    parser: chrono.en.casual,
    cues: 'by|no later than|not later than|at the latest by|latest by|deadline is|deadline of|deadline',
    determiners: 'the|this|next|coming|latest',
    eventCues: 'before|prior to|ahead of|in time for',
    inlineCues: 'within',
    relativeIn: 'in',
    needs: 'need|needs|must|require|requires|required|want it|want them|deadline',
    negativesBefore: 'since|from|ago|last|past|previous',
    negativesInline: 'for|since|from|last|past|previous',
    past: 'was|were|had|ordered|bought|paid|called|promised|supposed|should have|told|said|expected|estimated|arrived|came|sent|got|went|left|took|landed|missed|stuck',
    pastSuffix: 'ed',
    periodEnds:
      '(?:by|before|until|till|no later than)\\s+(?:the\\s+)?(?:end|close)\\s+of\\s+(?:the\\s+|this\\s+)?(?<next>next\\s+)?(?<unit>day|week|month|business|play)' +
      '|(?:by|before|until)\\s+(?:the\\s+|this\\s+)?(?<next2>next\\s+)?(?<unit2>eod|cob|eow|eom|weekend)',
    units: {
      day: 'day',
      business: 'day',
      play: 'day',
      eod: 'day',
      cob: 'day',
      week: 'week',
      weekend: 'week',
      eow: 'week',
      month: 'month',
      eom: 'month',
    },
    dayAfter: 'the day after',
  },
  es: {
    parser: chrono.es.casual,
    cues: 'para|a más tardar|como muy tarde|como tarde|no más tarde del|no más tarde de|plazo hasta|plazo|antes del|antes de',
    determiners: 'el|la|los|las|este|esta|próximo|próxima',
    eventCues: 'antes del|antes de|antes de que|antes que',
    inlineCues: 'dentro de',
    relativeIn: 'en',
    needs:
      'necesito|necesitamos|necesita|necesitan|tengo que|tiene que|tienen que|debe|deben|hace falta|lo quiero|la quiero|los quiero|urge|urgente',
    negativesBefore: 'desde|hace|el pasado|la pasada|pasado|pasada|durante|llevo|lleva',
    negativesInline: 'desde|hace|durante|pasado|pasada',
    past: 'era|fue|fueron|estaba|había|debía|debería haber|tenía que|iba a|prometieron|dijeron|pedí|compré|pagué|llegó|esperaba',
    periodEnds:
      '(?:antes\\s+del?|para|hasta)\\s+(?:el\\s+|al\\s+)?(?:final|fin)\\s+de(?:l)?\\s+(?:la\\s+|esta\\s+|este\\s+|el\\s+)?(?<next>próxima\\s+|próximo\\s+)?(?<unit>semana|mes|día)',
    units: { semana: 'week', mes: 'month', día: 'day' },
    dayAfter: 'pasado',
  },
  fr: {
    parser: chrono.fr.casual,
    cues: "d'ici à|d'ici au|d'ici|pour|au plus tard|dernier délai|pas plus tard que|impérativement|avant",
    determiners: 'le|la|les|ce|cette|prochain|prochaine',
    eventCues: 'avant|avant de',
    inlineCues: 'sous|dans les',
    relativeIn: 'dans',
    needs: 'besoin|il me faut|il nous faut|il faut|doit|dois|doivent|je veux|je voudrais|impératif',
    negativesBefore: 'depuis|dès|il y a|pendant|dernier|dernière|passé|passée',
    negativesInline: 'depuis|dès|il y a|pendant|dernier|dernière',
    past: "était|étaient|avait|devait|aurait dû|a été|ont promis|promis|m'a dit|on m'a dit|commandé|acheté|payé|arrivé|prévu",
    periodEnds:
      "(?:avant|d'ici|pour|jusqu'à)\\s+(?:la\\s+)?fin\\s+(?:de\\s+(?:la\\s+|cette\\s+|ce\\s+)?|du\\s+)(?<unit>semaine|mois|journée)(?<next>\\s+prochaine|\\s+prochain)?" +
      "|(?:avant|d'ici|pour)\\s+(?:le\\s+|ce\\s+)?(?<unit2>week-end|weekend)",
    units: { semaine: 'week', mois: 'month', journée: 'day', 'week-end': 'week', weekend: 'week' },
    dayAfter: 'après-|après ',
  },
  de: {
    parser: chrono.de.casual,
    cues: 'bis spätestens|bis|spätestens bis|spätestens|Frist bis|Frist|vor',
    determiners: 'zum|zur|am|den|dem|der|nächsten|kommenden|diesen|diesem',
    eventCues: 'vor|noch vor|vor dem|vor der',
    inlineCues: 'innerhalb|binnen',
    relativeIn: 'in',
    needs: 'brauche|brauchen|braucht|benötige|benötigen|muss|müssen|dringend|will|möchte',
    negativesBefore: 'seit|ab|letzten|letzte|letzter|vergangenen|vorigen|während|am letzten',
    negativesInline: 'seit|ab|letzten|letzte|letzter|vergangenen|vorigen|während',
    past: 'war|waren|hatte|hatten|sollte|sollten|hätte|wurde versprochen|versprochen|hieß|bestellt|gekauft|bezahlt|angekommen|geliefert',
    periodEnds:
      '(?:bis|vor)\\s+(?:zum\\s+|spätestens\\s+)?(?:Ende\\s+(?:der|dieser|des)\\s+(?<unit>Woche|Monats|Tages)|Ende\\s+(?<next>nächster|nächsten|kommender|kommenden)\\s+(?<unit2>Woche|Monats)|(?<unit3>Wochenende|Monatsende|Feierabend|Tagesende))',
    units: {
      woche: 'week',
      monats: 'month',
      tages: 'day',
      wochenende: 'week',
      monatsende: 'month',
      feierabend: 'day',
      tagesende: 'day',
    },
    dayAfter: '',
  },
};

const wordStart = '(?<![\\p{L}\\p{N}])';
const wordEnd = '(?![\\p{L}\\p{N}])';
const filler = "[\\p{L}\\p{N}'’-]+";

interface CompiledRules {
  readonly base: LanguageRules;
  readonly cueBefore: RegExp;
  readonly inlineCue: RegExp;
  readonly inlineCueBefore: RegExp;
  readonly needBefore: RegExp;
  readonly needAnywhere: RegExp;
  readonly pastSuffix: RegExp | undefined;
  readonly relativeIn: RegExp;
  readonly negativeBefore: RegExp;
  readonly negativeInline: RegExp;
  readonly past: RegExp;
  readonly periodEnd: RegExp;
  readonly dayAfter: RegExp | undefined;
}

/** Cue lists are written with plain spaces and ASCII apostrophes; the text may use any space or ’. */
function alternatives(list: string): string {
  return list
    .split('|')
    .map((cue) =>
      cue
        .replace(/[.*+?^${}()[\]\\]/gu, '\\$&')
        .replace(/'/gu, "['’]")
        .replace(/ /gu, '\\s+'),
    )
    .join('|');
}

function compile(base: LanguageRules): CompiledRules {
  return {
    base,
    cueBefore: new RegExp(
      `${wordStart}(?:(?:${alternatives(base.cues)})(?:\\s+(?:${alternatives(base.determiners)}))?|(?:${alternatives(base.eventCues)})(?:\\s+${filler}){0,3})\\s*$`,
      'iu',
    ),
    inlineCue: new RegExp(`^(?:${alternatives(base.inlineCues)})${wordEnd}`, 'iu'),
    inlineCueBefore: new RegExp(`${wordStart}(?:${alternatives(base.inlineCues)})(?:\\s+(?:von|de|of))?\\s*$`, 'iu'),
    needBefore: new RegExp(`${wordStart}(?:${alternatives(base.needs)})${wordEnd}(?:\\s+${filler}){0,4}\\s*$`, 'iu'),
    needAnywhere: new RegExp(`${wordStart}(?:${alternatives(base.needs)})${wordEnd}`, 'iu'),
    pastSuffix: base.pastSuffix === undefined ? undefined : new RegExp(`\\p{L}{2,}${base.pastSuffix}${wordEnd}`, 'iu'),
    relativeIn: new RegExp(`^(?:${alternatives(base.inlineCues)}|${alternatives(base.relativeIn)})${wordEnd}`, 'iu'),
    negativeBefore: new RegExp(`${wordStart}(?:${alternatives(base.negativesBefore)})\\s*$`, 'iu'),
    negativeInline: new RegExp(`^(?:${alternatives(base.negativesInline)})${wordEnd}`, 'iu'),
    past: new RegExp(`${wordStart}(?:${alternatives(base.past)})${wordEnd}`, 'iu'),
    periodEnd: new RegExp(`${wordStart}(?:${base.periodEnds.replace(/'/gu, "['’]")})${wordEnd}`, 'giu'),
    dayAfter:
      base.dayAfter === '' ? undefined : new RegExp(`${wordStart}(?:${alternatives(base.dayAfter)})\\s*$`, 'iu'),
  };
}

const compiled: Readonly<Record<CueLanguage, CompiledRules>> = {
  en: compile(rules.en),
  es: compile(rules.es),
  fr: compile(rules.fr),
  de: compile(rules.de),
};

/** Cheap gate 1: any cue, inline cue or need word of any language. */
const anyCue = new RegExp(
  `${wordStart}(?:${Object.values(rules)
    .flatMap((r) => [r.cues, r.eventCues, r.inlineCues, r.needs])
    .map(alternatives)
    .join('|')})${wordEnd}`,
  'iu',
);

/** Cheap gate 2: something chrono could read as a date or time. */
const anyDateWord = new RegExp(
  `\\d|${wordStart}(?:${[
    // en
    'mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday',
    'jan|january|feb|february|mar|march|apr|april|may|june?|july?|aug|august|sept?|september|oct|october|nov|november|dec|december',
    'today|tonight|tomorrow|tmrw|tmr|noon|midnight|morning|afternoon|evening|week|weekend|month|eod|cob|eow|eom|day|days|hours?|christmas|xmas',
    // es
    'lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre',
    'hoy|mañana|manana|noche|tarde|semana|mes|día|días|dia|dias|horas?',
    // fr
    'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre',
    "aujourd['’]hui|demain|soir|matin|midi|minuit|semaine|mois|journée|jours?|heures?|week-end",
    // de
    'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember',
    'heute|morgen|übermorgen|abend|mittag|mitternacht|woche|wochenende|monat|monats|monatsende|feierabend|tag|tage|tagen|stunden?|uhr|weihnachten',
  ].join('|')})${wordEnd}`,
  'iu',
);

/**
 * "within 2 days", "innerhalb von 48 Stunden", "binnen 3 Tagen", "sous 48 h", "dans les 2 jours", "dentro de 2
 * días": chrono reads only some of these, so they are read here, in every language. Hours are exact; days and
 * weeks end at 23:59:59 UTC of the last day.
 */
const withinPattern =
  /(?<![\p{L}\p{N}])(?:within|innerhalb(?:\s+von)?|binnen|sous|dans\s+les|dentro\s+de)\s+(?<amount>\d{1,3})\s*(?<unit>h|hrs?|hours?|heures?|horas?|stunden?|std|days?|jours?|días?|dias?|tagen?|tage|weeks?|semaines?|semanas?|wochen?)(?![\p{L}\p{N}])/giu;

/** Where a clause starts: sentence punctuation, a comma, or a coordinating conjunction. */
const clauseBoundary =
  /[.!?;:\n]\s|[.!?;\n]|,|\s(?:and|but|so|because|y|pero|porque|et|mais|car|und|aber|weil|denn)\s/giu;

const dayMs = 86_400_000;

function endOfUtcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 23, 59, 59));
}

function endOfPeriod(postedAt: Date, period: Period, next: boolean): Date {
  const year = postedAt.getUTCFullYear();
  const month = postedAt.getUTCMonth();
  const date = postedAt.getUTCDate();
  if (period === 'day') return new Date(Date.UTC(year, month, date + (next ? 1 : 0), 23, 59, 59));
  if (period === 'month') return new Date(Date.UTC(year, month + (next ? 2 : 1), 0, 23, 59, 59));
  // Week: Friday of this week (Monday-based), or Sunday when the post is already at the weekend.
  const weekday = (postedAt.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const target = weekday >= 5 && !next ? 6 : 4;
  return new Date(Date.UTC(year, month, date - weekday + target + (next ? 7 : 0), 23, 59, 59));
}

function clauseStart(text: string, end: number): number {
  let start = 0;
  clauseBoundary.lastIndex = 0;
  for (let match = clauseBoundary.exec(text); match !== null; match = clauseBoundary.exec(text)) {
    const after = match.index + match[0].length;
    if (after > end) break;
    start = after;
  }
  return start;
}

interface Candidate {
  at: Date;
  phrase: string;
}

function normaliseLanguage(language: string): CueLanguage | undefined {
  const primary = language.trim().toLowerCase().split(/[-_]/u)[0];
  return primary === 'en' || primary === 'es' || primary === 'fr' || primary === 'de' ? primary : undefined;
}

/**
 * Whether the words before the cue report the past or someone else's promise ("it was supposed to arrive by",
 * "landed before 9am") rather than state a need. A need verb in the clause overrides a past-tense ending.
 */
function isReported(compiledRules: CompiledRules, context: string, clause: string): boolean {
  if (compiledRules.past.test(context)) return true;
  return compiledRules.pastSuffix?.test(context) === true && !compiledRules.needAnywhere.test(clause);
}

function periodCandidates(
  text: string,
  postedAt: Date,
  compiledRules: CompiledRules,
): { candidates: Candidate[]; spans: Array<[number, number]> } {
  const candidates: Candidate[] = [];
  const spans: Array<[number, number]> = [];
  compiledRules.periodEnd.lastIndex = 0;
  for (let match = compiledRules.periodEnd.exec(text); match !== null; match = compiledRules.periodEnd.exec(text)) {
    const end = match.index + match[0].length;
    spans.push([match.index, end]);
    const groups = match.groups ?? {};
    const unitWord = (groups.unit ?? groups.unit2 ?? groups.unit3 ?? '').toLowerCase();
    const period = compiledRules.base.units[unitWord];
    if (period === undefined) continue;
    const next = (groups.next ?? groups.next2) !== undefined;
    const from = clauseStart(text, match.index);
    if (isReported(compiledRules, text.slice(from, match.index), text.slice(from, end))) continue;
    candidates.push({ at: endOfPeriod(postedAt, period, next), phrase: match[0] });
  }
  withinPattern.lastIndex = 0;
  for (let match = withinPattern.exec(text); match !== null; match = withinPattern.exec(text)) {
    const end = match.index + match[0].length;
    spans.push([match.index, end]);
    const amount = Number(match.groups?.amount ?? '0');
    const unit = (match.groups?.unit ?? '').toLowerCase();
    const from = clauseStart(text, match.index);
    if (amount === 0 || isReported(compiledRules, text.slice(from, match.index), text.slice(from, end))) continue;
    const base = postedAt.getTime();
    const at = /^(?:h|hrs?|hours?|heures?|horas?|stunden?|std)$/u.test(unit)
      ? new Date(base + amount * 3_600_000)
      : endOfDayAfter(postedAt, amount * (/^(?:weeks?|semaines?|semanas?|wochen?)$/u.test(unit) ? 7 : 1));
    candidates.push({ at, phrase: match[0] });
  }
  return { candidates, spans };
}

function endOfDayAfter(postedAt: Date, days: number): Date {
  return new Date(
    Date.UTC(postedAt.getUTCFullYear(), postedAt.getUTCMonth(), postedAt.getUTCDate() + days, 23, 59, 59),
  );
}

function resolveInstant(result: chrono.ParsedResult, dayShift: number): Date {
  const start = result.start;
  if (start.isCertain('hour')) return new Date(start.date().getTime() + dayShift * dayMs);
  const year = start.get('year') ?? 1970;
  const month = start.get('month') ?? 1;
  const day = (start.get('day') ?? 1) + dayShift;
  const tags = result.tags();
  if (tags.has('casualReference/morning')) return new Date(Date.UTC(year, month - 1, day, 12, 0, 0));
  if (tags.has('casualReference/afternoon')) return new Date(Date.UTC(year, month - 1, day, 18, 0, 0));
  return endOfUtcDay(year, month, day);
}

function chronoCandidates(text: string, postedAt: Date, compiledRules: CompiledRules, taken: Array<[number, number]>) {
  const found: Candidate[] = [];
  let results: chrono.ParsedResult[] = [];
  try {
    results = compiledRules.base.parser.parse(text, { instant: postedAt, timezone: 0 }, { forwardDate: true });
  } catch {
    // chrono does not throw on text in practice; a stated deadline is never worth failing a classification.
    return found;
  }
  for (const result of results) {
    const start = result.index;
    const end = start + result.text.length;
    // Partial words ("fr" inside "früh"), bare numbers ("von 2" in "innerhalb von 2 Tagen") and dates inside a
    // phrase already read are skipped.
    if (/^(?:von\s+)?\d{1,2}$/iu.test(result.text)) continue;
    if (/[\p{L}\p{N}]/u.test(text.charAt(start - 1)) || /[\p{L}\p{N}]/u.test(text.charAt(end))) continue;
    if (taken.some(([from, to]) => start < to && end > from)) continue;

    const from = clauseStart(text, start);
    let before = text.slice(from, start);
    // "pasado mañana", "après-demain": chrono reads only "tomorrow"; shift a day and read the cue before.
    let dayShift = 0;
    const dayAfter = result.tags().has('casualReference/tomorrow') ? compiledRules.dayAfter?.exec(before) : undefined;
    if (dayAfter !== undefined && dayAfter !== null) {
      dayShift = 1;
      before = before.slice(0, dayAfter.index);
    }
    if (compiledRules.negativeBefore.test(before) || compiledRules.negativeInline.test(result.text)) continue;

    let cueAt: number | undefined;
    let inline = false;
    const cue = compiledRules.cueBefore.exec(before);
    const inlineBefore = compiledRules.inlineCueBefore.exec(before);
    if (compiledRules.inlineCue.test(result.text)) {
      cueAt = start;
      inline = true;
    } else if (inlineBefore !== null) {
      cueAt = from + inlineBefore.index;
      inline = true;
    } else if (cue !== null) {
      cueAt = from + cue.index;
    } else {
      const need = compiledRules.needBefore.exec(before);
      if (need !== null) cueAt = from + need.index;
    }
    if (cueAt === undefined) continue;
    // "delayed by 3 hours", "have to wait 35 minutes": a span of time, not a point ahead.
    if (result.tags().has('result/relativeDate') && !inline && !compiledRules.relativeIn.test(result.text)) continue;
    if (isReported(compiledRules, text.slice(from, cueAt), text.slice(from, end))) continue;

    found.push({ at: resolveInstant(result, dayShift), phrase: text.slice(cueAt, end) });
  }
  return found;
}

/**
 * The deadline the customer stated in `text`, resolved against `postedAt` (read as UTC), or `undefined`.
 * `language` is the detected language (ISO 639-1 or BCP 47); cue words exist for en, es, fr and de, and
 * English cues are also tried for any other language (English is the commonest second language on social).
 * `at` is an ISO 8601 instant in UTC; `phrase` the words from the cue to the end of the date.
 */
export function extractDeadline(text: string, postedAt: Date, language: string): StatedDeadline | undefined {
  if (Number.isNaN(postedAt.getTime())) return undefined;
  const sample = text.slice(0, 1000);
  if (!anyCue.test(sample) || !anyDateWord.test(sample)) return undefined;

  const primary = normaliseLanguage(language);
  const languages: CueLanguage[] = primary === undefined || primary === 'en' ? ['en'] : [primary, 'en'];
  const horizon = postedAt.getTime() + deadlineHorizonDays * dayMs;

  let best: Candidate | undefined;
  for (const code of languages) {
    const compiledRules = compiled[code];
    const periods = periodCandidates(sample, postedAt, compiledRules);
    for (const candidate of [
      ...periods.candidates,
      ...chronoCandidates(sample, postedAt, compiledRules, periods.spans),
    ]) {
      const time = candidate.at.getTime();
      if (time <= postedAt.getTime() || time > horizon) continue;
      if (best === undefined || time < best.at.getTime()) best = candidate;
    }
    if (best !== undefined) break;
  }
  return best === undefined
    ? undefined
    : { at: best.at.toISOString().replace('.000Z', 'Z'), phrase: best.phrase.trim() };
}
