import { describe, expect, it } from 'vitest';
import { Classification, type Intent, type Priority, type Topic } from '../../lambdas/domain/classification.ts';
import { classifyByRules, type RuleInput, ruleModelVersion } from '../../lambdas/domain/rule-classifier.ts';

const author = (overrides: Partial<RuleInput['author']> = {}): RuleInput['author'] => ({
  id: 'x-1',
  handle: 'sam',
  verified: false,
  followers: 120,
  ...overrides,
});

const mention = (text: string, overrides: Partial<Omit<RuleInput, 'text'>> = {}): RuleInput => ({
  text,
  direct: false,
  author: author(),
  ...overrides,
});

describe('classifyByRules: intent', () => {
  it.each<{ text: string; intent: Intent; serviceNeed: boolean }>([
    { text: "Thanks but my order still hasn't arrived", intent: 'complaint', serviceNeed: true },
    { text: 'My parcel never arrived and I want a refund', intent: 'complaint', serviceNeed: true },
    { text: 'The app is not working', intent: 'complaint', serviceNeed: true },
    { text: 'Not happy, not great at all', intent: 'complaint', serviceNeed: true },
    { text: 'MY FLIGHT WAS CANCELLED!!! 😡😡', intent: 'complaint', serviceNeed: true },
    { text: 'Great service, but the app is down', intent: 'complaint', serviceNeed: true },
    { text: 'Can you help me reset my password?', intent: 'request', serviceNeed: true },
    { text: 'How do I update my billing address?', intent: 'request', serviceNeed: true },
    { text: 'You should add dark mode to the app', intent: 'idea', serviceNeed: false },
    { text: 'It would be great if you could add Apple Pay?', intent: 'idea', serviceNeed: false },
    { text: 'Feature request: let me pick a delivery slot', intent: 'idea', serviceNeed: false },
    { text: 'Love the new store in Leeds, the staff are amazing ❤️', intent: 'praise', serviceNeed: false },
    { text: 'No problem at all, thanks!', intent: 'praise', serviceNeed: false },
    { text: 'Thanks for the quick refund!', intent: 'praise', serviceNeed: false },
    { text: 'Flight was delayed but the crew were amazing', intent: 'praise', serviceNeed: false },
    { text: 'FREE FOLLOWERS click here https://a.example/1 https://b.example/2', intent: 'spam', serviceNeed: false },
    { text: 'Crypto giveaway! Send 0.1 BTC and get 1 BTC back 💰', intent: 'spam', serviceNeed: false },
    { text: 'Look https://a.example/1 https://b.example/2 https://c.example/3', intent: 'spam', serviceNeed: false },
    { text: 'Watching the match tonight with friends', intent: 'chatter', serviceNeed: false },
    { text: 'Qué buen día para pasear por Madrid', intent: 'chatter', serviceNeed: false },
    { text: '今日はいい天気ですね', intent: 'chatter', serviceNeed: false },
    { text: '🔥🔥🔥', intent: 'chatter', serviceNeed: false },
  ])('$text → $intent', ({ text, intent, serviceNeed }) => {
    // Act
    const result = classifyByRules(mention(text));

    // Assert
    expect({ intent: result.intent, serviceNeed: result.serviceNeed }).toEqual({ intent, serviceNeed });
  });
});

describe('classifyByRules: topic', () => {
  it.each<{ text: string; topic: Topic }>([
    { text: 'Lost luggage on flight BA123, my suitcase never turned up', topic: 'lost-damaged-property' },
    { text: 'My train was delayed 40 minutes and I missed my connection', topic: 'travel-disruption' },
    { text: 'Locked out of my account and the password reset email never arrived', topic: 'account-access' },
    { text: 'Internet has been down all morning, no signal at all', topic: 'outage-technical' },
    { text: 'Charged twice on my bill this month, I want my money back', topic: 'billing' },
    { text: 'Where is my parcel? The courier says delivered', topic: 'orders-delivery' },
    { text: 'The kettle is faulty, it stopped working after a week', topic: 'product-quality' },
    { text: 'The cashier at your Leeds store was so rude. Unacceptable', topic: 'store-staff' },
    { text: 'The flight attendant was rude to my son', topic: 'store-staff' },
    { text: 'This is unacceptable', topic: 'other' },
  ])('$text → $topic', ({ text, topic }) => {
    // Act
    const result = classifyByRules(mention(text));

    // Assert
    expect(result.topic).toBe(topic);
  });
});

