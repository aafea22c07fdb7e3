import { describe, expect, it } from 'vitest';
import { relabelBanking77 } from '../../lambdas/model-training/relabel-banking77.ts';
import { relabelClinc150 } from '../../lambdas/model-training/relabel-clinc150.ts';
import { relabelDstc11 } from '../../lambdas/model-training/relabel-dstc11.ts';
import { relabelGoEmotions } from '../../lambdas/model-training/relabel-goemotions.ts';
import { relabelNlupp } from '../../lambdas/model-training/relabel-nlupp.ts';
import { relabelSmsSpam } from '../../lambdas/model-training/relabel-sms-spam.ts';

const labels = (e: { intent?: string; topic?: string; sentiment?: string } | undefined) =>
  e === undefined ? undefined : { intent: e.intent, topic: e.topic, sentiment: e.sentiment };

describe('relabelBanking77', () => {
  it.each([
    ['I am still waiting on my card?', 'card_arrival', 'complaint', 'orders-delivery', 'negative'],
    [
      'Can I track my card while it is in the process of delivery?',
      'card_arrival',
      'request',
      'orders-delivery',
      'neutral',
    ],
    ['Why has my card been declined?', 'declined_card_payment', 'complaint', 'outage-technical', 'negative'],
    ['How do I check security settings on my card?', 'card_not_working', 'request', 'outage-technical', 'neutral'],
    ['I was charged two times for the same thing.', 'transaction_charged_twice', 'complaint', 'billing', 'negative'],
    [
      "I can't find my card! What should I do?",
      'lost_or_stolen_card',
      'complaint',
      'lost-damaged-property',
      'negative',
    ],
    ['How is the exchange rate doing?', 'exchange_rate', 'request', 'billing', 'neutral'],
    ['Do you have to be in the UK to get a card?', 'country_support', 'request', 'other', 'neutral'],
    [
      'I entered the wrong pin too many times and now it is blocked',
      'pin_blocked',
      'complaint',
      'account-access',
      'negative',
    ],
  ])('%j (%s) → %s / %s / %s', (text, category, intent, topic, sentiment) => {
    // Arrange / Act
    const example = relabelBanking77({ text, category });
    // Assert
    expect(labels(example)).toEqual({ intent, topic, sentiment });
    expect(example.source).toBe('banking77');
  });
});

describe('relabelNlupp', () => {
  it.each<[string[], string | undefined, string | undefined]>([
    [['wrong_notworking_notshowing', 'refund'], 'complaint', 'billing'],
    [['lost_stolen', 'card'], 'complaint', 'lost-damaged-property'],
    [['thank'], 'praise', 'other'],
    [['thank', 'request_info', 'balance'], 'request', 'billing'],
    [['spa', 'handoff'], 'request', 'store-staff'],
    [['booking', 'change'], 'request', 'orders-delivery'],
    [['greet'], 'chatter', undefined],
  ])('%j → %s, topic %s', (intents, intent, topic) => {
    // Arrange / Act
    const example = relabelNlupp({ domain: 'hotels', text: 'some text', intents });
    // Assert
    expect(example?.intent).toBe(intent);
    expect(example?.topic).toBe(topic);
  });

  it.each([[['affirm']], [['deny', 'dont_know']], [[]]])('leaves out dialogue fragments %j', (intents) => {
    // Arrange / Act / Assert
    expect(relabelNlupp({ domain: 'banking', text: 'yes', intents })).toBeUndefined();
  });
});

describe('relabelClinc150', () => {
  it.each([
    ['how many moons does mars have', 'oos', 'chatter', undefined],
    ['hi how is everything', 'greeting', 'chatter', undefined],
    ['thank you for helping me', 'thank_you', 'praise', 'other'],
    ["i don't know where my luggage is", 'lost_luggage', 'complaint', 'lost-damaged-property'],
    ['i need to know when my flight is landing', 'flight_status', 'request', 'travel-disruption'],
    ["where's my package right now", 'order_status', 'request', 'orders-delivery'],
    ['help me please, my account is blocked', 'account_blocked', 'complaint', 'account-access'],
  ])('%j (%s) → %s, topic %s', (text, intent, ours, topic) => {
    // Arrange / Act
    const example = relabelClinc150({ text, intent });
    // Assert
    expect(example?.intent).toBe(ours);
    expect(example?.topic).toBe(topic);
  });

  it.each([
    ['set a warning for when my bank account starts running low', 'oos'],
    ['tell me something funny', 'tell_joke'],
    ["what's the weather like", 'weather'],
    ['what plug do i need in the uk', 'plug_type'],
  ])('leaves out %j (%s): a request to a bot or not addressed to a brand', (text, intent) => {
    // Arrange / Act / Assert
    expect(relabelClinc150({ text, intent })).toBeUndefined();
  });
});

describe('relabelDstc11', () => {
  it.each([
    ['I got billed twice for something. Can you help?', 'DisputeCharge', 'complaint', 'billing', 'negative'],
    ['Where is the nearest branch?', 'FindBranch', 'request', 'store-staff', 'neutral'],
    ['I need to reset my password', 'ResetPassword', 'request', 'account-access', 'neutral'],
  ])('%j (%s) → %s / %s / %s', (text, intent, ours, topic, sentiment) => {
    // Arrange / Act
    const example = relabelDstc11({ text, intent });
    // Assert
    expect(labels(example)).toEqual({ intent: ours, topic, sentiment });
  });

  it('leaves out market trivia', () => {
    expect(relabelDstc11({ text: 'What is the price of AAPL?', intent: 'GetStockQuote' })).toBeUndefined();
  });
});

describe('relabelGoEmotions', () => {
  it.each([
    ['Thank you so much, this made my day', ['gratitude'], 'praise', 'positive'],
    ['The customer service was awful and nobody helped', ['anger'], 'complaint', 'negative'],
    ['I hate mondays so much', ['annoyance'], undefined, 'negative'],
    ['The game starts at eight', ['neutral'], 'chatter', 'neutral'],
    ['I agree but this is sad', ['approval', 'sadness'], undefined, undefined],
  ])('%j %j → intent %s, sentiment %s', (text, emotions, intent, sentiment) => {
    // Arrange / Act
    const example = relabelGoEmotions({ text, emotions });
    // Assert
    if (intent === undefined && sentiment === undefined) expect(example).toBeUndefined();
    else {
      expect(example?.intent).toBe(intent);
      expect(example?.sentiment).toBe(sentiment);
      expect(example?.topic).toBeUndefined();
    }
  });

  it('gives ambiguous emotions nothing', () => {
    expect(relabelGoEmotions({ text: 'Wait, what?', emotions: ['confusion', 'surprise'] })).toBeUndefined();
  });
});

describe('relabelSmsSpam', () => {
  it('labels spam spam and personal messages chatter, with no topic or sentiment', () => {
    // Arrange / Act
    const spam = relabelSmsSpam({ label: 'spam', text: 'WINNER!! Claim your prize now' });
    const ham = relabelSmsSpam({ label: 'ham', text: 'see you at 8' });
    // Assert
    expect(labels(spam)).toEqual({ intent: 'spam', topic: undefined, sentiment: undefined });
    expect(labels(ham)).toEqual({ intent: 'chatter', topic: undefined, sentiment: undefined });
    expect(relabelSmsSpam({ label: 'other', text: 'x' })).toBeUndefined();
  });
});
