import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Intent, Topic } from '../domain/classification.ts';
import type { TrainingExample } from '../domain/model/heads.ts';
import { serviceCue } from './cues.ts';

/**
 * CLINC150 (Larson et al. 2019, CC BY 3.0): queries to a virtual assistant, 150 intents in 10
 * domains, plus out-of-scope (`oos`) queries.
 *
 * - `small_talk`: chit-chat with the assistant → chatter; `thank_you` → praise. `tell_joke`,
 *   `fun_fact` and `what_can_i_ask_you` are requests to a bot, neither brand chatter nor a
 *   service need → left out.
 * - `oos` → chatter, except queries with a service word (`serviceCue`: "set a warning for when my
 *   bank account runs low" is a request) → left out.
 * - banking, credit cards, travel and a few home and dining intents are what a customer asks a
 *   bank, an airline or a shop → request, or complaint for the intents that report a problem
 *   (`complaints` below); topics from the table `topics`.
 * - the rest (utility, work, auto, kitchen, meta, most of home; travel trivia such as plug types
 *   or visas) is not addressed to a brand → left out.
 * Topic: none for chatter (the topic head learns from service needs, ideas and praise).
 * Sentiment: complaint → negative, praise → positive, request and chatter → neutral.
 */

const chatter = new Set([
  'greeting',
  'goodbye',
  'meaning_of_life',
  'who_made_you',
  'who_do_you_work_for',
  'do_you_have_pets',
  'what_are_your_hobbies',
  'what_is_your_name',
  'where_are_you_from',
  'are_you_a_bot',
  'how_old_are_you',
]);

const complaints = new Set([
  'account_blocked',
  'report_fraud',
  'card_declined',
  'damaged_card',
  'report_lost_card',
  'lost_luggage',
]);

/** Intents kept as requests or complaints, with their topic. */
const topics: Readonly<Record<string, Topic>> = {
  // banking
  freeze_account: 'account-access',
  routing: 'other',
  pin_change: 'account-access',
  bill_due: 'billing',
  pay_bill: 'billing',
  account_blocked: 'account-access',
  interest_rate: 'billing',
  min_payment: 'billing',
  bill_balance: 'billing',
  transfer: 'billing',
  order_checks: 'orders-delivery',
  balance: 'billing',
  spending_history: 'billing',
  transactions: 'billing',
  report_fraud: 'account-access',
  // credit cards
  replacement_card_duration: 'orders-delivery',
  expiration_date: 'other',
  damaged_card: 'lost-damaged-property',
  report_lost_card: 'lost-damaged-property',
  card_declined: 'outage-technical',
  credit_limit_change: 'billing',
  apr: 'billing',
  redeem_rewards: 'billing',
  credit_limit: 'billing',
  rewards_balance: 'billing',
  application_status: 'other',
  new_card: 'orders-delivery',
  international_fees: 'billing',
  // travel
  flight_status: 'travel-disruption',
  travel_alert: 'travel-disruption',
  travel_notification: 'other',
  carry_on: 'travel-disruption',
  lost_luggage: 'lost-damaged-property',
  book_flight: 'orders-delivery',
  book_hotel: 'orders-delivery',
  car_rental: 'orders-delivery',
  // home, dining
  order_status: 'orders-delivery',
  confirm_reservation: 'orders-delivery',
  cancel_reservation: 'orders-delivery',
};

export interface ClincRow {
  readonly text: string;
  readonly intent: string;
}

export const clincIntent = (row: ClincRow): Intent | undefined => {
  if (row.intent === 'oos') return serviceCue.test(row.text) ? undefined : 'chatter';
  if (chatter.has(row.intent)) return 'chatter';
  if (row.intent === 'thank_you') return 'praise';
  if (complaints.has(row.intent)) return 'complaint';
  if (row.intent in topics) return 'request';
  return undefined;
};

export const relabelClinc150 = (row: ClincRow): TrainingExample | undefined => {
  const intent = clincIntent(row);
  if (intent === undefined) return undefined;
  return {
    text: row.text,
    intent,
    ...(intent === 'chatter' ? {} : { topic: topics[row.intent] ?? 'other' }),
    sentiment: intent === 'complaint' ? 'negative' : intent === 'praise' ? 'positive' : 'neutral',
    source: 'clinc150',
  };
};

/** Reads every split of `data_full.json` (in-scope and out-of-scope), in file order. */
export const readClinc150 = (dir: string): ClincRow[] => {
  const data = JSON.parse(readFileSync(resolve(dir, 'clinc150', 'data_full.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return ['train', 'val', 'test', 'oos_train', 'oos_val', 'oos_test'].flatMap((split) =>
    (data[split] ?? []).map(([text, intent]) => ({ text, intent })),
  );
};
