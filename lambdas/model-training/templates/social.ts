import type { Intent, Topic } from '../../domain/classification.ts';
import type { SentimentLabel, TrainingExample } from '../../domain/model/heads.ts';
import { expand, type Slots } from './expand.ts';

/**
 * Hand-written social posts: complaints, requests, praise, spam and chatter in the register of
 * @mentions (a handle first, short, informal, hashtags and emoji), for airlines, rail, shops,
 * delivery, banks and telecoms. The permissive data sets are agent and chatbot queries, Reddit
 * comments and SMS; these few patterns show the model what the same intents look like when
 * posted at a brand. Written for this project (not taken from any data set), expanded
 * deterministically. Source `templates/social`.
 */

/** Made-up brand handles (the model reads every handle as `<user>`), or none. */
export const brands = [
  '@AcmeAir',
  '@SkyLink',
  '@ShopCo',
  '@QuickShip',
  '@NorthBank',
  '@TeleNet',
  '@CityRail',
  '@FreshMart',
  '',
];

export const endings = {
  idea: [
    '',
    '',
    '!',
    ' please',
    ' 🙏',
    ' just saying',
    ', would make life so much easier',
    " I'd use it every day",
    ' #suggestion',
    ', thanks!',
  ],
  complaint: [
    '',
    '',
    '',
    '!',
    '!!',
    '.',
    ' 😡',
    ' 😤',
    ' 🙄',
    ' #fail',
    ' #neveragain',
    ' smh',
    ' ugh',
    '. ridiculous',
    ' not happy',
    ' 👎',
  ],
  request: ['', '', '?', '? thanks', ' please', ' pls', ', thanks in advance', ' 🙏', ' asap', ' thx'],
  praise: ['', '', '!', '!!', ' ❤️', ' 😍', ' 👏', ' 🙌', ' thank you!', ', you rock', ' #happycustomer', ' 😊'],
};

const slots: Slots = {
  brand: brands,
  city: ['London', 'Chicago', 'Denver', 'Boston', 'Leeds', 'Madrid', 'Dallas', 'NYC', 'LAX', 'Atlanta'],
  hours: ['2 hours', '3 hours', '4 hours', '45 minutes', 'an hour', 'over an hour', '5 hrs'],
  days: ['3 days', 'a week', 'two weeks', '10 days', 'a month', '5 days'],
  nobody: ['nobody', 'no one', 'not one person', 'none of your staff'],
  flight: [
    'my flight',
    'our flight',
    'flight {1234|862|57|2210}',
    'my connection',
    'my train',
    'the {7am|6:15|last} train',
    'the {morning|red eye} flight',
  ],
  order: ['my order', 'my parcel', 'my package', 'my delivery', 'the order I placed {last week|on monday|10 days ago}'],
  bag: ['my bag', 'my luggage', 'my suitcase', "my kid's car seat", 'my stroller', 'our bags'],
  thing: [
    'the app',
    'your app',
    'your website',
    'the site',
    'online check in',
    'the checkout',
    'the wifi',
    'my internet',
    'the payment page',
  ],
  staff: [
    'the staff',
    'your agent',
    'the gate agent',
    'the cashier',
    'your rep on the phone',
    'the manager',
    'customer service',
    'the crew',
    'the driver',
  ],
  product: ['jacket', 'shoes', 'blender', 'phone', 'headphones', 'charger', 'kettle', 'sofa'],
  complaint: endings.complaint,
  request: endings.request,
  praise: endings.praise,
};

interface Section {
  readonly intent: Intent;
  readonly sentiment?: SentimentLabel;
  readonly patterns: readonly (readonly [Topic, string])[];
}

