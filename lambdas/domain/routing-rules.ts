import { z } from 'zod';
import './zod-messages.ts';
import { BusinessHours, isOpenAt, localTimeLabel, TimeZone } from './business-hours.ts';
import { Priority, Topic } from './classification.ts';
import { Network } from './mention.ts';

/**
 * Names of queues and rules: they become SQS queue names, local queue names and index keys, so
 * they keep to the characters all of those take.
 */
const Name = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, like "tech-support"');

/** A condition names one value or a list of values, any of which matches. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).min(1)], {
      // When neither a value nor a list fits, say what a value should have been.
      error: (issue) =>
        issue.code === 'invalid_union' ? `${issue.errors[0]?.[0]?.message ?? 'invalid'}, or a list of such` : undefined,
    })
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

const Language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code, like "es"');

const Tier = z.string().trim().min(1).toLowerCase();

/** What a rule asks of a case; every condition given must hold, and a rule with none matches every case. */
export const RoutingCondition = z.strictObject({
  topic: oneOrMany(Topic).optional(),
  /** The language the customer wrote in (ISO 639), as detected on the mention. */
  language: oneOrMany(Language).optional(),
  priority: oneOrMany(Priority).optional(),
  network: oneOrMany(Network).optional(),
  /** The customer's service tier from the CRM, compared without case. */
  tier: oneOrMany(Tier).optional(),
  /** Whether the customer's tier is one of `vipTiers`. */
  vip: z.boolean().optional(),
  /** Whether the bridge could not tie the author to a customer. */
  unknownCustomer: z.boolean().optional(),
});
export type RoutingCondition = z.output<typeof RoutingCondition>;

export const RoutingRule = z.strictObject({
  name: Name,
  description: z.string().optional(),
  when: RoutingCondition.default({}),
  queue: Name,
});
export type RoutingRule = z.output<typeof RoutingRule>;

export const TeamQueue = z.strictObject({
  name: Name,
  description: z.string().optional(),
  /** The IANA zone the opening hours are read in. */
  timeZone: TimeZone,
  hours: BusinessHours,
  /** Where cases go while this queue is closed; the fallback queue when not given. */
  afterHours: Name.optional(),
  /** Where cases go while this many or more already wait here. */
  overflow: z.strictObject({ whenWaitingAtLeast: z.number().int().min(1), to: Name }).optional(),
});
export type TeamQueue = z.output<typeof TeamQueue>;

/** The name under which a decision made by no rule (none matched) is recorded. */
export const fallbackRuleName = 'fallback';

const duplicates = <T>(items: readonly T[], key: (item: T) => string) => {
  const first = new Map<string, number>();
  const found: { index: number; name: string; firstIndex: number }[] = [];
  items.forEach((item, index) => {
    const name = key(item);
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, index);
    else found.push({ index, name, firstIndex: earlier });
  });
  return found;
};

/**
 * The routing file: team queues with their hours, the ordered rules that pick a queue for a
 * case (the first that matches wins), and the fallback queue for cases no rule matches. Every
 * queue a rule, an overflow or an after-hours choice names must be declared.
 */
