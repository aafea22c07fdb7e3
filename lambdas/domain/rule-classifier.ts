import type { Classification, Intent, Priority, Topic, UrgencySignal } from './classification.ts';
import type { Mention } from './mention.ts';

/**
 * A transparent rule baseline: word lists, a handful of precedence rules and a confidence that
 * says how strongly the signals agree. Every decision names the words that made it.
 *
 * How it reads a mention:
 * 1. normalise: lower-case, straight apostrophes, one space; links counted and dropped, @handles
 *    dropped, `#tag` read as `tag`.
 * 2. one pass finds every signal word (complaint, request, idea, praise, spam, safety, legal,
 *    churn, outage, vulnerable customer, negated phrases, contrast words, common English words).
 *    Matching is case-insensitive, on Unicode word boundaries, leftmost and non-overlapping, and
 *    where phrases start at the same word the one listed first wins, so a phrase consumes its
 *    words: "not working" is a complaint, "no problem" (a negated phrase) hides "problem" and
 *    "not great" is a complaint, not praise. Strong terms weigh 2, weak terms 1; each distinct
 *    word counts once.
 * 3. a second pass finds topic words; the topic with the highest weight wins, ties going to the
 *    more specific topic (the order of `topicLexicons`).
 * 4. precedence: spam, then service needs (complaint, request) unless an idea or praise clearly
 *    outweighs them, then idea, praise, chatter. Praise and a problem joined by "but" are decided
 *    by what follows the "but".
 * 5. priority from safety, legal, outage, churn and vulnerability words and the author's reach;
 *    confidence from how much evidence there is and how much of it disagrees.
 */
export const ruleModelVersion = 'rules-1.0.0';

/** Followers from which a public complaint is treated as high reach. */
export const highReachFollowers = 10_000;

/** What the rules look at. `direct` and `author` are the normalised mention's. */
export type RuleInput = Pick<Mention, 'text' | 'direct' | 'author'>;

// ---------------------------------------------------------------------------------------------
// Lexicons. Terms are regular-expression sources matched against lower-cased, normalised text;
// `words` are matched on word boundaries, `marks` (emoji, punctuation) anywhere.
// ---------------------------------------------------------------------------------------------

interface TermList {
  readonly words?: readonly string[];
  readonly marks?: readonly string[];
}
interface Lexicon {
  readonly strong?: TermList;
  readonly weak?: TermList;
}

const NT = "n'?t"; // "n't" with or without the apostrophe
const negatedAux = `(?:does${NT}|does not|don'?t|do not|is${NT}|is not|are${NT}|are not|won'?t|will not|can'?t|cannot|could${NT}|could not|did${NT}|did not|would${NT}|would not|has${NT}|has not|have${NT}|have not|was${NT}|was not)`;

