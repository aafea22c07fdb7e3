import { describe, expect, it } from 'vitest';
import { routingRules as defaultRules } from '../../lambdas/config/routing-settings.ts';
import { Topic } from '../../lambdas/domain/classification.ts';
import { queueFor } from '../../lambdas/domain/routing.ts';
import {
  type CaseFacts,
  fallbackRuleName,
  overflowThresholds,
  RoutingRules,
  type RoutingRulesInput,
  routeCase,
} from '../../lambdas/domain/routing-rules.ts';
import { toFieldIssues } from '../../lambdas/domain/validation.ts';

const weekdays = (range: string) => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range] });

const input: RoutingRulesInput = {
  fallback: 'care',
  vipTiers: ['Gold'],
  queues: [
    { name: 'care', timeZone: 'Europe/London', hours: '24x7' },
    {
      name: 'billing',
      timeZone: 'Europe/London',
      hours: weekdays('09:00-17:00'),
      afterHours: 'care',
      overflow: { whenWaitingAtLeast: 3, to: 'care' },
    },
    { name: 'spanish', timeZone: 'Europe/Madrid', hours: weekdays('09:00-18:00') },
    { name: 'vip', timeZone: 'America/New_York', hours: '24x7' },
  ],
  rules: [
    { name: 'vip', when: { vip: true }, queue: 'vip' },
    { name: 'urgent-spanish', when: { language: 'ES', priority: ['P1', 'P2'] }, queue: 'spanish' },
    { name: 'unknown-on-x', when: { unknownCustomer: true, network: 'x' }, queue: 'care' },
    { name: 'billing', when: { topic: 'billing' }, queue: 'billing' },
    { name: 'silver', when: { tier: ['silver', 'bronze'] }, queue: 'billing' },
  ],
};
const rules = RoutingRules.parse(input);

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  topic: 'billing',
  priority: 'P3',
  unknownCustomer: false,
  ...overrides,
});

// Wednesday 2030-01-09 at noon in London: every weekday queue is open.
const wednesdayNoon = new Date('2030-01-09T12:00:00Z');
// Saturday 2030-03-30 at 22:10 in London (GMT until the clocks change the next morning).
const saturdayNight = new Date('2030-03-30T22:10:00Z');

/** The problems of a routing file, as `path: message`. */
const problemsOf = (value: unknown): string[] => {
  const result = RoutingRules.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error).map((issue) => `${issue.path}: ${issue.message}`);
};