export const RoutingRules = z
  .strictObject({
    fallback: Name,
    /** Tiers that count as VIP for the `vip` condition, compared without case. */
    vipTiers: z.array(Tier).default(['vip']),
    queues: z.array(TeamQueue).min(1, 'declare at least one queue'),
    rules: z.array(RoutingRule),
  })
  .superRefine((value, ctx) => {
    const names = new Set(value.queues.map((queue) => queue.name));
    const known = [...names].join(', ');
    const mustExist = (name: string | undefined, path: (string | number)[]) => {
      if (name !== undefined && !names.has(name)) {
        ctx.addIssue({ code: 'custom', path, message: `names no queue: "${name}"; the queues are ${known}` });
      }
    };
    for (const { index, name, firstIndex } of duplicates(value.queues, (queue) => queue.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['queues', index, 'name'],
        message: `queue "${name}" is declared twice (first at queues[${firstIndex}])`,
      });
    }
    for (const { index, name, firstIndex } of duplicates(value.rules, (rule) => rule.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', index, 'name'],
        message: `rule "${name}" is declared twice (first at rules[${firstIndex}])`,
      });
    }
    mustExist(value.fallback, ['fallback']);
    value.queues.forEach((queue, index) => {
      mustExist(queue.afterHours, ['queues', index, 'afterHours']);
      mustExist(queue.overflow?.to, ['queues', index, 'overflow', 'to']);
      if (queue.afterHours === queue.name) {
        ctx.addIssue({
          code: 'custom',
          path: ['queues', index, 'afterHours'],
          message: `queue "${queue.name}" cannot take its own after-hours cases; leave afterHours out to use the fallback`,
        });
      }
      if (queue.overflow?.to === queue.name) {
        ctx.addIssue({
          code: 'custom',
          path: ['queues', index, 'overflow', 'to'],
          message: `queue "${queue.name}" cannot overflow into itself`,
        });
      }
    });
    let catchAll: string | undefined;
    value.rules.forEach((rule, index) => {
      mustExist(rule.queue, ['rules', index, 'queue']);
      if (rule.name === fallbackRuleName) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'name'],
          message: `"${fallbackRuleName}" names the decision when no rule matches; call the rule something else`,
        });
      }
      if (catchAll !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index],
          message: `rule "${rule.name}" can never match: rule "${catchAll}" before it matches every case`,
        });
      }
      if (Object.keys(rule.when).length === 0) catchAll ??= rule.name;
    });
  });
export type RoutingRules = z.output<typeof RoutingRules>;
export type RoutingRulesInput = z.input<typeof RoutingRules>;

/** What routing knows about a case. `language` and `network` are absent for a phone or store case. */
export interface CaseFacts {
  readonly topic: Topic;
  readonly priority: Priority;
  readonly language?: string;
  readonly network?: Network;
  /** The customer's tier from the CRM, when the customer is known and has one. */
  readonly tier?: string;
  /** Whether the customer is a VIP; worked out from `tier` and the rules' `vipTiers` when absent. */
  readonly vip?: boolean;
  readonly unknownCustomer: boolean;
}

/** Which queue a case goes to, by which rule, and why in words a person can check. */
export interface RoutingDecision {
  readonly rule: string;
  readonly queue: string;
  readonly reason: string;
}

/** Cases waiting per queue, as far as routing needs to know (the queues with an overflow). */
export type WaitingCounts = Readonly<Record<string, number>>;

export const isVipTier = (tier: string | undefined, rules: Pick<RoutingRules, 'vipTiers'>): boolean =>
  tier !== undefined && rules.vipTiers.includes(tier.trim().toLowerCase());

export const queueNamed = (rules: Pick<RoutingRules, 'queues'>, name: string): TeamQueue | undefined =>
  rules.queues.find((queue) => queue.name === name);

/**
 * The queues whose waiting cases routing must count, with the count that makes them overflow:
 * a caller reads at most that many per queue.
 */
export const overflowThresholds = (rules: Pick<RoutingRules, 'queues'>): Readonly<Record<string, number>> =>
  Object.fromEntries(
    rules.queues.flatMap((queue) => (queue.overflow ? [[queue.name, queue.overflow.whenWaitingAtLeast]] : [])),
  );

const yesNo = (value: boolean, yes: string, no: string) => (value ? yes : no);

/** The conditions of `when` the case meets, in words, or undefined when one fails. */
const matchedConditions = (when: RoutingCondition, facts: CaseFacts, vip: boolean): string[] | undefined => {
  const met: string[] = [];
  const listed = <T>(allowed: readonly T[] | undefined, actual: T | undefined, label: string): boolean => {
    if (allowed === undefined) return true;
    if (actual === undefined || !allowed.includes(actual)) return false;
    met.push(`${label} ${String(actual)}`);
    return true;
  };
  const flag = (wanted: boolean | undefined, actual: boolean, yes: string, no: string): boolean => {
    if (wanted === undefined) return true;
    if (wanted !== actual) return false;
    met.push(yesNo(actual, yes, no));
    return true;
  };
  const ok =
    listed(when.topic, facts.topic, 'topic') &&
    listed(when.language, facts.language?.toLowerCase(), 'language') &&
    listed(when.priority, facts.priority, 'priority') &&
    listed(when.network, facts.network, 'network') &&
    listed(when.tier, facts.tier?.trim().toLowerCase(), 'tier') &&
    flag(when.vip, vip, 'VIP customer', 'not a VIP customer') &&
    flag(when.unknownCustomer, facts.unknownCustomer, 'unknown customer', 'known customer');
  return ok ? met : undefined;
};

