import { francAll } from 'franc';
import type { DetectedLanguage } from '../classification.ts';

/**
 * Language detection for short, noisy social posts.
 *
 * `franc` (trigram distances, ISO 639-3) restricted to the languages the brand's customers plausibly write
 * in, plus a small function-word vote for the Latin-script languages that tweets most often confuse
 * (franc alone reads "Love the new update, the dark mode looks sick" as French). The network's own
 * language tag (`hint`) decides when the text is too short or the evidence too close to call.
 */

/** Languages the classifier is built for; every other language is detected honestly and sent to triage. */
export const supportedLanguages: ReadonlySet<string> = new Set(['en', 'es', 'fr', 'de']);

/** ISO 639-3 (franc) → the code we report (ISO 639-1 where one exists). The keys are franc's candidate list. */
const candidateLanguages: Readonly<Record<string, string>> = {
  eng: 'en',
  spa: 'es',
  fra: 'fr',
  deu: 'de',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  pol: 'pl',
  tur: 'tr',
  ind: 'id',
  rus: 'ru',
  ukr: 'uk',
  arb: 'ar',
  heb: 'he',
  hin: 'hi',
  ell: 'el',
  jpn: 'ja',
  cmn: 'zh',
  kor: 'ko',
  tha: 'th',
};
const only = Object.keys(candidateLanguages);

/** franc cost grows with length; the first 300 characters of a post decide its language well enough. */
export const maxSampleLength = 300;
/** Below this many characters of cleaned text franc is not consulted at all (franc's own minimum is 10). */
const minSampleLength = 10;
/** Below this many letters, this score margin or this confidence, a disagreeing network hint overrides franc. */
const shortSampleLength = 25;
const unsureMargin = 0.06;
const unsureConfidence = 0.5;
/** Confidence given to a network hint adopted because the text could not decide. */
const hintConfidence = 0.55;

/**
 * The commonest function words of the languages franc confuses on tweet-length text. A hit adds to that
 * language's franc score; words shared by several languages count for each of them.
 */
const functionWords: Readonly<Record<string, ReadonlySet<string>>> = {
  eng: words(
    'the and is are was were am be been my me you your it its this that what why how who for with have has had not ' +
      "just still can can't cant don't dont i i'm im of to on at so get got will would please pls thanks thank any " +
      'anyone again u do does did an or but from they we our their there here about when no',
  ),
  spa: words(
    'el la los las de del que y en es mi mis me no un una por para con se lo pero muy ya qué cómo está estoy ' +
      'hay gracias nada pq porque desde hola tengo su al como cuando dónde también nadie sin ni les le yo',
  ),
  fra: words(
    "le la les de des du et est un une je j' mon ma mes que qui pas ne pour avec sur ce c' ça vous il on au aux " +
      "merci très mais plus rien depuis suis été m' l' d' n' qu' votre vos nous elle ils sont avez ai",
  ),
  deu: words(
    'der die das und ist nicht ich mein meine ein eine mit auf für den dem zu es sie wir ihr bitte danke seit ' +
      'noch schon aber wie was wann kein keine mir mich auch hier nichts habe hat sind wird wurde euch ihr',
  ),
  por: words(
    'o a os as de do da dos das que e não é um uma meu minha para com em no na mas obrigado obrigada ainda ' +
      'você vocês já muito está estou tem nada ninguém pra sem isso',
  ),
  ita: words(
    'il lo la gli le di del della che e è non un una mio mia per con ma ancora grazie sono ho mi nessuno ' +
      'questo questa perché niente anche sempre',
  ),
  nld: words(
    'de het een en is niet ik mijn van dat die met voor op nog maar wat geen bedankt jullie ook al wel er ' +
      'heb hebben zijn naar bij dit',
  ),
};
const functionWordWeight = 0.05;
const functionWordCap = 6;

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' ').filter((w) => w.length > 0));
}