describe('routeCase (rules)', () => {
  it('takes the first rule the case meets and names it with the conditions it met', () => {
    // Arrange: a billing case in Spanish meets "urgent-spanish" before "billing".
    const spanishBilling = facts({ language: 'es', priority: 'P2' });
    // Act
    const decision = routeCase(spanishBilling, rules, wednesdayNoon, {});
    // Assert
    expect(decision).toEqual({
      rule: 'urgent-spanish',
      queue: 'spanish',
      reason: 'rule "urgent-spanish" (language es, priority P2) → spanish',
    });
  });

  it('needs every condition of a rule: a Spanish P3 case is not urgent-spanish', () => {
    // Act
    const decision = routeCase(facts({ language: 'es', priority: 'P3' }), rules, wednesdayNoon, {});
    // Assert
    expect(decision).toEqual({ rule: 'billing', queue: 'billing', reason: 'rule "billing" (topic billing) → billing' });
  });

  it('treats the customer’s tier as VIP when the rules list it, without regard to case', () => {
    // Act
    const byTier = routeCase(facts({ tier: 'GOLD' }), rules, wednesdayNoon, {});
    const byFlag = routeCase(facts({ tier: 'gold', vip: false }), rules, wednesdayNoon, {});
    const byList = routeCase(facts({ topic: 'other', tier: 'Silver' }), rules, wednesdayNoon, {});
    // Assert
    expect(byTier).toEqual({ rule: 'vip', queue: 'vip', reason: 'rule "vip" (VIP customer) → vip' });
    expect(byFlag.rule).toBe('billing');
    expect(byList).toEqual({ rule: 'silver', queue: 'billing', reason: 'rule "silver" (tier silver) → billing' });
  });

  it('matches unknown customers by network', () => {
    // Act
    const onX = routeCase(facts({ unknownCustomer: true, network: 'x' }), rules, wednesdayNoon, {});
    const onFacebook = routeCase(facts({ unknownCustomer: true, network: 'facebook' }), rules, wednesdayNoon, {});
    // Assert
    expect(onX.reason).toBe('rule "unknown-on-x" (network x, unknown customer) → care');
    expect(onFacebook.rule).toBe('billing');
  });

  it('sends a case no rule meets to the fallback queue and says what it knew', () => {
    // Act
    const decision = routeCase(
      facts({ topic: 'store-staff', language: 'fr', network: 'instagram', tier: 'bronze-plus' }),
      rules,
      wednesdayNoon,
      {},
    );
    // Assert
    expect(decision).toEqual({
      rule: fallbackRuleName,
      queue: 'care',
      reason:
        'no rule matched (topic store-staff, priority P3, language fr, network instagram, tier bronze-plus, known customer) → fallback care',
    });
  });

  it('passes a case on to the after-hours queue when its queue is closed, by the queue’s own clock', () => {
    // Act
    const decision = routeCase(facts(), rules, saturdayNight, {});
    // Assert
    expect(decision).toEqual({
      rule: 'billing',
      queue: 'care',
      reason:
        'rule "billing" (topic billing) → billing; billing is closed (Europe/London, Sat 22:10); after hours → care',
    });
  });

  it('uses the fallback after hours when a closed queue names no after-hours queue', () => {
    // Act: 17:30 in Madrid (UTC+1 in winter) is still open; 18:30 is not.
    const open = routeCase(facts({ language: 'es', priority: 'P1' }), rules, new Date('2030-01-09T16:30:00Z'), {});
    const closed = routeCase(facts({ language: 'es', priority: 'P1' }), rules, new Date('2030-01-09T17:30:00Z'), {});
    // Assert
    expect(open.queue).toBe('spanish');
    expect(closed).toEqual({
      rule: 'urgent-spanish',
      queue: 'care',
      reason:
        'rule "urgent-spanish" (language es, priority P1) → spanish; spanish is closed (Europe/Madrid, Wed 18:30); after hours → fallback care',
    });
  });

  it('opens with summer time: 08:30 UTC on a Monday is closed in January and open in July', () => {
    // Act
    const january = routeCase(facts(), rules, new Date('2030-01-07T08:30:00Z'), {});
    const july = routeCase(facts(), rules, new Date('2030-07-01T08:30:00Z'), {});
    // Assert
    expect(january.queue).toBe('care');
    expect(january.reason).toContain('billing is closed (Europe/London, Mon 08:30)');
    expect(july.queue).toBe('billing');
  });

  it('overflows at the threshold and not below it', () => {
    // Act
    const below = routeCase(facts(), rules, wednesdayNoon, { billing: 2 });
    const at = routeCase(facts(), rules, wednesdayNoon, { billing: 3 });
    // Assert
    expect(below.queue).toBe('billing');
    expect(at).toEqual({
      rule: 'billing',
      queue: 'care',
      reason: 'rule "billing" (topic billing) → billing; billing has 3 waiting (overflows at 3) → care',
    });
  });

  it('follows a chain of closed queues, and stops in a ring of them where the case waits', () => {
    // Arrange: a closed, its after-hours b closed, b's after-hours back to a.
    const ring = RoutingRules.parse({
      fallback: 'a',
      queues: [
        { name: 'a', timeZone: 'UTC', hours: {}, afterHours: 'b' },
        { name: 'b', timeZone: 'UTC', hours: {}, afterHours: 'a' },
      ],
      rules: [{ name: 'all', queue: 'a' }],
    });
    // Act
    const decision = routeCase(facts(), ring, wednesdayNoon, {});
    // Assert
    expect(decision).toEqual({
      rule: 'all',
      queue: 'b',
      reason:
        'rule "all" (every case) → a; a is closed (UTC, Wed 12:00); after hours → b; b is closed (UTC, Wed 12:00), and no queue after it is open; it waits here until b opens',
    });
  });

  it('does not bounce between two full queues that overflow into each other', () => {
    // Arrange
    const pair = RoutingRules.parse({
      fallback: 'a',
      queues: [
        { name: 'a', timeZone: 'UTC', hours: '24x7', overflow: { whenWaitingAtLeast: 5, to: 'b' } },
        { name: 'b', timeZone: 'UTC', hours: '24x7', overflow: { whenWaitingAtLeast: 5, to: 'a' } },
      ],
      rules: [],
    });
    // Act
    const decision = routeCase(facts(), pair, wednesdayNoon, { a: 9, b: 7 });
    // Assert
    expect(decision).toEqual({
      rule: fallbackRuleName,
      queue: 'b',
      reason:
        'no rule matched (topic billing, priority P3, known customer) → fallback a; a has 9 waiting (overflows at 5) → b; b has 7 waiting (overflows at 5), but a was passed over already; it stays here',
    });
  });

  it('lists the queues whose waiting cases must be counted, with their thresholds', () => {
    // Act / Assert
    expect(overflowThresholds(rules)).toEqual({ billing: 3 });
  });
});

