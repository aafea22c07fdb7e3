import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Intent, Topic } from '../domain/classification.ts';
import type { TrainingExample } from '../domain/model/heads.ts';

/**
 * DSTC11 track 2 (Gung et al. 2023, CDLA-Permissive-2.0): first customer turns to banking,
 * finance and insurance agents.
 *
 * Intent by the intent's name: disputes and reports of a problem (`DisputeCharge`,
 * `ReportBillingIssue`, `ReportLostStolenCard`) → complaint; market trivia with no account behind
 * it (`AskConsumerPriceIndex`, `GetTreasuryBondYield`, `GetStockQuote`) → left out; every other
 * intent asks an agent to do or tell something → request. Topic: the table `topics` (absent →
 * other). Sentiment: complaint → negative, request → neutral.
 */

const complaints = new Set(['DisputeCharge', 'ReportBillingIssue', 'ReportLostStolenCard']);
const leftOut = new Set(['AskConsumerPriceIndex', 'GetTreasuryBondYield', 'GetStockQuote']);

const topics: Readonly<Record<string, Topic>> = {
  DisputeCharge: 'billing',
  ReportBillingIssue: 'billing',
  ReportLostStolenCard: 'lost-damaged-property',
  PayBill: 'billing',
  UpdatePaymentPreference: 'billing',
  CheckPaymentStatus: 'billing',
  CancelAutomaticBilling: 'billing',
  UpdateBillingFrequency: 'billing',
  CheckAccountBalance: 'billing',
  GetQuote: 'billing',
  InternalFundsTransfer: 'billing',
  ExternalWireTransfer: 'billing',
  AskAboutTransferTime: 'billing',
  GetWithdrawalLimit: 'billing',
  CheckTransactionHistory: 'billing',
  AskAboutCashDeposits: 'billing',
  SetAutoPayment: 'billing',
  GetBankStatement: 'billing',
  MakeTransfer: 'billing',
  MakeCreditCardPayment: 'billing',
  ChangeStatementDelivery: 'billing',
  GetExchangeRate: 'billing',
  CancelCheck: 'billing',
  PayLoan: 'billing',
  CheckLoanBalance: 'billing',
  CheckCreditCardBalance: 'billing',
  ChangeAddress: 'account-access',
  CreateAccount: 'account-access',
  ResetPassword: 'account-access',
  ChangeSecurityQuestion: 'account-access',
  CloseBankAccount: 'account-access',
  CloseAccount: 'account-access',
  UpdatePhoneNumber: 'account-access',
  UpdateEmail: 'account-access',
  UpdateStreetAddress: 'account-access',
  SetUpOnlineBanking: 'account-access',
  OnlineBankingInfo: 'account-access',
  AddUserToAccount: 'account-access',
  ChangePin: 'account-access',
  FindAgent: 'store-staff',
  GetBranchHours: 'store-staff',
  FindBranch: 'store-staff',
  ScheduleAppointment: 'store-staff',
  OrderCheck: 'orders-delivery',
  RequestNewCard: 'orders-delivery',
};

export interface Dstc11Row {
  readonly text: string;
  readonly intent: string;
}

export const dstc11Intent = (intent: string): Intent | undefined =>
  leftOut.has(intent) ? undefined : complaints.has(intent) ? 'complaint' : 'request';

export const relabelDstc11 = (row: Dstc11Row): TrainingExample | undefined => {
  const intent = dstc11Intent(row.intent);
  if (intent === undefined) return undefined;
  return {
    text: row.text,
    intent,
    topic: topics[row.intent] ?? 'other',
    sentiment: intent === 'complaint' ? 'negative' : 'neutral',
    source: 'dstc11',
  };
};

export const dstc11Files = [
  'development-test-utterances.jsonl',
  'test-banking-test-utterances.jsonl',
  'test-finance-test-utterances.jsonl',
] as const;

export const readDstc11 = (dir: string): Dstc11Row[] =>
  dstc11Files.flatMap((file) =>
    readFileSync(resolve(dir, 'dstc11', file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const r = JSON.parse(line) as { utterance: string; intent: string };
        return { text: r.utterance.trim(), intent: r.intent };
      }),
  );