/** Signal categories found by the main pass, in precedence order where phrases overlap. */
const signalLexicons = {
  /** Negated problems: matched first so that their words count for nothing. */
  negated: {
    weak: {
      words: [
        'no (?:problems?|issues?|worries|complaints?|idea|rush|pressure|delays?|trouble|fuss|hassle)',
        'not (?:a|any|one) (?:problem|issue|complaint)',
        'not (?:too |that |so )?bad',
        'nothing wrong',
        'never (?:had )?(?:a |any )?(?:problems?|issues?|complaints?|delays?)',
        'without (?:any |a )?(?:problems?|issues?|hitch|hitches|delays?|fuss|hassle)',
        "(?:problem|issue|it|all|everything)(?:'s| is| was| has been| got)? (?:solved|resolved|fixed|sorted)",
        'free (?:delivery|shipping|returns|upgrade|wi-?fi)',
        'never (?:let (?:me|us) down|disappoints?)',
        '(?:touch(?:ed|es)?|lay|sit|calm|slow|settle|wind|turn(?:ed)?) (?:\\w+ )?down',
        'bad weather',
      ],
    },
  },
  safety: {
    strong: {
      words: [
        'injured',
        'injury',
        'injuries',
        'unsafe',
        'emergency',
        'gas leak',
        'carbon monoxide',
        'electric shock',
        'electrocuted',
        'explod(?:ed|ing)',
        'caught fire',
        'on fire',
        'bleeding',
        'ambulance',
        'allergic reaction',
        'anaphyla(?:xis|ctic)',
        'choking',
        'assaulted',
        'stranded with (?:my |a |our |two |three |\\d+ )?(?:child|children|kids?|baby|babies|toddlers?|infant|newborn)',
        'unaccompanied minor',
      ],
    },
    weak: {
      words: [
        'fire',
        'smoke',
        'smoking',
        'hurt',
        'dangerous',
        'danger',
        'burn(?:s|ed)?',
        'hospital',
        'harass(?:ed|ment)',
        'sparking',
        'threatened',
      ],
    },
  },
  legal: {
    strong: {
      words: [
        'lawyers?',
        'solicitors?',
        'attorneys?',
        'sue',
        'suing',
        'sued',
        'lawsuit',
        'legal action',
        'class action',
        'small claims',
        'court',
        'regulators?',
        'ombudsman',
        'chargeback',
        'trading standards',
        'report(?:ing)? you to',
        'better business bureau',
        'bbb',
        'fca',
        'ofcom',
        'ofgem',
        'ftc',
        'cfpb',
        'gdpr',
        'data breach',
      ],
    },
  },
  churn: {
    strong: {
      words: [
        'cancel(?:l?ing)? my (?:account|subscription|contract|membership|plan)',
        'clos(?:e|ing) my account',
        'switch(?:ing|ed) to',
        'taking my (?:business|money|custom) elsewhere',
        'never (?:again|using you|flying with you|shopping with you|ordering from you|buying from you)',
        'done with you',
        "won'?t be (?:back|using you|flying with you|ordering|shopping)",
        'leaving you',
        'port(?:ing)? my number',
      ],
    },
  },
  outage: {
    strong: {
      words: [
        'outages?',
        '(?:app|site|website|internet|wi-?fi|network|server|servers|system|service|broadband|signal|payments?) (?:is |are |went |has gone |still |keeps going )?down',
        '(?:is|are|was|went|goes|been|still) down',
        'down again',
        'no (?:signal|service|internet|connection|power|wi-?fi|network|broadband|dial tone)',
        'offline',
        'not loading',
        `(?:won'?t|will not|does${NT}|does not) load`,
        "(?:can'?t|cannot|unable to) connect",
        'keeps? (?:crashing|dropping|disconnecting|freezing)',
        'crash(?:es|ed|ing)?',
        'server error',
        'blackout',
        'power cut',
      ],
    },
  },
  complaint: {
    strong: {
      words: [
        // Spanish, French and German: the supported languages besides English.
        'no (?:ha|han) llegado',
        'todav[ií]a no',
        'sigo esperando',
        'reembolso',
        'cancelad[oa]s?',
        'retrasad[oa]s?',
        'perdid[oa]s?',
        'no funciona',
        'cobrad[oa] dos veces',
        'nadie (?:responde|contesta)',
        'p[ée]sim[oa]',
        "(?:n'est|ne sont) (?:pas|toujours pas) arriv[ée]e?s?",
        'pas (?:encore )?re[çc]u',
        'toujours pas',
        'remboursement',
        'annul[ée]e?s?',
        'en retard',
        'ne (?:fonctionne|marche) (?:pas|plus)',
        'personne ne r[ée]pond',
        'inadmissible',
        'nicht angekommen',
        'noch nicht (?:angekommen|erhalten|geliefert|da)',
        'warte (?:immer )?noch',
        'r[üu]ckerstattung',
        'erstattung',
        'storniert',
        'versp[äa]t(?:et|ung)',
        'verloren',
        'kaputt',
        'besch[äa]digt',
        'funktioniert (?:nicht|immer noch nicht)',
        'doppelt abgebucht',
        'keine antwort',
        'frechheit',
        "still (?:waiting|no|not|nothing|haven'?t|hasn'?t|didn'?t|can'?t|cannot|don'?t|doesn'?t|won'?t|isn'?t|aren'?t|missing|broken|stuck|delayed|charging|on hold)",
        `(?:has|have|had)(?:${NT}| not) (?:arrived|come|turned up|received|heard back|been (?:delivered|refunded|fixed|resolved|sorted|answered))`,
        '(?:never|not yet) (?:arrived|came|received|got|turned up|showed up|delivered|refunded|fixed|resolved|heard back)',
        'not (?:received|arrived|delivered|working|responding|refunded|resolved|fixed|happy|good enough|good|great|acceptable|impressed|ok|okay|helpful|fair|right)',
        `${negatedAux} (?:work|working|arrive|get through|get hold|log ?in|sign in|access|respond|reply|turn on|start|let me|fit|match|help|book|find|board|load|accept)`,
        'stopped working',
        'keeps? (?:failing|breaking|cancell?ing|charging me|happening|getting worse)',
        'broken',
        'broke',
        'faulty',
        'defective',
        'damaged',
        'missing',
        'lost',
        'stolen',
        'cancell?ed',
        'delayed',
        'overcharged',
        'double charged',
        'charged (?:me )?twice',
        'wrong (?:item|order|size|colou?r|amount|charge|address|product|parcel|bill|seat|flight|booking|card)',
        'refunds?',
        "where(?:'s| is| are) (?:my|our|the)",
        "what(?:'s| is) going on",
        'unacceptable',
        'disgraceful',
        'appalling',
        'worst',
        'complain(?:t|ts|ing|ed)?',
        'hacked',
        'locked out',
        'stranded',
        'overbooked',
        'let (?:me|us) down',
        'waste of (?:time|money)',
        'ripped off',
        'rip ?off',
        'thanks for nothing',
        'no (?:response|reply|answer|refund|update|help|way to)',
        'no one (?:is )?(?:answering|responding|helping|answers|responds|helps|picks up)',
        '(?:hours?|days?|weeks?|months?) (?:on hold|waiting|late|and still)',
        'on hold for',
        '(?:been|was|is|were|are|got) (?:charged|billed) (?:twice|again|wrongly|incorrectly)',
        'account (?:has been |was |got |is )?(?:locked|suspended|disabled|blocked|frozen|closed)',
        '(?:was|been|got|is) (?:disabled|suspended|blocked|frozen)',
        '(?:is|are|was|so|very|really|always|again|running|arrived|still) late',
        '(?:sort|fix) (?:this|it) out',
        'you (?:lost|broke|damaged|cancell?ed|overcharged)',
        'hung up',
        '(?:hours?|hrs?|mins?|minutes) (?:on hold|wait(?:ing)?|in (?:a |the )?(?:queue|line))',
        'missed (?:my |our |the )?(?:connection|connecting flight|flight|train)',
        'refused',
        'wasted',
        'no (?:information|announcement|communication|updates?|answers?)',
      ],
    },
    weak: {
      words: [
        'late',
        'delays?',
        'problems?',
        'issues?',
        'errors?',
        'fail(?:s|ed|ure)?',
        'bad',
        'poor',
        'wrong',
        'sucks',
        'terrible',
        'awful',
        'horrible',
        'disgusting',
        'ridiculous',
        'pathetic',
        'useless',
        'rubbish',
        'shocking',
        'dreadful',
        'unhappy',
        'upset',
        'annoy(?:ed|ing)',
        'angry',
        'furious',
        'frustrat(?:ed|ing)',
        'fed up',
        'sick of',
        'disappoint(?:ed|ing)',
        'rude',
        'stuck',
        'waiting',
        'waited',
        'nobody',
        'ignor(?:ed|ing)',
        'scam',
        'fraud',
        'nightmare',
        'mess',
        'hate',
        'joke',
        'crap(?:py)?',
        'shame',
        'absurd',
        'unbelievable',
        'embarrass(?:ed|ing)',
        'insane',
        'suck',
        'smh',
        'ugh',
        'wtf',
        // a few non-English problem phrases: weak, so they reach a human rather than a queue
        'no funciona',
        'ne (?:marche|fonctionne) pas',
        'funktioniert nicht',
        'não funciona',
        'non funziona',
        'reembolso',
        'remboursement',
        'rückerstattung',
      ],
      marks: ['😡', '🤬', '😤', '👎', '💔', '😠', '🙄', '😩', '😫', '😞', '😢', '😭', '😥', ':-?\\(+'],
    },
  },
  spam: {
    strong: {
      words: [
        'free (?:followers|likes|views|subscribers|money|crypto|bitcoin|gifts?|iphones?|giveaway|cash)',
        '(?:buy|get|gain|grow) (?:\\d+k? )?(?:real )?(?:followers|likes|views|subscribers)',
        'click (?:here|the link|this link|link|below)',
        'crypto(?:currency)?',
        'bitcoin',
        'btc',
        'eth(?:ereum)?',
        'usdt',
        'nfts?',
        'airdrop',
        'giveaway',
        'promo(?:tion(?:al)?)? code',
        'discount code',
        'use (?:my |the )?code',
        'coupons?',
        'limited(?: time)? offer',
        'act now',
        'earn (?:[$£€] ?\\d+|money|cash|\\d+)',
        'make (?:money|[$£€] ?\\d+)',
        'work from home',
        '100% free',
        'claim (?:your|now|it)',
        "you(?:'ve| have) won",
        'winner',
        'link in (?:my )?bio',
        'check (?:out )?my (?:profile|bio|page|channel|store|shop)',
        'follow (?:me|back)',
        'f4f',
        'double your',
        'investment (?:opportunity|plan|platform)',
        'dm (?:me )?for (?:promo|promotion|collab|collaboration|details|more)',
        'whatsapp',
        'telegram',
        'onlyfans',
        'casino',
        'betting tips',
        'guaranteed (?:profits?|returns|income)',
      ],
    },
    weak: {
      words: ['free', 'win', 'promo', 'offer', 'deals?', 'discount', 'prizes?', 'visit', 'subscribe', 'sale'],
      marks: ['\\$\\$+', '💰', '🚀', '🤑', '💸', '💎'],
    },
  },
  idea: {
    strong: {
      words: [
        'you (?:guys |all |really |seriously )?should (?:add|make|have|offer|open|bring|start|do|consider|introduce|let|allow|sell|stock|try|think|get)',
        "y'?all should",
        '(?:it )?would be (?:great|nice|cool|awesome|good|amazing|helpful|better|lovely|brilliant|handy|useful) (?:if|to)',
        'suggestions?',
        'suggest',
        'feature request',
        'please (?:add|bring back|consider|introduce|stock|offer)',
        'wish (?:you|there was|there were|it)',
        'why not (?:add|offer|have|make|introduce)',
        "why don'?t you",
        'how about (?:adding|offering|making|a|an|some)',
        'would love (?:it if|to see|if|a|an|some)',
        '(?:could|can) you (?:please )?(?:add|offer|make|bring|introduce|stock|consider)',
        'consider (?:adding|offering|making|bringing)',
        'ideas?',
      ],
    },
    weak: { words: ['feedback', 'improvements?', 'option to'] },
  },
  request: {
    strong: {
      words: [
        'necesito',
        'ayuda',
        'c[oó]mo (?:puedo|hago)',
        "j'ai besoin",
        'aidez-moi',
        'comment (?:puis-je|faire)',
        'pouvez-vous',
        'brauche',
        'hilfe',
        'wie kann ich',
        'k[öo]nnen sie',
        'how (?:do|can|should|would|long) (?:i|we|you|it)',
        'how to',
        'can (?:you|u|someone|anyone|i|we)',
        'could (?:you|u|someone|anyone|i|we)',
        'would you',
        'will you',
        'please (?:help|advise|assist|dm|message|call|check|confirm|send|update|let (?:me|us) know|respond|reply|fix|look|sort|contact|reach out|tell)',
        'help me',
        '(?:i|we) need (?:help|to|a|an|my|some|someone|assistance)',
        'need (?:help|assistance|to (?:change|cancel|update|know|speak|talk|get|return|book|reset))',
        "(?:i'?d|i would|we'?d|we would) like (?:to|a|an|my|some)",
        '(?:i|we) want (?:to|a|an|my)',
        'is there (?:a way|any way|anyone|someone|an update)',
        'is it possible',
        'any (?:update|news|info|information|idea when|ideas)',
        'status (?:of|on|update|please)',
        'when (?:will|is|does|do|can|are|should)',
        "what (?:time|is the|are the|'s the|happens|should|do|can)",
        '(?:do|does) (?:you|anyone) (?:have|sell|offer|ship|deliver|know|accept|do|open)',
        '(?:who|where) (?:do|can|should) (?:i|we)',
        '(?:dm|message|call|email) me',
        '(?:reset|change|update|cancel|transfer|upgrade|downgrade) (?:my|our)',
        'rebook',
        'reschedule',
        'track (?:my|an|the)',
        'quick question',
        'find my',
      ],
    },
    weak: {
      words: ['help', 'questions?', 'assistance', 'please', 'pls', 'plz', 'asap', 'urgent(?:ly)?'],
      marks: ['\\?'],
    },
  },
  praise: {
    strong: {
      words: [
        'thank(?:s| you| u)(?: so much| very much| again)? for',
        'love',
        'loved',
        'loving',
        'amazing',
        'awesome',
        'excellent',
        'fantastic',
        'brilliant',
        'outstanding',
        'superb',
        'wonderful',
        'perfect',
        'kudos',
        'shout ?outs?',
        'well done',
        'above and beyond',
        'top notch',
        '(?:5|five) stars',
        'best (?:service|experience|customer service|airline|staff|team|ever)',
        '(?:so|very|really|super) (?:helpful|happy|pleased|impressed|grateful|quick|fast|friendly|easy)',
        'impressed',
        'appreciated?',
        'grateful',
        'delighted',
      ],
    },
    weak: {
      words: [
        'thanks',
        'thank you',
        'thank u',
        'thx',
        'cheers',
        'great',
        'good',
        'nice',
        'lovely',
        'happy',
        'pleased',
        'helpful',
        'friendly',
        'quick',
        'fast',
        'smooth',
        'easy',
        'best',
        'glad',
      ],
      marks: ['❤', '😍', '🥰', '🙏', '👏', '🙌', '😊', '💯', '👍', '⭐', '🌟', '🎉', '💙', '💚', '💜'],
    },
  },
  vulnerable: {
    weak: {
      words: [
        'disabled',
        'disability',
        'elderly',
        'wheelchair',
        'medication',
        'medicine',
        'insulin',
        'oxygen',
        'pregnant',
        'blind',
        'deaf',
        'dementia',
        'carer',
        'care home',
        'dialysis',
        'vulnerable',
        'mobility (?:scooter|aid)',
        'special assistance',
        'hearing aid',
        'guide dog',
      ],
    },
  },
  contrast: { weak: { words: ['but', 'however', 'although', 'though', 'yet', 'except', 'unfortunately'] } },
  /** Common English words: tell "nothing matched" from "a language the rules do not read". */
  english: {
    weak: {
      words: [
        'the',
        'a',
        'an',
        'my',
        'i',
        "i'm",
        'im',
        'you',
        'your',
        'is',
        'are',
        'was',
        'were',
        'to',
        'and',
        'it',
        "it's",
        'for',
        'of',
        'in',
        'on',
        'me',
        'we',
        'our',
        'this',
        'that',
        'with',
        'at',
        'have',
        'has',
        'had',
        'not',
        'no',
        'just',
        'so',
        'be',
        'been',
        'can',
        'do',
        'did',
        'get',
        'got',
        'what',
        'why',
        'how',
        'when',
        'where',
        'from',
        'they',
        'today',
        'now',
        'all',
        'out',
        'up',
      ],
    },
  },
} as const satisfies Record<string, Lexicon>;