const sections: readonly Section[] = [
  {
    intent: 'complaint',
    sentiment: 'negative',
    patterns: [
      [
        'travel-disruption',
        '<brand> <flight> {is|was|got|has been} {delayed|cancelled} {again|for the third time|by <hours>|} {and <nobody> tells us anything|with no explanation|and no rebooking|and we are stuck at the airport|}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {sitting|stuck|waiting} {on the tarmac|at the gate|in the terminal|on the platform} for <hours> {now|already|} {with no updates|and counting|no food no water|}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> missed {my|our} connection because of your delay {and now the next flight is tomorrow|and no hotel voucher|and <nobody> will help}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {worst|terrible|awful} {airline|trip|journey|travel day} {ever|of my life|}{. never again|. #fail|}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {seriously|come on|really}? {another delay|delayed again|cancelled again|a <hours> delay}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {why|how} {is|was} <flight> {cancelled|delayed} {with no notice|and I had to find out at the gate|}?<complaint>',
      ],
      [
        'lost-damaged-property',
        '<brand> {you lost|still no sign of|where is} <bag> {<days> later|after three calls|}<complaint>',
      ],
      [
        'lost-damaged-property',
        '<brand> <bag> {arrived|came back|came off the belt} {broken|damaged|ripped open|with a broken handle|soaking wet}<complaint>',
      ],
      [
        'lost-damaged-property',
        '<brand> {left|lost} my {phone|laptop|wallet|jacket} on {the plane|the train|the bus} and <nobody> {answers|replies|will help}<complaint>',
      ],
      [
        'orders-delivery',
        '<brand> <order> {still hasn’t arrived|never arrived|is <days> late|was left in the rain|went to the wrong address|says delivered but it is not here}<complaint>',
      ],
      [
        'orders-delivery',
        '<brand> {paid for|ordered} {next day delivery|express shipping} <days> ago and {still nothing|it is still not here|tracking has not moved}<complaint>',
      ],
      [
        'orders-delivery',
        "<brand> {can't|couldn't} {change|cancel} my {booking|reservation|order} {online|in the app} and <nobody> answers the phone<complaint>",
      ],
      [
        'billing',
        '<brand> {charged me twice|double charged me|overcharged me} {for|on} {my order|my ticket|my bill|the same booking} {and still no refund|and won’t refund me|}<complaint>',
      ],
      [
        'billing',
        '<brand> {still waiting|been waiting} {on|for} {my|a} refund {for <days>|after a cancelled flight|for a returned item}<complaint>',
      ],
      ['billing', '<brand> why {is|was} {my bill|my bill this month|the fee} {so high|$40 more|double}?<complaint>'],
      [
        'billing',
        '<brand> {hidden fees|bag fees|change fees} {again|everywhere}? {what a rip off|not ok|ridiculous}<complaint>',
      ],
      [
        'outage-technical',
        "<brand> <thing> {is down|keeps crashing|won't load|isn't working|is broken} {again|all morning|for the second day|}<complaint>",
      ],
      [
        'outage-technical',
        "<brand> {can't|cannot|unable to} {check in|pay|log in|load my boarding pass|place an order} {online|on the app|} {error every time|it just spins|keeps giving an error|}<complaint>",
      ],
      [
        'outage-technical',
        '<brand> {no internet|no signal|no service|broadband down} {since yesterday|since monday|for 3 days} {and no update|and counting|}<complaint>',
      ],
      [
        'account-access',
        "<brand> {locked out of|can't get into|can't log into} my account {and the reset email never comes|for a week|and support won't help|}<complaint>",
      ],
      [
        'account-access',
        '<brand> my account {was hacked|got hacked|was suspended|has been locked} and <nobody> {will help|responds}<complaint>',
      ],
      [
        'account-access',
        "<brand> {the verification code|the password reset link|the 2fa code} {never arrives|doesn't work|expired again}<complaint>",
      ],
      [
        'store-staff',
        '<brand> <staff> {at|in} {the <city> store|the counter|the gate|the airport} {was|were} {so rude|incredibly rude|dismissive|unhelpful|useless}<complaint>',
      ],
      [
        'store-staff',
        '<brand> {been on hold|on hold|waiting on hold} for <hours> {and then got disconnected|and they hung up|and still no answer}<complaint>',
      ],
      [
        'store-staff',
        '<brand> {your customer service|customer service} {is|has been} {a joke|terrible|non existent|awful}{. <nobody> answers|}<complaint>',
      ],
      [
        'store-staff',
        "<brand> the {line|queue} at {check in|the counter|bag drop|the store} {is huge|is an hour long|hasn't moved in 40 minutes} {and only one agent working|and only two tills open|}<complaint>",
      ],
      [
        'product-quality',
        '<brand> the <product> I bought {broke|stopped working|fell apart} after {a week|two days|a month}<complaint>',
      ],
      [
        'product-quality',
        '<brand> {the seat|my seat|the food|the meal|the room|the coffee} was {filthy|disgusting|broken|cold|awful} {and <nobody> cared|}<complaint>',
      ],
      [
        'product-quality',
        '<brand> {received|got} {the wrong item|a damaged item|a broken {lamp|vase|screen}} {and the return costs me money|}<complaint>',
      ],
      [
        'store-staff',
        '<brand> {you promised|I was promised|the agent promised} a {call back|refund|voucher|update} {<days> ago|yesterday|last week} {and nothing|and still waiting|never happened}<complaint>',
      ],
      [
        'store-staff',
        '<brand> {is it too much to ask|would it kill you} to {answer the phone|reply to an email|tell us what is going on}?<complaint>',
      ],
      [
        'store-staff',
        '<brand> {your agent|the rep|the woman at the desk|the guy on the phone} {told me|said} {to call back|it was not their job|there was nothing they could do}{. useless|. unbelievable|}<complaint>',
      ],
      [
        'billing',
        '<brand> {paid extra|paid $25|paid for wifi|paid for a seat upgrade} and {it never worked|did not get it|got nothing}. {refund please|I want my money back|}<complaint>',
      ],
      [
        'billing',
        '<brand> {your policy on|charging for} {bags|seat selection|changes|carry ons} is {ridiculous|a joke|insane|greedy}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {no one|nobody} at {the gate|the desk|the airport} {knows|can tell us} {anything|what is happening|when we leave}<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {third|second|another} {delay|gate change|cancellation} {today|this week|in a row}. {seriously|come on|why}?<complaint>',
      ],
      [
        'travel-disruption',
        '<brand> {we have been|been} {sitting|waiting} {here|on the plane|at the gate} for <hours> {without|with no} {water|information|an update|explanation}<complaint>',
      ],
      ['other', '<brand> {still|STILL} {waiting|no word|nothing|no answer}<complaint>'],
      [
        'other',
        '<brand> {thanks for nothing|great, thanks a lot|well done, another fail|thanks for ruining my {trip|weekend|day}}<complaint>',
      ],
      ['other', '<brand> {I love how|so glad} {you|your team} {ignore|ignores} every message<complaint>'],
    ],
  },
  {
    intent: 'request',
    sentiment: 'neutral',
    patterns: [
      [
        'travel-disruption',
        '<brand> {can you|could you|can someone|could someone} {help me|please help me} {rebook|change} <flight> {to tomorrow|to an earlier one|}<request>',
      ],
      [
        'travel-disruption',
        '<brand> {is|are} {<flight>|the {7am|6pm} departure} {on time|still on|delayed} {today|tonight|}<request>',
      ],
      [
        'travel-disruption',
        '<brand> {how much is|can I get} {a seat upgrade|extra legroom|an earlier flight} {on|for} <flight><request>',
      ],
      [
        'billing',
        '<brand> {how do I|how can I|where do I} {get|request|claim} {a refund|a receipt|an invoice|my money back} {for|on} {my ticket|my order|a cancelled booking}<request>',
      ],
      [
        'orders-delivery',
        '<brand> {how do I|how can I|can I} {change|cancel|update} {my booking|my reservation|<order>|my delivery address}<request>',
      ],
      ['orders-delivery', "<brand> {what's|what is} the status of <order><request>"],
      [
        'orders-delivery',
        '<brand> {I need|I’d like} to {change|cancel|update} my {booking|reservation|order|delivery address}{, can you help|}<request>',
      ],
      [
        'lost-damaged-property',
        '<brand> {how do I|where do I|who do I contact to} {report|claim for} {a lost bag|a damaged suitcase|something I left on the train}<request>',
      ],
      [
        'account-access',
        '<brand> {how do I|how can I|can you help me} {reset my password|change the email on my account|update my phone number|log in on a new phone}<request>',
      ],
      [
        'store-staff',
        '<brand> {what time does|when does} the <city> {store|branch|counter} {open|close} {today|on sunday|}<request>',
      ],
      ['other', '<brand> {please|pls} DM me{, I need help with my {booking|order|account}|about my refund|}<request>'],
      [
        'other',
        "<brand> {what's|what is} {the baggage allowance|your return policy|the number for customer service|the best way to contact you}<request>",
      ],
      [
        'other',
        '<brand> {is there a way to|can I} {get a seat next to my {kid|wife|husband}|bring my dog|change the name on my ticket|pay with paypal}<request>',
      ],
      [
        'product-quality',
        '<brand> {do you|does your <city> store} {have|stock} {the|this} <product> {in black|in a larger size|in stock}<request>',
      ],
    ],
  },
  {
    intent: 'praise',
    sentiment: 'positive',
    patterns: [
      [
        'store-staff',
        '<brand> {thank you|thanks|big thanks|huge thanks|shoutout} to {the crew on <flight>|the team at the <city> store|the agent who helped me today|your staff}{, {amazing|great|fantastic} service|, you made my day|}<praise>',
      ],
      [
        'other',
        '<brand> {love|loving|absolutely love} {the new app|the new seats|your customer service|this place|the new menu|flying with you}<praise>',
      ],
      [
        'other',
        '<brand> {great|smooth|excellent|perfect|best} {flight|delivery|experience|service|trip} {today|as always|again|}{, thank you|}<praise>',
      ],
      [
        'travel-disruption',
        '<brand> {landed|arrived} {early|on time} {and the crew were {lovely|great|amazing}|, well done|}<praise>',
      ],
      [
        'other',
        '<brand> {fixed|sorted|resolved} my {problem|issue} in {minutes|one call|no time}{, impressed|, thank you|}<praise>',
      ],
      [
        'orders-delivery',
        '<brand> {my order|the parcel} {arrived|came} {a day early|so fast|right on time}{, thanks|, love it|}<praise>',
      ],
    ],
  },
  {
    intent: 'spam',
    patterns: [
      [
        'other',
        '{FREE|free|Free} {followers|likes|iPhone|gift cards|crypto} {click here|tap the link|link in bio} https://bit.ly/{3xYz9|abc123|promo7}',
      ],
      [
        'other',
        '<brand> {Earn|Make} {$500|$1000|£300} a {day|week} {from home|working online} {DM me|click here|text me} {now|today}',
      ],
      [
        'other',
        '{Send|Invest} {0.1 BTC|$100|1 ETH} and {get|receive} {double back|10x returns|1 BTC} {guaranteed|today only}',
      ],
      [
        'other',
        '<brand> {Check out|Visit|Follow} my {page|profile|channel|store} for {cheap|discount} {sneakers|followers|watches} https://t.co/{aB3x|q9Lm}',
      ],
      [
        'other',
        '{Congratulations|Congrats}! You {have won|won} a {$1000 gift card|free cruise|new iPhone} {claim now|claim here} https://win.example/{a1|b2}',
      ],
    ],
  },
  {
    intent: 'chatter',
    sentiment: 'neutral',
    patterns: [
      [
        'other',
        '<brand> {anyone else|who else is} {flying|heading|going} to <city> {tomorrow|this weekend|for the game}?',
      ],
      ['other', '{watching|just saw} {the game|the match|the new ad|the parade} {with|from} <brand> {lol|haha|}'],
      ['other', '<brand> {happy friday|good morning|happy holidays|happy new year} {everyone|all|}'],
      [
        'other',
        '{at|sitting at} {the airport|the mall|<city> station} {people watching|with a coffee|reading a book} <brand>',
      ],
      [
        'other',
        '<brand> {what do you think about|who else is excited for} {the game last night|summer|the new season}?',
      ],
    ],
  },
];

export const socialExamples = (seed = 1, perPattern = 30): TrainingExample[] =>
  sections.flatMap(({ intent, sentiment, patterns }) =>
    patterns.flatMap(([topic, pattern]) =>
      expand(pattern, slots, perPattern, seed).map(
        (text): TrainingExample => ({
          text,
          intent,
          // chatter and spam carry no topic: the topic head learns what service needs are about
          ...(intent === 'chatter' || intent === 'spam' ? {} : { topic }),
          ...(sentiment ? { sentiment } : {}),
          source: 'templates/social',
        }),
      ),
    ),
  );