const describeFacts = (facts: CaseFacts, vip: boolean): string =>
  [
    `topic ${facts.topic}`,
    `priority ${facts.priority}`,
    ...(facts.language ? [`language ${facts.language}`] : []),
    ...(facts.network ? [`network ${facts.network}`] : []),
    ...(facts.tier ? [`tier ${facts.tier}`] : []),
    ...(vip ? ['VIP customer'] : []),
    yesNo(facts.unknownCustomer, 'unknown customer', 'known customer'),
  ].join(', ');

/** The first rule the case meets, with the conditions it met; undefined when none does. */
export const firstMatchingRule = (
  facts: CaseFacts,
  rules: RoutingRules,
): { rule: RoutingRule; conditions: string[] } | undefined => {
  const vip = facts.vip ?? isVipTier(facts.tier, rules);
  for (const rule of rules.rules) {
    const conditions = matchedConditions(rule.when, facts, vip);
    if (conditions) return { rule, conditions };
  }
  return undefined;
};

/**
 * Picks the team queue for a case. The first rule the case meets names a queue (none: the
 * fallback queue). A queue closed at `now`, by its own time zone, passes the case on to its
 * after-hours queue (or the fallback); an open queue with `whenWaitingAtLeast` or more cases
 * waiting passes it on to its overflow queue. Each queue is passed over at most once, so a ring
 * of closed queues ends with the case waiting in the last of them. The reason names the rule, the
 * conditions the case met, and every step after it.
 */
export const routeCase = (
  facts: CaseFacts,
  rules: RoutingRules,
  now: Date,
  waitingCounts: WaitingCounts,
): RoutingDecision => {
  const vip = facts.vip ?? isVipTier(facts.tier, rules);
  const match = firstMatchingRule({ ...facts, vip }, rules);
  const rule = match?.rule.name ?? fallbackRuleName;
  let current = match?.rule.queue ?? rules.fallback;
  const steps = [
    match === undefined
      ? `no rule matched (${describeFacts(facts, vip)}) → fallback ${current}`
      : `rule "${rule}" (${match.conditions.length > 0 ? match.conditions.join(', ') : 'every case'}) → ${current}`,
  ];
  const passed = new Set<string>();
  for (;;) {
    passed.add(current);
    const queue = queueNamed(rules, current);
    // The schema guarantees every named queue exists; a hand-built rule set may not.
    if (queue === undefined) {
      steps.push(`${current} is not a declared queue → fallback ${rules.fallback}`);
      current = rules.fallback;
      if (passed.has(current)) break;
      continue;
    }
    if (!isOpenAt(queue, now)) {
      const next = queue.afterHours ?? rules.fallback;
      const closed = `${current} is closed (${queue.timeZone}, ${localTimeLabel(queue, now)})`;
      if (passed.has(next)) {
        steps.push(`${closed}, and no queue after it is open; it waits here until ${current} opens`);
        break;
      }
      steps.push(`${closed}; after hours → ${queue.afterHours === undefined ? `fallback ${next}` : next}`);
      current = next;
      continue;
    }
    const waiting = waitingCounts[current] ?? 0;
    if (queue.overflow && waiting >= queue.overflow.whenWaitingAtLeast) {
      const next = queue.overflow.to;
      const full = `${current} has ${waiting} waiting (overflows at ${queue.overflow.whenWaitingAtLeast})`;
      if (passed.has(next)) {
        steps.push(`${full}, but ${next} was passed over already; it stays here`);
        break;
      }
      steps.push(`${full} → ${next}`);
      current = next;
      continue;
    }
    break;
  }
  return { rule, queue: current, reason: steps.join('; ') };
};