describe('classifyByRules: priority', () => {
  it.each<{ name: string; input: RuleInput; priority: Priority; reason: string }>([
    {
      name: 'safety word',
      input: mention('There is smoke coming out of the charger you sold me'),
      priority: 'P1',
      reason: 'priority P1: safety word "smoke"',
    },
    {
      name: 'stranded with a child',
      input: mention('Flight cancelled and I am stranded with my toddler at the airport'),
      priority: 'P1',
      reason: 'priority P1: safety word "stranded with my toddler"',
    },
    {
      name: 'legal threat',
      input: mention("Still no refund. I'm calling my lawyer"),
      priority: 'P1',
      reason: 'priority P1: legal threat "lawyer"',
    },
    {
      name: 'chargeback',
      input: mention('Filing a chargeback with my bank, your refund never came'),
      priority: 'P1',
      reason: 'priority P1: legal threat "chargeback"',
    },
    {
      name: 'outage',
      input: mention('Broadband down again, third time this week'),
      priority: 'P2',
      reason: 'priority P2: outage word "broadband down"',
    },
    {
      name: 'churn threat',
      input: mention("Refund still hasn't arrived. I'm closing my account"),
      priority: 'P2',
      reason: 'priority P2: churn threat "closing my account"',
    },
    {
      name: 'vulnerable customer',
      input: mention("My elderly dad's wheelchair delivery still hasn't arrived"),
      priority: 'P2',
      reason: 'priority P2: vulnerable customer "elderly", "wheelchair"',
    },
    {
      name: 'direct message complaint',
      input: mention('My order is late again', { direct: true }),
      priority: 'P2',
      reason: 'priority P2: direct message complaint',
    },
    {
      name: 'high reach by followers',
      input: mention('My order is late again', { author: author({ followers: 25_000 }) }),
      priority: 'P2',
      reason: 'high reach: 25,000 followers',
    },
    {
      name: 'high reach by verification',
      input: mention('My order is late again', { author: author({ verified: true }) }),
      priority: 'P2',
      reason: 'high reach: verified author',
    },
    {
      name: 'plain complaint',
      input: mention('My order is late again'),
      priority: 'P3',
      reason: 'priority P3: complaint',
    },
    {
      name: 'request, even by direct message',
      input: mention('How do I change my delivery address?', { direct: true }),
      priority: 'P4',
      reason: 'priority P4: request',
    },
    {
      name: 'praise from a large account',
      input: mention('Love the new app, amazing work', { author: author({ followers: 90_000, verified: true }) }),
      priority: 'P4',
      reason: 'priority P4: praise, not a service need',
    },
  ])('$name → $priority', ({ input, priority, reason }) => {
    // Act
    const result = classifyByRules(input);

    // Assert
    expect(result.priority).toBe(priority);
    expect(result.reasons).toContain(reason);
  });
});

describe('classifyByRules: confidence', () => {
  it.each<{ text: string; band: 'confident' | 'unsure'; intent: Intent }>([
    { text: '?', band: 'unsure', intent: 'request' },
    { text: 'bad', band: 'unsure', intent: 'complaint' },
    { text: 'Thanks, the charger caught fire', band: 'unsure', intent: 'complaint' },
    { text: "My order still hasn't arrived, where is my parcel?", band: 'confident', intent: 'complaint' },
    { text: "Thanks but my order still hasn't arrived", band: 'confident', intent: 'complaint' },
    { text: 'Can you help me reset my password?', band: 'confident', intent: 'request' },
  ])('$text → $intent, $band', ({ text, band, intent }) => {
    // Act
    const result = classifyByRules(mention(text));

    // Assert
    expect(result.intent).toBe(intent);
    if (band === 'confident') expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    else expect(result.confidence).toBeLessThan(0.6);
  });

  it('is more confident when strong signals agree than when praise pulls the other way', () => {
    const clear = classifyByRules(mention('My parcel never arrived and I want a refund'));
    const mixed = classifyByRules(mention('Love you guys, amazing, but bad'));
    expect(clear.confidence).toBeGreaterThan(0.85);
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });

  it('reads an unknown language as low-confidence chatter and says why', () => {
    const result = classifyByRules(mention('Qué buen día para pasear por Madrid'));
    expect(result.confidence).toBeLessThan(0.5);
    expect(result.reasons).toContain('no English words recognised: chatter, low confidence');
  });
});

