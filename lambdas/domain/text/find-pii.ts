import { isValidIBAN } from 'ibantools';
import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { PiiFound, PiiType } from '../classification.ts';

/**
 * Finds personal and payment data in a post, redacts it, and keeps the identifiers worth having on the case.
 *
 * - card: 13–19 digits written in one block, in blocks of four or as 4-6-5/4-6-4 (spaces or dashes), that
 *   pass the Luhn check and start with an issuer digit 2–6 (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4,
 *   Discover/UnionPay/Maestro 6; tweet ids and other long numbers starting 1, 7, 8, 9 are not cards). Never kept.
 * - iban: two letters, two check digits and up to 30 letters/digits (spaces allowed), valid by `ibantools`.
 *   Never kept.
 * - email: local@domain.tld; fediverse handles (`@sam@example.social`) are public handles, not emails.
 *   Never kept.
 * - phone: `libphonenumber-js` (full metadata) with `+`/`00` international numbers and national formats of
 *   US, GB, DE, FR and ES, asked only about runs of 7+ digits, 40 characters at a time (it is slow on long
 *   digit-heavy text); past a budget of windows the remaining runs are redacted as phones unasked. Dates such
 *   as 2026-11-25 and numbers inside URLs are not phones. Never kept.
 * - order-number / account-number: an identifier (4+ characters, at least one digit) right after a keyword
 *   ("order #A-1234", "booking ref XYZ123", "case id 8473573", "pedido 88231", "Kundennummer 1234567",
 *   "acct no. 12345678", "FF# 94LXA62"). Order numbers include booking, ticket, case and claim references:
 *   every reference the customer gives for something they bought or reported. A number that also
 *   reads as a phone is an order or account number when such a keyword introduces it. Kept on the case,
 *   uppercased, without a leading `#`, deduplicated.
 *
 * Overlaps: card, IBAN and email outrank order/account numbers, which outrank phones; within a rank the
 * longer span wins. Text with no digit (any script) and no `@` is returned unchanged without further work.
 */

interface Span {
  start: number;
  end: number;
  type: PiiType;
  /** Lower wins an overlap. */
  rank: number;
  /** For order and account numbers: the identifier kept on the case. */
  value?: string;
}

const phoneCountries: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES'];

// ---------------------------------------------------------------------------------------------- cards

/** Luhn (mod 10) check over a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/u.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

const digitRunPattern = /(?<![0-9])[0-9]+(?:[ \-\u00a0][0-9]+)*(?![0-9])/gu;
const digitGroupPattern = /[0-9]+/gu;

function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/u.test(digits) && passesLuhn(digits);
}

/**
 * How card numbers are written: one block, blocks of four (16 digits; 13 as 4-4-4-1; 19 as 4-4-4-4-3), or the
 * Amex/Diners 4-6-5 and 4-6-4. Other groupings (4-4-4-4-2 inside a mistyped IBAN, say) are not cards.
 */
function isCardGrouping(lengths: readonly number[]): boolean {
  if (lengths.length === 1) return true;
  const shape = lengths.join('-');
  return ['4-4-4-4', '4-4-4-1', '4-4-4-4-3', '4-6-5', '4-6-4'].includes(shape);
}

