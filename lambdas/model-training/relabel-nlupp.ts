import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Intent, Topic } from '../domain/classification.ts';
import type { TrainingExample } from '../domain/model/heads.ts';

/**
 * NLU++ (Casanueva et al. 2022, CC BY 4.0): banking and hotel queries with several
 * speech-act-like intents each.
 *
 * Intent, first rule that applies:
 * 1. `wrong_notworking_notshowing` or `lost_stolen` → complaint;
 * 2. `thank` with nothing but greetings, acknowledgements or goodbyes → praise;
 * 3. any request-like intent (`request_info`, question words, `make_open_apply_setup_get_activate`,
 *    `change`, `cancel_close_leave_freeze`, `handoff`, or any subject such as `card`, `booking`) →
 *    request;
 * 4. only `greet` / `end_call` → chatter;
 * 5. anything else (`affirm`, `deny`, `dont_know`, `repeat` alone, or no intent: answers to a
 *    bot's question such as "next Saturday") → left out.
 * Topic: lost/stolen → lost-damaged-property; a problem with wifi, contactless or a card →
 * outage-technical; pin → account-access; money subjects → billing; card arrival, bookings,
 * check-in/out → orders-delivery; hotel facilities (restaurant, spa, gym, room service,
 * housekeeping, pool, parking, amenities, accessibility, pets) → store-staff; else other.
 * Sentiment: complaint → negative, praise → positive, request and chatter → neutral.
 */

const courtesy = new Set(['thank', 'greet', 'acknowledge', 'end_call', 'affirm']);
const dialogueOnly = new Set(['affirm', 'deny', 'dont_know', 'repeat', 'acknowledge']);
const money = [
  'fees_interests',
  'refund',
  'direct_debit',
  'standing_order',
  'transfer_payment_deposit',
  'balance',
  'overdraft',
  'withdrawal',
  'loan',
  'mortgage',
  'savings',
  'cheque',
  'credit',
  'debit',
];
const facilities = [
  'restaurant',
  'spa',
  'gym',
  'room_service',
  'housekeeping',
  'swimming_pool',
  'parking',
  'room_ammenities',
  'accesibility',
  'pets',
];

export const nluppIntent = (intents: readonly string[]): Intent | undefined => {
  const has = (name: string): boolean => intents.includes(name);
  if (has('wrong_notworking_notshowing') || has('lost_stolen')) return 'complaint';
  if (has('thank') && intents.every((i) => courtesy.has(i))) return 'praise';
  if (intents.some((i) => !courtesy.has(i) && !dialogueOnly.has(i))) return 'request';
  if (intents.length > 0 && intents.every((i) => i === 'greet' || i === 'end_call')) return 'chatter';
  return undefined;
};

export const nluppTopic = (intents: readonly string[]): Topic => {
  const has = (name: string): boolean => intents.includes(name);
  if (has('lost_stolen')) return 'lost-damaged-property';
  if (has('wrong_notworking_notshowing') && (has('wifi') || has('contactless') || has('card'))) {
    return 'outage-technical';
  }
  if (has('wifi')) return 'outage-technical';
  if (has('pin')) return 'account-access';
  if (money.some(has)) return 'billing';
  if (has('arrival') || has('booking') || has('check_in') || has('check_out')) return 'orders-delivery';
  if (facilities.some(has)) return 'store-staff';
  if (has('wrong_notworking_notshowing')) return 'outage-technical';
  return 'other';
};

export interface NluppRow {
  readonly domain: 'banking' | 'hotels';
  readonly text: string;
  readonly intents: readonly string[];
}

export const relabelNlupp = (row: NluppRow): TrainingExample | undefined => {
  const intent = nluppIntent(row.intents);
  if (intent === undefined) return undefined;
  return {
    text: row.text,
    intent,
    ...(intent === 'chatter' ? {} : { topic: intent === 'praise' ? ('other' as const) : nluppTopic(row.intents) }),
    sentiment: intent === 'complaint' ? 'negative' : intent === 'praise' ? 'positive' : 'neutral',
    source: `nlupp/${row.domain}`,
  };
};

/** Reads every fold of both domains, folds in numeric order. */
export const readNlupp = (dir: string): NluppRow[] =>
  (['banking', 'hotels'] as const).flatMap((domain) => {
    const folder = resolve(dir, 'nlupp', domain);
    const folds = readdirSync(folder)
      .filter((f) => /^fold\d+\.json$/.test(f))
      .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
    return folds.flatMap((fold) =>
      (JSON.parse(readFileSync(resolve(folder, fold), 'utf8')) as { text: string; intents?: string[] }[]).map((r) => ({
        domain,
        text: r.text.trim(),
        intents: r.intents ?? [],
      })),
    );
  });
