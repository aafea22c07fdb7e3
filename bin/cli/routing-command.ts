import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { routingFilePath, routingProblems } from '../../lambdas/config/routing-settings.ts';
import { describeHours, isOpenAt } from '../../lambdas/domain/business-hours.ts';
import { Priority, Topic } from '../../lambdas/domain/classification.ts';
import { Network } from '../../lambdas/domain/mention.ts';
import {
  type CaseFacts,
  type RoutingCondition,
  type RoutingRules,
  RoutingRules as RoutingRulesSchema,
  routeCase,
} from '../../lambdas/domain/routing-rules.ts';
import { readText } from './api-client.ts';
import { UsageError } from './usage-error.ts';

export const routingUsage = `bridge routing check [FILE]
      Check a routing file (default ${routingFilePath}): queues, hours, rules; every problem with where it is.
  bridge routing try --topic TOPIC [--priority P3] [--language es] [--network x] [--tier vip]
                     [--unknown-customer] [--at ISO] [--waiting queue=N,…] [--file FILE]
      Show where a case would be routed, and why.`;

const defaultFile = fileURLToPath(new URL(`../../${routingFilePath}`, import.meta.url));

/** The file as JSON, or undefined after printing why it is not. */
const readJson = (file: string): unknown => {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    console.error(`${file} is not JSON: ${(error as Error).message}`);
    return undefined;
  }
};

/** The rules of the file, or undefined after printing every problem with its path. */
const readRules = (file: string, label: string): RoutingRules | undefined => {
  const input = readJson(file);
  if (input === undefined) return undefined;
  const problems = routingProblems(input);
  if (problems.length > 0) {
    console.error(`${label} is invalid:`);
    for (const problem of problems) console.error(`  ${problem.path || '(root)'}: ${problem.message}`);
    return undefined;
  }
  return RoutingRulesSchema.parse(input);
};

const describeCondition = (when: RoutingCondition): string => {
  const parts = [
    ...(when.topic ? [`topic ${when.topic.join('|')}`] : []),
    ...(when.language ? [`language ${when.language.join('|')}`] : []),
    ...(when.priority ? [`priority ${when.priority.join('|')}`] : []),
    ...(when.network ? [`network ${when.network.join('|')}`] : []),
    ...(when.tier ? [`tier ${when.tier.join('|')}`] : []),
    ...(when.vip === undefined ? [] : [when.vip ? 'VIP' : 'not VIP']),
    ...(when.unknownCustomer === undefined ? [] : [when.unknownCustomer ? 'unknown customer' : 'known customer']),
  ];
  return parts.length > 0 ? parts.join(', ') : 'every case';
};

/** The rules as people read them: each queue with its hours and hand-overs, each rule in order. */
export const printRules = (rules: RoutingRules, label: string, now: Date): void => {
  console.log(
    `${label} is valid: ${rules.queues.length} queues, ${rules.rules.length} rules, fallback ${rules.fallback}`,
  );
  console.log('\nqueues');
  const width = Math.max(...rules.queues.map((queue) => queue.name.length));
  for (const queue of rules.queues) {
    const extras = [
      ...(queue.afterHours ? [`after hours → ${queue.afterHours}`] : []),
      ...(queue.overflow ? [`at ${queue.overflow.whenWaitingAtLeast} waiting → ${queue.overflow.to}`] : []),
    ];
    console.log(
      `  ${queue.name.padEnd(width)}  ${isOpenAt(queue, now) ? 'open  ' : 'closed'}  ${queue.timeZone}  ${describeHours(queue.hours)}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}`,
    );
  }
  console.log('\nrules (the first that matches wins)');
  rules.rules.forEach((rule, index) => {
    console.log(`  ${index + 1}. ${rule.name}: ${describeCondition(rule.when)} → ${rule.queue}`);
  });
  console.log(`  otherwise → ${rules.fallback}`);
};

const checkCommand = async (args: string[]): Promise<number> => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { at: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`check takes one file, not also ${extra.join(' ')}`);
  const rules = readRules(file ?? defaultFile, file ?? routingFilePath);
  if (!rules) return 1;
  printRules(rules, file ?? routingFilePath, timeOf(values.at));
  return 0;
};

const timeOf = (at: string | undefined): Date => {
  if (at === undefined) return new Date();
  const time = new Date(at);
  if (Number.isNaN(time.getTime()))
    throw new UsageError(`--at ${at} is not a time; write it like 2030-03-30T22:10:00Z`);
  return time;
};

const oneOf = <T extends string>(values: readonly T[], value: string, option: string): T => {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} ${value} is not one of ${values.join(', ')}`);
};

const waitingOf = (text: string | undefined): Record<string, number> =>
  Object.fromEntries(
    (text ?? '')
      .split(',')
      .filter((pair) => pair.trim() !== '')
      .map((pair) => {
        const [queue = '', count = ''] = pair.split('=').map((part) => part.trim());
        if (!/^\d+$/.test(count)) throw new UsageError(`--waiting ${pair}: write queue=N, like billing=50`);
        return [queue, Number(count)];
      }),
  );

const tryCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      topic: { type: 'string' },
      priority: { type: 'string', default: 'P3' },
      language: { type: 'string' },
      network: { type: 'string' },
      tier: { type: 'string' },
      'unknown-customer': { type: 'boolean', default: false },
      at: { type: 'string' },
      waiting: { type: 'string' },
      file: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`try takes options only, not ${positionals.join(' ')}`);
  if (values.topic === undefined) throw new UsageError(`name the case's topic: --topic ${Topic.options.join('|')}`);
  const rules = readRules(values.file ?? defaultFile, values.file ?? routingFilePath);
  if (!rules) return 1;
  const facts: CaseFacts = {
    topic: oneOf(Topic.options, values.topic, 'topic'),
    priority: oneOf(Priority.options, values.priority, 'priority'),
    unknownCustomer: values['unknown-customer'],
    ...(values.language === undefined ? {} : { language: values.language }),
    ...(values.network === undefined ? {} : { network: oneOf(Network.options, values.network, 'network') }),
    ...(values.tier === undefined ? {} : { tier: values.tier }),
  };
  const decision = routeCase(facts, rules, timeOf(values.at), waitingOf(values.waiting));
  console.log(`${decision.queue} (rule ${decision.rule})\n  ${decision.reason}`);
  return 0;
};

const subcommands: Record<string, (args: string[]) => Promise<number>> = { check: checkCommand, try: tryCommand };

/** `bridge routing check [FILE]` and `bridge routing try …`: the routing rules, checked and tried. */
export const routingCommand = async (args: string[]): Promise<number> => {
  const [name, ...rest] = args;
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (!subcommand) throw new UsageError(`say what to do with the routing rules:\n  ${routingUsage}`);
  return subcommand(rest);
};