type Signal = keyof typeof signalLexicons;
type TopicKey = Exclude<Topic, 'other'>;

/** Topic words, in tie-break order: the more specific topic first. */
const topicLexicons = {
  'lost-damaged-property': {
    strong: {
      words: [
        'equipaje',
        'maletas?',
        'bagages?',
        'valises?',
        'gep[äa]ck',
        'koffer',
        'luggage',
        'baggage',
        'suitcases?',
        'lost property',
        'left behind',
        'lost (?:my |our )?(?:bags?|luggage|suitcase|wallet|phone|keys|card|items?|belongings|coat|laptop)',
        'damaged (?:bags?|luggage|suitcase|items?|goods)',
        'stolen',
        'belongings',
      ],
    },
    weak: { words: ['lost', 'bags?', 'missing', 'damaged', 'wallet'] },
  },
  'travel-disruption': {
    strong: {
      words: [
        'vuelos?',
        'vols?',
        'fl[üu]ge?',
        'z[üu]ge?',
        'aeropuerto',
        'a[ée]roport',
        'flughafen',
        'correspondance',
        'conexi[oó]n',
        'anschlussflug',
        // staff phrases that start with a travel word belong to store-staff
        'flights?(?! attendant)',
        'trains?',
        'plane',
        'airport',
        'boarding',
        'gate(?! agent)',
        'departures?',
        'layover',
        'missed (?:my |our )?connection',
        'connecting flight',
        'rebook(?:ed|ing)?',
        'diverted',
        'tarmac',
        'runway',
        'platform',
        'stranded',
        'pilot',
        'terminal',
        'journey',
        'overbooked',
        'bus',
        'ferry',
      ],
    },
    weak: {
      words: [
        'delays?',
        'delayed',
        'cancell?ed',
        'cancell?ation',
        'late',
        'tickets?',
        'trip',
        'seats?',
        'crew',
        'travel(?:l?ing)?',
      ],
    },
  },
  'account-access': {
    strong: {
      words: [
        'mi cuenta',
        'contrase[ñn]a',
        'mon compte',
        'mot de passe',
        'mein(?:em)? konto',
        'passwort',
        'log ?in',
        'logged out',
        'sign ?in',
        'passwords?',
        'locked out',
        'hacked',
        '2fa',
        'two[- ]factor',
        'verification code',
        'one[- ]time (?:code|passcode)',
        'otp',
        'username',
        'pin',
        'account (?:locked|suspended|disabled|blocked|hacked)',
      ],
    },
    weak: { words: ['account', 'profile', 'verify', 'verification', 'email', 'access'] },
  },
  'outage-technical': {
    strong: {
      words: [
        'outages?',
        'offline',
        'website',
        'app',
        'wi-?fi',
        'broadband',
        'internet',
        'signal',
        'servers?',
        'error (?:code|message)',
        'crash(?:es|ed|ing)?',
        'bug',
        'glitch',
        'not loading',
        "won'?t load",
        'no service',
        'power cut',
      ],
    },
    weak: { words: ['site', 'online', 'system', 'network', 'connection', 'update', 'page', 'errors?'] },
  },
  billing: {
    strong: {
      words: [
        'facturas?',
        'factures?',
        'rechnung(?:en)?',
        'cobros?',
        'pr[ée]l[èe]vements?',
        'abbuchung(?:en)?',
        'bills?',
        'billing',
        'billed',
        'invoices?',
        'overcharged',
        'charged (?:me )?twice',
        'double charged',
        'refunds?',
        'refunded',
        'direct debit',
        'subscription',
        'payments?',
        'fees?',
        'money back',
        'statement',
        'chargeback',
      ],
    },
    weak: {
      words: ['charged?', 'charges', 'paid', 'pay', 'price', 'cost', 'money', 'card', 'credit'],
      marks: ['[$£€] ?\\d+(?:[.,]\\d+)?'],
    },
  },
  'orders-delivery': {
    strong: {
      words: [
        'pedidos?',
        'paquetes?',
        'env[ií]os?',
        'commandes?',
        'colis',
        'livraisons?',
        'bestellung(?:en)?',
        'pakete?',
        'lieferung(?:en)?',
        'orders?',
        'ordered',
        'parcels?',
        'packages?',
        'delivery',
        'deliveries',
        'delivered',
        'courier',
        'tracking',
        'shipment',
        'shipped',
        'shipping',
        'dispatch(?:ed)?',
        'click (?:and|&) collect',
      ],
    },
    weak: { words: ['arrived?', 'items?', 'box', 'driver', 'postman', 'collection', 'returns?'] },
  },
  'product-quality': {
    strong: {
      words: [
        'faulty',
        'defective',
        'stopped working',
        'poor quality',
        'quality',
        'fell apart',
        'expired',
        'mou?ldy',
        'stale',
        'leak(?:s|ing)',
        'tastes? (?:off|funny|weird|bad|awful)',
        'smells?',
        'recall',
        'warranty',
        'broke after',
        'ingredients',
      ],
    },
    weak: { words: ['product', 'broken', 'broke', 'cheap', 'flimsy'] },
  },
  'store-staff': {
    strong: {
      words: [
        'stores?',
        'shop',
        'branch',
        'staff',
        'employees?',
        'cashier',
        'shop assistant',
        'customer service',
        'flight attendants?',
        'gate agent',
        'agents?',
        'checkout',
        'till',
        'security guard',
        'receptionist',
        'call (?:centre|center)',
      ],
    },
    weak: { words: ['manager', 'queue', 'service', 'team', 'on hold', 'rude', 'representative', 'rep'] },
  },
} as const satisfies Record<TopicKey, Lexicon>;

