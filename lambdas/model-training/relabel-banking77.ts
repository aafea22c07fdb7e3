import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Intent, Topic } from '../domain/classification.ts';
import type { TrainingExample } from '../domain/model/heads.ts';
import { howToCue, problemCue } from './cues.ts';

/**
 * Banking77 (Casanueva et al. 2020, CC BY 4.0): customer queries to a bank, 77 intents.
 *
 * Intent:
 * - `problem` categories report something that went wrong → complaint, unless the query is a
 *   plain how-to question with no problem cue ("How do I check security settings on my card?")
 *   → request;
 * - `mixed` categories hold both ("Can I track my card?" / "I am still waiting on my card") →
 *   complaint when the text has a problem cue (`cues.ts`), else request;
 * - every other category is a how-to or account question → request.
 * Sentiment: complaint → negative, request → neutral.
 * Topic: the table `topicOf` below.
 */

export const banking77Problem: ReadonlySet<string> = new Set([
  'Refund_not_showing_up',
  'balance_not_updated_after_bank_transfer',
  'balance_not_updated_after_cheque_or_cash_deposit',
  'card_not_working',
  'card_payment_not_recognised',
  'card_payment_wrong_exchange_rate',
  'card_swallowed',
  'cash_withdrawal_not_recognised',
  'compromised_card',
  'contactless_not_working',
  'declined_card_payment',
  'declined_cash_withdrawal',
  'declined_transfer',
  'direct_debit_payment_not_recognised',
  'extra_charge_on_statement',
  'failed_transfer',
  'lost_or_stolen_card',
  'lost_or_stolen_phone',
  'pin_blocked',
  'reverted_card_payment?',
  'top_up_failed',
  'top_up_reverted',
  'transaction_charged_twice',
  'transfer_not_received_by_recipient',
  'unable_to_verify_identity',
  'virtual_card_not_working',
  'wrong_amount_of_cash_received',
  'wrong_exchange_rate_for_cash_withdrawal',
]);

export const banking77Mixed: ReadonlySet<string> = new Set([
  'activate_my_card',
  'beneficiary_not_allowed',
  'cancel_transfer',
  'card_arrival',
  'card_delivery_estimate',
  'card_linking',
  'card_payment_fee_charged',
  'cash_withdrawal_charge',
  'get_physical_card',
  'passcode_forgotten',
  'pending_card_payment',
  'pending_cash_withdrawal',
  'pending_top_up',
  'pending_transfer',
  'request_refund',
  'topping_up_by_card',
  'transfer_fee_charged',
  'why_verify_identity',
]);

const topics: Readonly<Record<Exclude<Topic, 'other'>, readonly string[]>> = {
  billing: [
    'Refund_not_showing_up',
    'balance_not_updated_after_bank_transfer',
    'balance_not_updated_after_cheque_or_cash_deposit',
    'cancel_transfer',
    'card_payment_fee_charged',
    'card_payment_not_recognised',
    'card_payment_wrong_exchange_rate',
    'cash_withdrawal_charge',
    'cash_withdrawal_not_recognised',
    'direct_debit_payment_not_recognised',
    'exchange_charge',
    'exchange_rate',
    'extra_charge_on_statement',
    'pending_card_payment',
    'pending_cash_withdrawal',
    'pending_top_up',
    'pending_transfer',
    'request_refund',
    'reverted_card_payment?',
    'top_up_by_bank_transfer_charge',
    'top_up_by_card_charge',
    'top_up_limits',
    'transaction_charged_twice',
    'transfer_fee_charged',
    'transfer_not_received_by_recipient',
    'transfer_timing',
    'wrong_amount_of_cash_received',
    'wrong_exchange_rate_for_cash_withdrawal',
    'automatic_top_up',
    'topping_up_by_card',
    'top_up_by_cash_or_cheque',
    'transfer_into_account',
    'receiving_money',
  ],
  'orders-delivery': [
    'card_arrival',
    'card_delivery_estimate',
    'order_physical_card',
    'getting_spare_card',
    'card_about_to_expire',
    'get_physical_card',
    'getting_virtual_card',
    'visa_or_mastercard',
  ],
  'outage-technical': [
    'card_not_working',
    'contactless_not_working',
    'virtual_card_not_working',
    'declined_card_payment',
    'declined_cash_withdrawal',
    'declined_transfer',
    'failed_transfer',
    'top_up_failed',
    'top_up_reverted',
    'beneficiary_not_allowed',
    'apple_pay_or_google_pay',
    'card_linking',
  ],
  'account-access': [
    'pin_blocked',
    'change_pin',
    'passcode_forgotten',
    'activate_my_card',
    'verify_my_identity',
    'why_verify_identity',
    'unable_to_verify_identity',
    'edit_personal_details',
    'terminate_account',
    'verify_top_up',
    'compromised_card',
  ],
  'lost-damaged-property': ['card_swallowed', 'lost_or_stolen_card', 'lost_or_stolen_phone'],
  'product-quality': [],
  'store-staff': [],
  'travel-disruption': [],
};

const topicByCategory = new Map<string, Topic>(
  Object.entries(topics).flatMap(([topic, categories]) => categories.map((c) => [c, topic as Topic] as const)),
);

/** Our topic for a Banking77 category (`other` for cards, currencies and limits questions). */
export const banking77Topic = (category: string): Topic => topicByCategory.get(category) ?? 'other';

export const banking77Intent = (category: string, text: string): Intent => {
  const problem = problemCue.test(text);
  if (banking77Problem.has(category)) return problem || !howToCue.test(text) ? 'complaint' : 'request';
  if (banking77Mixed.has(category)) return problem ? 'complaint' : 'request';
  return 'request';
};

export interface Banking77Row {
  readonly text: string;
  readonly category: string;
}

export const relabelBanking77 = (row: Banking77Row): TrainingExample => {
  const intent = banking77Intent(row.category, row.text);
  return {
    text: row.text,
    intent,
    topic: banking77Topic(row.category),
    sentiment: intent === 'complaint' ? 'negative' : 'neutral',
    source: 'banking77',
  };
};

/** Reads `train.csv` and `test.csv` (both: this model has its own held-out split). */
export const readBanking77 = (dir: string): Banking77Row[] =>
  ['train.csv', 'test.csv'].flatMap((file) =>
    (
      parseCsv(readFileSync(resolve(dir, 'banking77', file), 'utf8'), {
        columns: true,
        skip_empty_lines: true,
        bom: true,
      }) as Record<string, string>[]
    ).map((r) => ({ text: (r.text ?? '').trim(), category: r.category ?? '' })),
  );