/** Runs of digit groups; within a run, the longest group-aligned window that is a card number. */
function findCards(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(digitRunPattern)) {
    // Digits glued to two letters are the check digits of an IBAN-like token ("DE89 3704 …"): a card may only
    // start after them.
    const ibanLike = /[A-Za-z]{2}$/u.test(text.slice(Math.max(0, run.index - 2), run.index));
    const groups = [...run[0].matchAll(digitGroupPattern)].map((group) => ({
      start: run.index + group.index,
      end: run.index + group.index + group[0].length,
      digits: group[0],
    }));
    let from = ibanLike ? 1 : 0;
    while (from < groups.length) {
      let best: { to: number; length: number } | undefined;
      let digits = '';
      const lengths: number[] = [];
      for (let to = from; to < groups.length; to += 1) {
        const group = groups[to]?.digits ?? '';
        digits += group;
        lengths.push(group.length);
        if (digits.length > 19) break;
        if (isCardGrouping(lengths) && isCardNumber(digits)) best = { to, length: digits.length };
      }
      const first = groups[from];
      const last = best === undefined ? undefined : groups[best.to];
      if (best !== undefined && first !== undefined && last !== undefined) {
        spans.push({ start: first.start, end: last.end, type: 'card', rank: 0 });
        from = best.to + 1;
      } else {
        from += 1;
      }
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------- IBANs

const ibanStartPattern = /(?<![\p{L}\p{N}])[A-Za-z]{2}[0-9]{2}/gu;
const alphanumeric = /[A-Za-z0-9]/u;

function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  for (const start of text.matchAll(ibanStartPattern)) {
    // Collect up to 34 letters/digits, single spaces allowed between them; remember where each char ends.
    let compact = '';
    const ends: number[] = [];
    let position = start.index;
    while (position < text.length && compact.length < 34) {
      const character = text.charAt(position);
      if (alphanumeric.test(character)) {
        compact += character.toUpperCase();
        ends.push(position + 1);
        position += 1;
      } else if (character === ' ' && alphanumeric.test(text.charAt(position + 1))) {
        position += 1;
      } else {
        break;
      }
    }
    for (let length = compact.length; length >= 15; length -= 1) {
      const end = ends[length - 1];
      if (end === undefined) continue;
      // The IBAN must not end inside a word or number.
      if (alphanumeric.test(text.charAt(end))) continue;
      if (isValidIBAN(compact.slice(0, length))) {
        spans.push({ start: start.index, end, type: 'iban', rank: 0 });
        break;
      }
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------- emails

const emailPattern =
  /(?<![@\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?)*\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

function findEmails(text: string): Span[] {
  return [...text.matchAll(emailPattern)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    type: 'email' as const,
    rank: 0,
  }));
}

// -------------------------------------------------------------------------- order and account numbers

const orderKeywords = [
  // en
  'order',
  'orders',
  'booking',
  'reservation',
  'confirmation',
  'pnr',
  'ticket',
  'tracking',
  'reference',
  'ref',
  'invoice',
  'parcel',
  'shipment',
  'consignment',
  'waybill',
  'case',
  'claim',
  'conf',
  'sr',
  'incident',
  // es
  'pedido',
  'orden',
  'reserva',
  'localizador',
  'seguimiento',
  'factura',
  'referencia',
  'envío',
  // fr
  'commande',
  'réservation',
  'dossier',
  'suivi',
  'facture',
  'référence',
  'réf',
  'colis',
  // de
  'bestellung',
  'bestellnummer',
  'bestell-nr',
  'auftrag',
  'auftragsnummer',
  'buchung',
  'buchungsnummer',
  'buchungscode',
  'sendung',
  'sendungsnummer',
  'sendungsverfolgungsnummer',
  'rechnung',
  'rechnungsnummer',
  'referenz',
  'vorgangsnummer',
  'ticketnummer',
];
const accountKeywords = [
  // en
  'account',
  'acct',
  'acc',
  'a/c',
  'customer',
  'member',
  'membership',
  'policy',
  'subscriber',
  'loyalty',
  'ff',
  'frequent flyer',
  'frequent flier',
  'rewards',
  // es
  'cuenta',
  'cliente',
  'socio',
  'póliza',
  'contrato',
  // fr
  'compte',
  'client',
  'adhérent',
  'contrat',
  // de
  'kundennummer',
  'kunden-nr',
  'kundennr',
  'konto',
  'kontonummer',
  'kontonr',
  'vertrag',
  'vertragsnummer',
  'mitgliedsnummer',
];

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&').replace(/ /gu, '\\s+');
}

const keywordPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?<order>${orderKeywords.map(escapeRegExp).join('|')})|(?<account>${accountKeywords.map(escapeRegExp).join('|')}))(?![\\p{L}\\p{N}])`,
  'giu',
);
/** Words and marks between a keyword and its identifier: "order number is #", "pedido nº", "Konto-Nr.:". */
const connectorPattern =
  /(?:[\s:#=\-–.]+|(?:number|numbers|num|no|nr|n[º°o]|nummer|numéro|numero|número|id|ref|reference|code|is|was|es|est|ist|lautet|de|du|del)(?![\p{L}\p{N}])\.?)/iuy;
const identifierPattern = /#?([\p{L}\p{N}](?:[\p{L}\p{N}\-/._]*[\p{L}\p{N}])?)/uy;
const hasDigit = /\p{Nd}/u;

interface KeywordContext {
  /** Where the identifier (or a phone number) would start. */
  valueStart: number;
  type: 'order-number' | 'account-number';
}

function normaliseIdentifier(raw: string): string {
  return raw
    .replace(/^#/u, '')
    .replace(/[\s\u00a0]+/gu, '')
    .toUpperCase();
}

function findIdentifiers(text: string): { spans: Span[]; contexts: KeywordContext[] } {
  const spans: Span[] = [];
  const contexts: KeywordContext[] = [];
  for (const keyword of text.matchAll(keywordPattern)) {
    const type = keyword.groups?.order !== undefined ? 'order-number' : 'account-number';
    let position = keyword.index + keyword[0].length;
    for (let skipped = 0; skipped < 6; skipped += 1) {
      connectorPattern.lastIndex = position;
      const connector = connectorPattern.exec(text);
      if (connector === null || connector[0].length === 0) break;
      position += connector[0].length;
    }
    // Back up over a `#` the connector took, so the identifier span includes it.
    const valueStart = text.charAt(position - 1) === '#' ? position - 1 : position;
    contexts.push({ valueStart, type });
    identifierPattern.lastIndex = valueStart;
    const identifier = identifierPattern.exec(text);
    const value = identifier?.[1];
    if (identifier === null || value === undefined || value.length < 4 || !hasDigit.test(value)) continue;
    spans.push({
      start: valueStart,
      end: valueStart + identifier[0].length,
      type,
      rank: 1,
      value: normaliseIdentifier(value),
    });
  }
  return { spans, contexts };
}