// ---------------------------------------------------------------------------------------------
// Compilation (once, at module load)
// ---------------------------------------------------------------------------------------------

/*
 * One big alternation of a few hundred phrases is slow to try at every word: the engine tests the
 * phrases one by one. So phrases are bucketed by the character they can start with, and at each
 * word start only that character's bucket is tried (a sticky regex, phrases in lexicon order, so
 * the first listed wins where phrases overlap). Marks (emoji, punctuation) get one small regex.
 */

interface Group<K extends string> {
  readonly key: K;
  readonly weight: number;
}
interface Compiled<K extends string> {
  /** Sticky regexes per first character; capture group i + 1 is `groups[i]`. */
  readonly buckets: ReadonlyMap<string, { readonly pattern: RegExp; readonly groups: readonly Group<K>[] }>;
  readonly marks: { readonly pattern: RegExp; readonly groups: readonly Group<K>[] } | undefined;
}

const wordCharPattern = /[\p{L}\p{N}_]/u;
const digits = '0123456789';

interface First {
  /** Characters a match can start with; undefined when unknown. */
  readonly chars: Set<string> | undefined;
  /** Whether the parsed part can match the empty string. */
  readonly nullable: boolean;
  readonly end: number;
}

const union = (a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined =>
  a === undefined || b === undefined ? undefined : new Set([...a, ...b]);

/** Parses a character class starting at `[`; returns its characters (small classes only). */
const firstOfClass = (source: string, start: number): First => {
  const chars = new Set<string>();
  let known = source[start + 1] !== '^';
  let i = start + 1;
  for (; i < source.length && source[i] !== ']'; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const escaped = source[++i] ?? '';
      if (escaped === 'd') for (const d of digits) chars.add(d);
      else if (/[a-zA-Z]/u.test(escaped)) known = false;
      else chars.add(escaped);
    } else if (source[i + 1] === '-' && source[i + 2] !== ']' && i + 2 < source.length) {
      const to = (source[i + 2] ?? '').charCodeAt(0);
      for (let code = c.charCodeAt(0); code <= to; code++) chars.add(String.fromCharCode(code));
      i += 2;
    } else {
      chars.add(c);
    }
  }
  return { chars: known ? chars : undefined, nullable: false, end: i + 1 };
};

