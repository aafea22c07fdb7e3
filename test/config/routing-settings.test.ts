import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lambdas/config/load-config.ts';
import {
  loadRoutingRules,
  RoutingSettings,
  routingRules,
  teamQueueNames,
  teamQueueUrls,
  teamQueueUrlsEnv,
} from '../../lambdas/config/routing-settings.ts';

const urlOf = (queue: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/bridge-team-${queue}`;
const allUrls = () => Object.fromEntries(teamQueueNames().map((queue) => [queue, urlOf(queue)]));

/** The error `act` threw, or undefined. */
const errorOf = (act: () => unknown): Error | undefined => {
  try {
    act();
    return undefined;
  } catch (error) {
    return error as Error;
  }
};

describe('routing settings', () => {
  it('loads config/routing.json: the topic teams, a VIP and a Spanish queue, and the fallback', () => {
    // Act
    const names = teamQueueNames();
    // Assert
    expect(names).toEqual(['social-care', 'billing', 'orders', 'tech-support', 'travel', 'claims', 'vip', 'spanish']);
    expect(routingRules.fallback).toBe('social-care');
  });

  it('stops with one ConfigError naming the file and every problem with its path', () => {
    // Arrange
    const broken = {
      fallback: 'care',
      queues: [{ name: 'care', timeZone: 'Mars/Olympus', hours: '24x7' }],
      rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'bills' }],
    };
    // Act
    const error = errorOf(() => loadRoutingRules(broken, 'routing.json'));
    // Assert
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toBe(
      'routing.json is invalid: queues[0].timeZone: "Mars/Olympus" is not an IANA time zone (like "Europe/London" or "America/New_York"); rules[0].queue: names no queue: "bills"; the queues are care.',
    );
  });

  it('reads TEAM_QUEUE_URLS as JSON with a URL for every team queue', () => {
    // Arrange
    const env = { [teamQueueUrlsEnv]: JSON.stringify(allUrls()) };
    // Act
    const settings = loadConfig(RoutingSettings, env);
    // Assert
    expect(settings[teamQueueUrlsEnv]).toEqual(allUrls());
  });

  it('says which team queues TEAM_QUEUE_URLS lacks, or has too many of, and when it is no JSON', () => {
    // Arrange
    const { billing: _billing, vip: _vip, ...partial } = allUrls();
    const rules = { queues: routingRules.queues };
    // Act
    const missing = teamQueueUrls(rules).safeParse(JSON.stringify(partial));
    const extra = teamQueueUrls(rules).safeParse(JSON.stringify({ ...allUrls(), payroll: urlOf('payroll') }));
    const notJson = errorOf(() => loadConfig(RoutingSettings, { [teamQueueUrlsEnv]: 'billing=https://sqs' }));
    const absent = errorOf(() => loadConfig(RoutingSettings, {}));
    // Assert
    expect(missing.error?.issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/; billing, vip missing$/),
    ]);
    expect(extra.error?.issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/; payroll not declared in config\/routing\.json$/),
    ]);
    expect(notJson?.message).toMatch(
      /^The function cannot start: set TEAM_QUEUE_URLS: to a JSON object .*; it is not JSON\.$/,
    );
    expect(absent?.message).toBe(
      'The function cannot start: set TEAM_QUEUE_URLS: to a JSON object with the URL of each team queue (social-care, billing, orders, tech-support, travel, claims, vip, spanish), like {"billing": "https://sqs…"}.',
    );
  });
});