describe('RoutingRules validation', () => {
  it('names every queue that is referred to but not declared, with its path', () => {
    // Arrange
    const broken = {
      fallback: 'carer',
      queues: [
        {
          name: 'care',
          timeZone: 'UTC',
          hours: '24x7',
          afterHours: 'night',
          overflow: { whenWaitingAtLeast: 2, to: 'overflow' },
        },
      ],
      rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'biling' }],
    };
    // Act / Assert
    expect(problemsOf(broken)).toEqual([
      'fallback: names no queue: "carer"; the queues are care',
      'queues[0].afterHours: names no queue: "night"; the queues are care',
      'queues[0].overflow.to: names no queue: "overflow"; the queues are care',
      'rules[0].queue: names no queue: "biling"; the queues are care',
    ]);
  });

  it('refuses duplicate names, self-references, the reserved rule name and rules after a catch-all', () => {
    // Arrange
    const broken = {
      fallback: 'care',
      queues: [
        { name: 'care', timeZone: 'UTC', hours: '24x7' },
        {
          name: 'care',
          timeZone: 'UTC',
          hours: '24x7',
          afterHours: 'care',
          overflow: { whenWaitingAtLeast: 1, to: 'care' },
        },
      ],
      rules: [
        { name: 'fallback', when: { topic: 'billing' }, queue: 'care' },
        { name: 'everything', queue: 'care' },
        { name: 'everything', when: { topic: 'other' }, queue: 'care' },
      ],
    };
    // Act / Assert
    expect(problemsOf(broken)).toEqual([
      'queues[1].name: queue "care" is declared twice (first at queues[0])',
      'rules[2].name: rule "everything" is declared twice (first at rules[1])',
      'queues[1].afterHours: queue "care" cannot take its own after-hours cases; leave afterHours out to use the fallback',
      'queues[1].overflow.to: queue "care" cannot overflow into itself',
      'rules[0].name: "fallback" names the decision when no rule matches; call the rule something else',
      'rules[2]: rule "everything" can never match: rule "everything" before it matches every case',
    ]);
  });

  it('names bad time zones, hours, conditions and names where they are', () => {
    // Arrange
    const broken = {
      fallback: 'care',
      queues: [
        { name: 'care', timeZone: 'Europe/Londres', hours: { sat: ['17:00-09:00'] } },
        { name: 'Tech Support', timeZone: 'UTC', hours: '24x7' },
      ],
      rules: [
        { name: 'misc', when: { topic: 'bills', priority: ['P1', 'P9'], language: 'spanish' }, queue: 'care' },
        { name: 'odd', when: { colour: 'red' }, queue: 'care' },
      ],
    };
    // Act
    const problems = problemsOf(broken);
    // Assert
    expect(problems).toEqual([
      'queues[0].timeZone: "Europe/Londres" is not an IANA time zone (like "Europe/London" or "America/New_York")',
      'queues[0].hours.sat[0]: "17:00-09:00" ends before it starts; write a range across midnight as two, "17:00-24:00" on one day and "00:00-09:00" on the next',
      'queues[1].name: must be lower-case letters, digits and dashes, like "tech-support"',
      expect.stringMatching(
        /^rules\[0\]\.when\.topic: Invalid option: expected one of "billing"\|.*, or a list of such$/,
      ),
      'rules[0].when.language: must be an ISO 639 language code, like "es"',
      'rules[0].when.priority: Invalid option: expected one of "P1"|"P2"|"P3"|"P4", or a list of such',
      'rules[1].when: Unrecognized key: "colour"',
    ]);
  });
});

describe('config/routing.json', () => {
  it('routes every topic to the queue queueFor names while that queue is open and the case has no language or VIP rule', () => {
    // Arrange: Wednesday 12:00 in London, when every team is open.
    const topics = Topic.options;
    // Act
    const queues = topics.map((topic) => routeCase(facts({ topic }), defaultRules, wednesdayNoon, {}).queue);
    // Assert
    expect(queues).toEqual(topics.map((topic) => queueFor(topic)));
  });

  it('sends VIP customers and Spanish speakers to their own queues', () => {
    // Act
    const vip = routeCase(facts({ tier: 'Platinum' }), defaultRules, wednesdayNoon, {});
    const spanish = routeCase(facts({ language: 'es' }), defaultRules, wednesdayNoon, {});
    // Assert
    expect([vip.queue, spanish.queue]).toEqual(['vip', 'spanish']);
  });
});