/** The first characters of one atom (literal, escape, class or group) at `start`. */
const firstOfAtom = (source: string, start: number): First => {
  const c = source[start] ?? '';
  if (c === '[') return firstOfClass(source, start);
  if (c === '\\') {
    const escaped = source[start + 1] ?? '';
    if (escaped === 'd') return { chars: new Set(digits), nullable: false, end: start + 2 };
    if (/[a-zA-Z]/u.test(escaped)) return { chars: undefined, nullable: false, end: start + 2 };
    return { chars: new Set([escaped]), nullable: false, end: start + 2 };
  }
  if (c === '(') {
    if (/^\(\?<?[=!]/u.test(source.slice(start, start + 4))) {
      // a lookaround is zero-width: it adds no first character
      const inner = firstOfAlternatives(source, start + (source[start + 2] === '<' ? 4 : 3));
      return { chars: new Set(), nullable: true, end: inner.end + 1 };
    }
    if (!source.startsWith('(?:', start)) {
      throw new Error(`lexicon term may use only (?:…) groups: ${source}`);
    }
    const inner = firstOfAlternatives(source, start + 3);
    return { chars: inner.chars, nullable: inner.nullable, end: inner.end + 1 };
  }
  if (c === '.') return { chars: undefined, nullable: false, end: start + 1 };
  return { chars: new Set([c]), nullable: false, end: start + 1 };
};

/** A sequence of quantified atoms, up to `|`, `)` or the end. */
const firstOfSequence = (source: string, start: number): First => {
  let chars: Set<string> | undefined = new Set();
  let nullable = true;
  let i = start;
  while (i < source.length && source[i] !== '|' && source[i] !== ')') {
    const atom = firstOfAtom(source, i);
    i = atom.end;
    let atomNullable = atom.nullable;
    const quantifier = source[i];
    if (quantifier === '?' || quantifier === '*' || quantifier === '+') {
      atomNullable ||= quantifier !== '+';
      i++;
    } else if (quantifier === '{') {
      atomNullable ||= source[i + 1] === '0';
      i = source.indexOf('}', i) + 1;
    }
    if (nullable) chars = union(chars, atom.chars);
    nullable &&= atomNullable;
  }
  return { chars, nullable, end: i };
};

function firstOfAlternatives(source: string, start: number): First {
  let chars: Set<string> | undefined = new Set();
  let nullable = false;
  let i = start;
  for (;;) {
    const sequence = firstOfSequence(source, i);
    chars = union(chars, sequence.chars);
    nullable ||= sequence.nullable;
    i = sequence.end;
    if (source[i] !== '|') return { chars, nullable, end: i };
    i++;
  }
}

/** The characters a word term can start with; throws for terms it cannot bucket. */
const firstCharsOf = (term: string): Set<string> => {
  const { chars, nullable } = firstOfAlternatives(term, 0);
  if (chars === undefined || nullable || [...chars].some((c) => !wordCharPattern.test(c))) {
    throw new Error(`lexicon word must start with a known word character: ${term}`);
  }
  return chars;
};

const compileLexicons = <K extends string>(lexicons: Readonly<Record<K, Lexicon>>): Compiled<K> => {
  const wordGroups: { group: Group<K>; terms: { term: string; first: Set<string> }[] }[] = [];
  const markGroups: { group: Group<K>; source: string }[] = [];
  for (const key of Object.keys(lexicons) as K[]) {
    const lexicon = lexicons[key];
    for (const [weight, terms] of [
      [2, lexicon.strong],
      [1, lexicon.weak],
    ] as const) {
      const group = { key, weight };
      if (terms?.words?.length) {
        wordGroups.push({ group, terms: terms.words.map((term) => ({ term, first: firstCharsOf(term) })) });
      }
      if (terms?.marks?.length) markGroups.push({ group, source: terms.marks.join('|') });
    }
  }
  const starts = new Set(wordGroups.flatMap(({ terms }) => terms.flatMap(({ first }) => [...first])));
  const buckets = new Map<string, { pattern: RegExp; groups: Group<K>[] }>();
  for (const start of starts) {
    const groups: Group<K>[] = [];
    const sources: string[] = [];
    for (const { group, terms } of wordGroups) {
      const here = terms.filter(({ first }) => first.has(start)).map(({ term }) => term);
      if (here.length === 0) continue;
      groups.push(group);
      sources.push(`(${here.join('|')})`);
    }
    buckets.set(start, { pattern: new RegExp(`(?:${sources.join('|')})(?![\\p{L}\\p{N}_])`, 'uy'), groups });
  }
  const marks = markGroups.length
    ? {
        pattern: new RegExp(markGroups.map(({ source }) => `(${source})`).join('|'), 'gu'),
        groups: markGroups.map(({ group }) => group),
      }
    : undefined;
  return { buckets, marks };
};

const signals = compileLexicons<Signal>(signalLexicons);
const topics = compileLexicons<TopicKey>(topicLexicons);
const topicOrder = Object.keys(topicLexicons) as TopicKey[];

const linkPattern = /(?:https?:\/\/|www\.)\S+/gu;
const handlePattern = /(^|[^\p{L}\p{N}_.])@[\p{L}\p{N}_]+/gu;
const apostrophePattern = /[\u2018\u2019\u02bc`\u00b4]/gu;
const hashOrSpacePattern = /#|\s+/gu;
const letterPattern = /\p{L}/u;

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

interface Hits {
  /** Distinct words found, in order of appearance. */
  readonly words: string[];
  /** Sum of their weights. */
  score: number;
  /** Weight found after the last contrast word ("but", "however"), which decides a mixed text. */
  tail: number;
}

interface Found<K extends string> {
  readonly index: number;
  readonly word: string;
  readonly group: Group<K>;
}

const tokenPattern = /[\p{L}\p{N}_]+/gu;

const groupOf = <K extends string>(match: RegExpExecArray, groups: readonly Group<K>[]): Group<K> | undefined => {
  for (let i = 0; i < groups.length; i++) if (match[i + 1] !== undefined) return groups[i];
  return undefined;
};

/** Finds lexicon phrases at word starts, leftmost first, never overlapping; then marks. */
const find = <K extends string>(compiled: Compiled<K>, text: string): Found<K>[] => {
  const found: Found<K>[] = [];
  let consumedTo = 0;
  tokenPattern.lastIndex = 0;
  // Tokens are runs of letters, digits and _: every word start, also after an apostrophe ("don't").
  for (let token = tokenPattern.exec(text); token !== null; token = tokenPattern.exec(text)) {
    const at = token.index;
    if (at < consumedTo) continue;
    const bucket = compiled.buckets.get(text[at] ?? '');
    if (!bucket) continue;
    bucket.pattern.lastIndex = at;
    const match = bucket.pattern.exec(text);
    const group = match && groupOf(match, bucket.groups);
    if (!match || !group) continue;
    found.push({ index: at, word: match[0], group });
    consumedTo = at + match[0].length;
    if (consumedTo > tokenPattern.lastIndex) tokenPattern.lastIndex = consumedTo;
  }
  if (compiled.marks) {
    const { pattern, groups } = compiled.marks;
    pattern.lastIndex = 0;
    let marked = false;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const group = groupOf(match, groups);
      if (group) found.push({ index: match.index, word: match[0], group });
      marked = true;
    }
    if (marked) found.sort((a, b) => a.index - b.index);
  }
  return found;
};

const scan = <K extends string>(
  compiled: Compiled<K>,
  text: string,
  keys: readonly K[],
  contrastKey?: K,
): Record<K, Hits> => {
  const hits = {} as Record<K, Hits>;
  for (const key of keys) hits[key] = { words: [], score: 0, tail: 0 };
  for (const { word, group } of find(compiled, text)) {
    if (group.key === contrastKey) for (const key of keys) hits[key].tail = 0;
    const found = hits[group.key];
    if (found.words.includes(word)) continue;
    found.words.push(word);
    found.score += group.weight;
    found.tail += group.weight;
  }
  return hits;
};

const signalKeys = Object.keys(signalLexicons) as Signal[];

interface Normalised {
  readonly text: string;
  readonly links: number;
}

const normalise = (raw: string): Normalised => {
  let links = 0;
  let text = raw.toLowerCase().replace(apostrophePattern, "'");
  if (text.includes('http') || text.includes('www.')) {
    text = text.replace(linkPattern, () => {
      links += 1;
      return ' ';
    });
  }
  if (text.includes('@')) text = text.replace(handlePattern, '$1 ');
  return { text: text.replace(hashOrSpacePattern, ' ').trim(), links };
};

// ---------------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------------

const quoteList = (words: readonly string[], limit = 5): string =>
  words
    .slice(0, limit)
    .map((w) => `"${w}"`)
    .join(', ') + (words.length > limit ? `, +${words.length - limit} more` : '');

const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

/** 0.5 for one weak signal, rising towards 0.95 as agreeing evidence adds up. */
const strength = (score: number): number => 0.95 - 0.45 * 0.7 ** (score - 1);

const round2 = (x: number): number => Math.round(Math.min(0.97, Math.max(0.05, x)) * 100) / 100;

const pickTopic = (text: string): { topic: Topic; words: readonly string[] } => {
  const hits = scan(topics, text, topicOrder);
  let best: TopicKey | undefined;
  let bestScore = 0;
  for (const key of topicOrder) {
    if (hits[key].score > bestScore) {
      best = key;
      bestScore = hits[key].score;
    }
  }
  return best === undefined ? { topic: 'other', words: [] } : { topic: best, words: hits[best].words };
};

/** The evidence one mention carries, summed per side. */
interface Evidence {
  readonly hits: Record<Signal, Hits>;
  readonly links: number;
  /** Words arguing for a complaint: problem, safety, legal, churn and outage words. */
  readonly complaintWords: readonly string[];
  readonly complaint: number;
  readonly request: number;
  readonly idea: number;
  readonly praise: number;
  readonly spam: number;
  /** Spam weight from links alone. */
  readonly linkSpam: number;
  /**
   * Praise and a problem both present, with a contrast word: what follows the last one decides
   * (any problem word; praise only when it is more than a courtesy such as a lone "🙏").
   */
  readonly mixed: 'problem-last' | 'praise-last' | undefined;
  /** A strong safety word or a legal threat: never outweighed by praise. */
  readonly threat: boolean;
}

const complaintSides = ['safety', 'legal', 'churn', 'outage', 'complaint'] as const;

const weigh = (hits: Record<Signal, Hits>, links: number): Evidence => {
  let complaint = 0;
  let complaintTail = 0;
  const complaintWords: string[] = [];
  for (const side of complaintSides) {
    complaint += hits[side].score;
    complaintTail += hits[side].tail;
    complaintWords.push(...hits[side].words);
  }
  const praise = hits.praise.score;
  const linkSpam = links >= 2 ? Math.min(links - 1, 3) : 0;
  const contrasted = hits.contrast.words.length > 0 && praise > 0 && complaint > 0;
  return {
    hits,
    links,
    complaintWords,
    complaint,
    request: hits.request.score,
    idea: hits.idea.score,
    praise,
    spam: hits.spam.score + linkSpam,
    linkSpam,
    mixed: !contrasted
      ? undefined
      : complaintTail > 0
        ? 'problem-last'
        : hits.praise.tail >= 2
          ? 'praise-last'
          : undefined,
    threat: hits.legal.score > 0 || hits.safety.score > hits.safety.words.length,
  };
};

/** Intent, by precedence: spam, then service needs unless an idea or praise clearly outweighs them. */
const decideIntent = (e: Evidence, reasons: string[]): Intent => {
  const service = e.complaint + e.request;
  const contrastWord = quoteList(e.hits.contrast.words, 1);
  if (e.spam >= 2 && e.spam > service) return 'spam';
  if (service > 0 && e.idea >= 2 && e.complaint < 2 && e.idea >= e.request) {
    reasons.push('idea outweighs the request words');
    return 'idea';
  }
  if (service > 0 && !e.threat && e.mixed === 'praise-last') {
    reasons.push(`contrast: praise after ${contrastWord} decides`);
    return 'praise';
  }
  if (service > 0 && !e.threat && e.mixed === undefined && e.praise > service) {
    reasons.push('praise outweighs the problem words');
    return 'praise';
  }
  if (service > 0) {
    if (e.mixed === 'problem-last') reasons.push(`contrast: the problem after ${contrastWord} decides`);
    return e.complaint >= 2 || e.complaint >= e.request ? 'complaint' : 'request';
  }
  if (e.idea > 0) return 'idea';
  if (e.praise > 0) return 'praise';
  return 'chatter';
};

const listed = (label: string, labels: string, words: readonly string[]): string =>
  `${words.length === 1 ? label : labels} ${quoteList(words)}`;

/**
 * P1: a safety word or a legal threat. P2: an outage, a churn threat, a vulnerable customer, or a
 * complaint sent by direct message or by a high-reach author. P3: other complaints. P4: requests
 * and everything that is not a service need. What the words say (P1, P2 by content) raises
 * requests too; how the complaint was made (direct, reach) raises complaints only.
 */
const decidePriority = (intent: Intent, e: Evidence, mention: RuleInput, reasons: string[]): Priority => {
  const { hits } = e;
  if (intent !== 'complaint' && intent !== 'request') {
    reasons.push(`priority P4: ${intent}, not a service need`);
    return 'P4';
  }
  const followers = mention.author.followers ?? 0;
  const highReach = intent === 'complaint' && (mention.author.verified || followers >= highReachFollowers);
  if (highReach) {
    reasons.push(
      followers >= highReachFollowers
        ? `high reach: ${formatCount(followers)} followers${mention.author.verified ? ', verified' : ''}`
        : 'high reach: verified author',
    );
  }
  const rules: readonly [boolean, Priority, () => string][] = [
    [hits.safety.words.length > 0, 'P1', () => listed('safety word', 'safety words', hits.safety.words)],
    [hits.legal.words.length > 0, 'P1', () => `legal threat ${quoteList(hits.legal.words)}`],
    [hits.outage.words.length > 0, 'P2', () => listed('outage word', 'outage words', hits.outage.words)],
    [hits.churn.words.length > 0, 'P2', () => `churn threat ${quoteList(hits.churn.words)}`],
    [hits.vulnerable.words.length > 0, 'P2', () => `vulnerable customer ${quoteList(hits.vulnerable.words)}`],
    [intent === 'complaint' && mention.direct, 'P2', () => 'direct message complaint'],
    [highReach, 'P2', () => 'high-reach complaint'],
    [intent === 'complaint', 'P3', () => 'complaint'],
    [true, 'P4', () => 'request'],
  ];
  for (const [applies, priority, why] of rules) {
    if (!applies) continue;
    reasons.push(`priority ${priority}: ${why()}`);
    return priority;
  }
  return 'P4';
};

/** Strength of the winning evidence, less the share of the evidence against it. */
const decideConfidence = (intent: Intent, topic: Topic, e: Evidence, text: string, reasons: string[]): number => {
  const service = e.complaint + e.request;
  const conflicting: string[] = [];
  let confidence: number;
  if (intent === 'complaint' || intent === 'request') {
    // Courtesy ("thanks", "🙏") is common in requests: it argues against a need only half as much;
    // praise before a "but" does not argue at all.
    const praiseAgainst = e.mixed === 'problem-last' ? 0 : e.praise * 0.5;
    const against = e.spam + e.idea + praiseAgainst;
    confidence = strength(service) - (0.35 * against) / (service + against) + (topic === 'other' ? 0 : 0.05);
    if (service === e.complaintWords.length + e.hits.request.words.length) reasons.push('weak signals only');
    if (praiseAgainst > 0) conflicting.push('praise');
    if (e.idea > 0) conflicting.push('idea');
    if (e.spam > 0) conflicting.push('spam');
  } else if (intent === 'chatter') {
    const readable = e.hits.english.words.length > 0;
    confidence = (readable ? 0.6 : 0.3) - (e.spam > 0 ? 0.1 : 0);
    if (!letterPattern.test(text)) reasons.push('no words to read: chatter');
    else if (!readable) reasons.push('no English words recognised: chatter, low confidence');
    else reasons.push('no service, idea, praise or spam signals: chatter');
  } else {
    const winner = intent === 'spam' ? e.spam : intent === 'idea' ? e.idea : e.praise;
    const others = intent === 'spam' ? e.praise + e.idea : e.spam;
    const against = service + others;
    confidence = strength(winner) - (0.35 * against) / (winner + against);
    if (service > 0) conflicting.push('problem or request');
    if (others > 0) conflicting.push(intent === 'spam' ? 'praise or idea' : 'spam');
  }
  if (conflicting.length) reasons.push(`conflicting signals: ${conflicting.join(', ')}`);
  return round2(confidence);
};

/**
 * Classifies one mention by rules. Pure and deterministic: the same input always gives the same
 * classification, and any text (empty, emoji only, any script) gives a valid one.
 */
export function classifyByRules(mention: RuleInput): Classification {
  const { text, links } = normalise(mention.text);
  const e = weigh(scan(signals, text, signalKeys, 'contrast'), links);
  const { hits } = e;
  const reasons: string[] = [];
  if (e.complaintWords.length) reasons.push(`complaint words: ${quoteList(e.complaintWords)}`);
  if (hits.request.words.length) reasons.push(`request words: ${quoteList(hits.request.words)}`);
  if (hits.idea.words.length) reasons.push(`idea words: ${quoteList(hits.idea.words)}`);
  if (hits.praise.words.length) reasons.push(`praise words: ${quoteList(hits.praise.words)}`);
  if (hits.spam.words.length) reasons.push(`spam words: ${quoteList(hits.spam.words)}`);
  if (e.linkSpam > 0) reasons.push(`several links: ${e.links}`);
  if (hits.negated.words.length) reasons.push(`negated, not counted: ${quoteList(hits.negated.words)}`);

  const intent = decideIntent(e, reasons);
  const serviceNeed = intent === 'complaint' || intent === 'request';

  const { topic, words: topicWords } = intent === 'spam' ? { topic: 'other' as const, words: [] } : pickTopic(text);
  reasons.push(topicWords.length ? `topic ${topic}: ${quoteList(topicWords)}` : 'topic other: no topic words');

  const priority = decidePriority(intent, e, mention, reasons);
  const confidence = decideConfidence(intent, topic, e, text, reasons);
  const urgencySignals = urgencySignalsOf(intent, e, mention);

  return { intent, serviceNeed, topic, priority, confidence, reasons, modelVersion: ruleModelVersion, urgencySignals };
}

/** The signals behind the priority, by name, for routing and reporting. */
const urgencySignalsOf = (intent: Intent, e: Evidence, mention: RuleInput): UrgencySignal[] => {
  if (intent !== 'complaint' && intent !== 'request') return [];
  const { hits } = e;
  const followers = mention.author.followers ?? 0;
  const complaint = intent === 'complaint';
  const present: readonly [boolean, UrgencySignal][] = [
    [hits.safety.words.length > 0, 'safety'],
    [hits.legal.words.length > 0, 'legal'],
    [hits.churn.words.length > 0, 'churn'],
    [hits.vulnerable.words.length > 0, 'vulnerable'],
    [hits.outage.words.length > 0, 'outage'],
    [complaint && (mention.author.verified || followers >= highReachFollowers), 'reach'],
    [complaint && mention.direct, 'direct'],
  ];
  return present.filter(([applies]) => applies).map(([, signal]) => signal);
};