describe('classifyByRules: reasons', () => {
  it.each<{ text: string; reason: string }>([
    { text: 'Still waiting for my refund', reason: 'complaint words: "still waiting", "refund"' },
    { text: 'Where is my parcel', reason: 'topic orders-delivery: "parcel"' },
    { text: 'No problem, thanks', reason: 'negated, not counted: "no problem"' },
    { text: "Thanks but my order still hasn't arrived", reason: 'contrast: the problem after "but" decides' },
    { text: '?', reason: 'weak signals only' },
    { text: 'Click here https://a.example/1 https://b.example/2 https://c.example/3', reason: 'several links: 3' },
    { text: 'You should add dark mode', reason: 'idea words: "you should add"' },
    { text: '@BrandCo #fail the app is down', reason: 'complaint words: "app is down", "fail"' },
  ])('$text → $reason', ({ text, reason }) => {
    expect(classifyByRules(mention(text)).reasons).toContain(reason);
  });

  it('ignores words inside other words and inside handles and links', () => {
    const result = classifyByRules(
      mention('@lostandfound_bot shared https://example.com/refund-broken in the firehouse'),
    );
    expect(result).toMatchObject({ intent: 'chatter', serviceNeed: false, topic: 'other' });
  });
});

describe('classifyByRules: contract', () => {
  const samples = [
    "Thanks but my order still hasn't arrived",
    'FREE FOLLOWERS click here',
    '',
    ' ',
    '🔥',
    'x'.repeat(10_000),
    'مرحبا، طلبي لم يصل',
    'zero\u200bwidth\u0000null \ud800 lone surrogate',
    "NOT WORKING!!! can't log in ?? 😡😡😡",
  ];

  it.each(samples.map((text) => ({ text: text.slice(0, 40) || '(empty)', full: text })))(
    'returns a valid Classification for $text',
    ({ full }) => {
      const result = classifyByRules(mention(full));
      expect(() => Classification.parse(result)).not.toThrow();
      expect(result.modelVersion).toBe(ruleModelVersion);
      expect(result.reasons.length).toBeGreaterThan(0);
    },
  );

  it('is pure: the same input gives the same output, whatever came before, and the input is untouched', () => {
    // Arrange
    const input = Object.freeze(mention('Still waiting for my refund, order #123 🙏', { direct: true }));
    const first = classifyByRules(input);

    // Act: other texts in between must leave no state behind (global regexes keep lastIndex).
    for (const text of samples) classifyByRules(mention(text));
    const second = classifyByRules(input);

    // Assert
    expect(second).toEqual(first);
    expect(input.text).toBe('Still waiting for my refund, order #123 🙏');
  });
});

describe('urgency signals', () => {
  it.each([
    ['There is smoke coming from the charger, this is dangerous', false, 0, ['safety']],
    ['The app is down and I will be closing my account', false, 0, ['churn', 'outage']],
    ['My parcel never arrived', true, 0, ['direct']],
    ['My parcel never arrived', false, 50_000, ['reach']],
    ['Thanks, love the new store!', true, 50_000, []],
  ])('names the signals behind the priority of %j', (text, direct, followers, expected) => {
    // Act
    const result = classifyByRules({ text, direct, author: { id: 'a', handle: 'a', verified: false, followers } });
    // Assert
    expect(result.urgencySignals).toEqual(expected);
  });
});