// ---------------------------------------------------------------------------------------------- phones

const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu;
const datePattern = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/u;
const phoneLikeRun = /[0-9\p{Nd}](?:[\p{Nd}\s().\-/]*\p{Nd})?/gu;
const anyDigit = /\p{Nd}/gu;

/** A formatted phone number is at most about 20 characters; runs are read in overlapping windows of this size. */
const phoneWindow = 40;
/**
 * libphonenumber costs about a millisecond per digit-dense window and country. Past this many windows (a post
 * made of hundreds of numbers), the remaining digit runs are redacted as phones without asking it: bounded time,
 * and nothing left unredacted.
 */
const phoneWindowBudget = 50;

interface PhoneRun {
  start: number;
  end: number;
  windows: Array<[number, number]>;
}

/**
 * The stretches of text worth handing to libphonenumber: runs of digits and phone punctuation holding at
 * least 7 digits, with a little context before ("+", "(", "00") and after.
 */
function phoneRuns(text: string): PhoneRun[] {
  const runs: PhoneRun[] = [];
  for (const run of text.matchAll(phoneLikeRun)) {
    if ((run[0].match(anyDigit)?.length ?? 0) < 7) continue;
    const start = Math.max(0, run.index - 3);
    const end = Math.min(text.length, run.index + run[0].length + 2);
    const windows: Array<[number, number]> = [];
    for (let from = start; from < end; from += phoneWindow / 2) {
      windows.push([from, Math.min(end, from + phoneWindow)]);
      if (from + phoneWindow >= end) break;
    }
    runs.push({ start: run.index, end: run.index + run[0].length, windows });
  }
  return runs;
}

function searchPhones(text: string): Array<{ startsAt: number; endsAt: number }> {
  const found: Array<{ startsAt: number; endsAt: number }> = [];
  let budget = phoneWindowBudget;
  for (const run of phoneRuns(text)) {
    if (budget < run.windows.length) {
      found.push({ startsAt: run.start, endsAt: run.end });
      continue;
    }
    budget -= run.windows.length;
    for (const [from, to] of run.windows) {
      const slice = text.slice(from, to);
      for (const defaultCountry of phoneCountries) {
        try {
          for (const number of findPhoneNumbersInText(slice, { defaultCountry })) {
            found.push({ startsAt: from + number.startsAt, endsAt: from + number.endsAt });
          }
        } catch {
          // libphonenumber does not throw on text in practice; a failure must not lose the other detectors.
        }
      }
    }
  }
  return found;
}

function findPhones(text: string, contexts: readonly KeywordContext[]): Span[] {
  const urls = [...text.matchAll(urlPattern)].map((url) => [url.index, url.index + url[0].length] as const);
  const contextAt = new Map(contexts.map((context) => [context.valueStart, context.type]));
  const seen = new Set<string>();
  const spans: Span[] = [];
  for (const { startsAt, endsAt } of searchPhones(text)) {
    const key = `${startsAt}:${endsAt}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const raw = text.slice(startsAt, endsAt);
    if (datePattern.test(raw.trim()) || /\.\.|…/u.test(raw)) continue;
    if (urls.some(([from, to]) => startsAt < to && endsAt > from)) continue;
    // An order or account keyword right before the number makes it that identifier, not a phone.
    const type = contextAt.get(startsAt);
    if (type !== undefined) {
      spans.push({ start: startsAt, end: endsAt, type, rank: 1, value: normaliseIdentifier(raw) });
    } else {
      spans.push({ start: startsAt, end: endsAt, type: 'phone', rank: 2 });
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------- all

const mayHoldPii = /[\p{Nd}@]/u;

function resolveOverlaps(candidates: Span[], length: number): Span[] {
  const ordered = [...candidates].sort(
    (a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(length);
  const accepted: Span[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start) continue;
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    accepted.push(candidate);
  }
  return accepted.sort((a, b) => a.start - b.start);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Finds and redacts PII in `text`. Never throws. */
export function findPii(text: string): PiiFound {
  const unchanged: PiiFound = { types: [], redactedText: text, caseFields: { orderNumbers: [], accountNumbers: [] } };
  if (!mayHoldPii.test(text)) return unchanged;

  const identifiers = findIdentifiers(text);
  const spans = resolveOverlaps(
    [
      ...findEmails(text),
      ...findIbans(text),
      ...findCards(text),
      ...identifiers.spans,
      ...findPhones(text, identifiers.contexts),
    ],
    text.length,
  );
  if (spans.length === 0) return unchanged;

  let redactedText = '';
  let position = 0;
  for (const span of spans) {
    redactedText += `${text.slice(position, span.start)}[${span.type}]`;
    position = span.end;
  }
  redactedText += text.slice(position);

  return {
    types: unique(spans.map((span) => span.type)),
    redactedText,
    caseFields: {
      orderNumbers: unique(spans.flatMap((span) => (span.type === 'order-number' && span.value ? [span.value] : []))),
      accountNumbers: unique(
        spans.flatMap((span) => (span.type === 'account-number' && span.value ? [span.value] : [])),
      ),
    },
  };
}