const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu;
const entityPattern = /&(?:[a-z]+|#\d+|#x[\da-f]+);/giu;
const handlePattern = /(?:^|(?<=[^\p{L}\p{N}_]))@[\p{L}\p{N}_.]+/gu;
const symbolPattern =
  /(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}#\p{N}_]|\u200d|\ufe0e|\ufe0f|\u20e3)+/gu;
const spacePattern = /\s+/gu;
const kanaPattern = /[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff]/gu;
const tokenPattern = /[\p{L}']+/gu;

/**
 * Strips what carries no language: URLs, HTML entities, @handles, the `#` of hashtags (the word stays), emoji,
 * digits.
 * Exported for tests and for callers that want the same view of the text.
 */
export function cleanForLanguage(text: string): string {
  return text
    .slice(0, maxSampleLength * 2)
    .replace(urlPattern, ' ')
    .replace(entityPattern, ' ')
    .replace(handlePattern, ' ')
    .replace(symbolPattern, ' ')
    .replace(spacePattern, ' ')
    .trim()
    .slice(0, maxSampleLength);
}

/**
 * Normalises a network language tag (BCP 47: `en`, `pt-BR`, `in`, `und`, X's `qme`…) to the code we report,
 * or `undefined` when it names no language.
 */
export function normaliseLanguageTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  if (!/^[a-z]{2,3}$/u.test(primary)) return undefined;
  // und = undetermined, zxx = no linguistic content, mul = several, mis = uncoded; q* = private use (X: qme, qht…).
  if (['und', 'zxx', 'mul', 'mis'].includes(primary) || /^q[a-t][a-z]$/u.test(primary)) return undefined;
  const legacy: Readonly<Record<string, string>> = { in: 'id', iw: 'he', ji: 'yi', jw: 'jv' };
  return legacy[primary] ?? candidateLanguages[primary] ?? primary;
}

function result(code: string, confidence: number): DetectedLanguage {
  const rounded = Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
  return { code, confidence: rounded, supported: supportedLanguages.has(code) };
}

const undetermined: DetectedLanguage = { code: 'und', confidence: 0, supported: false };

/** Scores franc's candidates, adding the function-word vote; best first. */
function score(sample: string): Array<[string, number]> {
  const ranked = francAll(sample, { only, minLength: 1 });
  const tokens = sample.toLowerCase().match(tokenPattern) ?? [];
  const hits = new Map<string, number>();
  for (const token of tokens) {
    for (const [language, list] of Object.entries(functionWords)) {
      // "j'attends" counts as "j'", "it's" as itself.
      const apostrophe = token.indexOf("'");
      const hit = list.has(token) || (apostrophe > 0 && list.has(token.slice(0, apostrophe + 1)));
      if (hit) hits.set(language, (hits.get(language) ?? 0) + 1);
    }
  }
  const scored = ranked.map(([language, distance]): [string, number] => [
    language,
    distance + functionWordWeight * Math.min(functionWordCap, hits.get(language) ?? 0),
  ]);
  return scored.sort((a, b) => b[1] - a[1]);
}

/**
 * Detects the language of a post.
 *
 * - `code`: ISO 639-1 where one exists, else ISO 639-3; `und` when undetermined.
 * - `confidence`: from the score margin between the best and second-best language and the sample length
 *   (a 20-letter text never scores as high as a 120-letter one); 0 for `und`.
 * - `hint`: the network's tag (BCP 47). Used when the text is very short, when the margin is too small to
 *   call, and to raise confidence when it agrees. A confident detection overrides a disagreeing hint.
 * - Only the first {@link maxSampleLength} characters of the cleaned text are analysed.
 */
export function detectLanguage(text: string, hint?: string): DetectedLanguage {
  const hinted = normaliseLanguageTag(hint);
  const sample = cleanForLanguage(text);

  const kana = sample.match(kanaPattern)?.length ?? 0;
  if (kana >= 2) return result('ja', hinted === undefined || hinted === 'ja' ? 0.95 : 0.85);

  const letters = countLetters(sample);
  // Scripts that franc maps to one language (Hangul, Thai, Greek, kana) are decisive even when short.
  const minimum = isLatinOrShared(sample) ? minSampleLength : 2;
  if (letters < minimum) {
    return hinted === undefined ? undetermined : result(hinted, hintConfidence);
  }

  const [best, second] = score(sample);
  const bestCode = best === undefined ? undefined : candidateLanguages[best[0]];
  if (best === undefined || bestCode === undefined) {
    return hinted === undefined ? undetermined : result(hinted, hintConfidence);
  }

  const margin = second === undefined ? 1 : best[1] - second[1];
  const lengthFactor = Math.min(1, 0.45 + letters / 150);
  const confidence = Math.min(0.99, (0.35 + Math.min(margin, 0.3) * 2.2) * lengthFactor);

  if (hinted === undefined) return result(bestCode, confidence);
  if (hinted === bestCode) return result(bestCode, confidence + (1 - confidence) * 0.5);

  const unsure = letters < shortSampleLength || margin < unsureMargin || confidence < unsureConfidence;
  if (unsure) {
    const secondCode = second === undefined ? undefined : candidateLanguages[second[0]];
    return result(hinted, secondCode === hinted ? hintConfidence + 0.1 : hintConfidence);
  }
  return result(bestCode, confidence * 0.9);
}

const lettersPattern = /\p{L}/gu;

function countLetters(sample: string): number {
  return sample.match(lettersPattern)?.length ?? 0;
}

const latinPattern = /[A-Za-z\u00c0-\u024f]/gu;
const sharedScriptPattern = /[\u0400-\u052f\u0600-\u06ff\u0750-\u077f]/gu;

/** Latin, Cyrillic and Arabic script are shared by several candidates: they need a real sample. */
function isLatinOrShared(sample: string): boolean {
  const latin = sample.match(latinPattern)?.length ?? 0;
  const shared = sample.match(sharedScriptPattern)?.length ?? 0;
  return latin + shared > 0;
}
