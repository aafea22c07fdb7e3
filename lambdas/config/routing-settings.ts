import { z } from 'zod';
import routingFile from '../../config/routing.json' with { type: 'json' };
import { tables } from '../../lib/definitions.ts';
import type { FieldIssue } from '../domain/errors.ts';
import { type RoutingRules, RoutingRules as RoutingRulesSchema } from '../domain/routing-rules.ts';
import { toFieldIssues } from '../domain/validation.ts';
import { ConfigError } from './load-config.ts';
import { EventSettings, TableSettings } from './settings.ts';

/** Where the routing rules live in the repository; bundled into each function that routes. */
export const routingFilePath = 'config/routing.json';

/** Environment variable with the URL of each team's SQS queue, as JSON `{"billing": "https://sqs…", …}`. */
export const teamQueueUrlsEnv = 'TEAM_QUEUE_URLS';

/** Every problem of a routing file, each with the path it is at (`rules[2].queue`); empty when it is valid. */
export const routingProblems = (input: unknown): FieldIssue[] => {
  const result = RoutingRulesSchema.safeParse(input);
  return result.success ? [] : toFieldIssues(result.error);
};

/** The rules of a routing file, or a ConfigError naming every problem and where it is. */
export const loadRoutingRules = (input: unknown, source: string): RoutingRules => {
  const result = RoutingRulesSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = toFieldIssues(result.error).map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
  throw new ConfigError(`${source} is invalid: ${problems.join('; ')}.`);
};

/**
 * The rules every function routes by, read from `config/routing.json` when the module loads, so
 * that a broken file stops `cdk synth`, the local runtime and a Lambda's start alike.
 */
export const routingRules: RoutingRules = loadRoutingRules(routingFile, routingFilePath);

/** The team queue names the stack creates an SQS queue for, one per declared queue. */
export const teamQueueNames = (rules: Pick<RoutingRules, 'queues'> = routingRules): string[] =>
  rules.queues.map((queue) => queue.name);

/** `TEAM_QUEUE_URLS` for `rules`: a URL for every declared queue, and no URL for a queue it does not declare. */
export const teamQueueUrls = (rules: Pick<RoutingRules, 'queues'> = routingRules) => {
  const names = teamQueueNames(rules);
  const expected = `to a JSON object with the URL of each team queue (${names.join(', ')}), like {"billing": "https://sqs…"}`;
  return z
    .string({ error: expected })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${expected}; it is not JSON` });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.url({ error: 'to a queue URL' }), { error: expected }))
    .superRefine((urls, ctx) => {
      const missing = names.filter((name) => urls[name] === undefined);
      const unknown = Object.keys(urls).filter((name) => !names.includes(name));
      if (missing.length > 0) ctx.addIssue({ code: 'custom', message: `${expected}; ${missing.join(', ')} missing` });
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${expected}; ${unknown.join(', ')} not declared in ${routingFilePath}`,
        });
      }
    });
};

/** What a function that routes cases needs besides its tables: where each team queue is. */
export const RoutingSettings = z.object({ [teamQueueUrlsEnv]: teamQueueUrls() });
export type RoutingSettings = z.output<typeof RoutingSettings>;

/**
 * The agent API: the case tables and those a resolution touches (the customer's marketing hold
 * in the lookups table, announced on the bus). Team queues and claiming are the built-in case
 * store's own; with Amazon Connect Cases, Connect's routing and agent workspace do this job.
 */
export const AgentApiSettings = TableSettings.extend({ ...EventSettings.shape });
export type AgentApiSettings = z.output<typeof AgentApiSettings>;

/** The team queues' consumer: it only marks cases as queued in the cases table. */
export const TeamIntakeSettings = z.object({
  [tables.cases.envVar]: z
    .string({ error: 'to the name of the cases table' })
    .trim()
    .min(1, 'to the name of the cases table (it is empty)'),
});
export type TeamIntakeSettings = z.output<typeof TeamIntakeSettings>;
