import type { Topic } from '../../domain/classification.ts';
import type { TrainingExample } from '../../domain/model/heads.ts';
import { expand, type Slots } from './expand.ts';
import { brands, endings } from './social.ts';

/**
 * Hand-written idea and suggestion examples: there is no permissively licensed suggestion data.
 * Written for this project (not taken from any data set), expanded deterministically; intent
 * `idea`, topic of the suggestion's subject, sentiment neutral. Source `templates/ideas`.
 */

/** Suggestions, as a verb phrase ("add dark mode to the app") and as a noun phrase ("dark mode in the app"), per topic. */
const suggestions: Readonly<Record<Topic, { readonly verb: readonly string[]; readonly noun: readonly string[] }>> = {
  'outage-technical': {
    verb: [
      'add dark mode to the app',
      'let us save boarding passes offline',
      'add live chat to the app',
      'make the app remember my card',
      'add an offline mode to the app',
      'add a widget for my order status',
      'put a status page on the website',
      'let me scan receipts in the app',
    ],
    noun: [
      'dark mode in the app',
      'an offline mode',
      'a status page for outages',
      'live chat in the app',
      'a home screen widget',
    ],
  },
  'orders-delivery': {
    verb: [
      'offer evening delivery slots',
      'let me pick my delivery day',
      'text me before the courier arrives',
      'use less plastic in the packaging',
      'add parcel lockers at the station',
      'let me change the delivery address after ordering',
      'show a live map for deliveries',
    ],
    noun: [
      'evening delivery slots',
      'weekend delivery',
      'parcel lockers',
      'plastic free packaging',
      'a live delivery map',
    ],
  },
  'travel-disruption': {
    verb: [
      'put power outlets at every seat',
      'board the plane back to front',
      'text us when the gate changes',
      'offer free wifi on long flights',
      'add a quiet carriage on the morning train',
      'add more legroom in economy',
      'run a later train on fridays',
      'let families board together',
    ],
    noun: [
      'a quiet carriage',
      'free wifi on board',
      'power outlets at every seat',
      'gate change alerts by text',
      'a later train on fridays',
    ],
  },
  billing: {
    verb: [
      'offer a student discount',
      'let me pay in monthly instalments',
      'show prices with tax included',
      'start a loyalty programme',
      'drop the fee for paper bills',
      'let me split the bill in the app',
      'give points for every purchase',
    ],
    noun: ['a student discount', 'a loyalty scheme', 'monthly payment plans', 'a family plan', 'price alerts'],
  },
  'store-staff': {
    verb: [
      'open the store earlier on weekends',
      'add more self checkouts',
      'open a branch in {Leeds|Denver|Madrid|Austin}',
      'put seats near the fitting rooms',
      'keep the counter open until 9',
      'add a quiet hour for autistic shoppers',
      'put water fountains in the stores',
    ],
    noun: [
      'more self checkouts',
      'a store in {Leeds|Denver|Madrid|Austin}',
      'longer opening hours',
      'a quiet hour',
      'seats near the fitting rooms',
    ],
  },
  'product-quality': {
    verb: [
      'bring back the old recipe',
      'make the jeans in longer lengths',
      'sell the sauce in bigger bottles',
      'make a decaf version',
      'do these in more colours',
      'make a gluten free version',
      'add more vegan options to the menu',
      'bring back the {blue|green|red} one',
    ],
    noun: [
      'a decaf version',
      'more vegan options',
      'bigger sizes',
      'more colours',
      'a gluten free range',
      'the old recipe back',
    ],
  },
  'account-access': {
    verb: [
      'let me log in with face id',
      'add an authenticator app option for 2fa',
      'let me change my username',
      'let me stay logged in on my own laptop',
      'add passkeys',
    ],
    noun: ['face id login', 'passkeys', 'authenticator app support', 'a way to change usernames'],
  },
  'lost-damaged-property': {
    verb: ['put trackers on checked bags', 'let us track our luggage in the app', 'add a lost property form online'],
    noun: ['bag tracking in the app', 'an online lost property form', 'luggage trackers'],
  },
  other: {
    verb: [
      'do a collab with {local artists|a charity|a football club}',
      'sponsor the local {school|team}',
      'do a behind the scenes video',
    ],
    noun: ['a collab with local artists', 'more behind the scenes content', 'a podcast'],
  },
};

const verbIntros = [
  'you should',
  'you guys should',
  'you really should',
  'it would be {great|nice|awesome|so helpful} if you could',
  "{I'd|I would|we would} love it if you could",
  'why not',
  'why don’t you',
  'have you thought about how nice it would be to',
  'suggestion: please',
  'idea: {you could|why not}',
  'pls',
  'someone at {the company|head office} needs to',
  'it would make sense to',
  'consider this:',
];

const nounIntros = [
  'feature request:',
  'suggestion:',
  'idea:',
  "{I'd|I would|we would} love to see",
  'it would be {nice|great|cool} to have',
  'how about',
  'please bring in',
  'any plans for',
  'we need',
  '{wish|I wish} you had',
  'my two cents:',
  'hear me out:',
];

export const ideaExamples = (seed = 1, perPattern = 40): TrainingExample[] => {
  const examples: TrainingExample[] = [];
  for (const [topic, { verb, noun }] of Object.entries(suggestions) as [Topic, (typeof suggestions)[Topic]][]) {
    const slots: Slots = { brand: brands, ending: endings.idea, verb, noun, vintro: verbIntros, nintro: nounIntros };
    const texts = [
      ...expand('<brand> <vintro> <verb><ending>', slots, perPattern, seed),
      ...expand('<brand> <nintro> <noun><ending>', slots, Math.round(perPattern / 2), seed),
      ...expand('<vintro> <verb><ending> <brand>', slots, Math.round(perPattern / 4), seed),
    ];
    for (const text of texts)
      examples.push({ text, intent: 'idea', topic, sentiment: 'neutral', source: 'templates/ideas' });
  }
  return examples;
};
