import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routingCommand } from '../../bin/cli/routing-command.ts';
import { UsageError } from '../../bin/cli/usage-error.ts';

const tempFile = (name: string, content: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'routing-')), name);
  writeFileSync(file, content);
  return file;
};

/** Runs the command and returns its exit code with what it printed to stdout and stderr. */
const run = async (args: string[]) => {
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const code = await routingCommand(args);
  const text = (spy: typeof out) => spy.mock.calls.map((call) => call.join(' ')).join('\n');
  return { code, stdout: text(out), stderr: text(err) };
};

describe('bridge routing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('check: says the shipped rules are valid and lists queues with their hours and rules in order', async () => {
    // Act: Saturday 22:10 in London.
    const { code, stdout, stderr } = await run(['check', '--at', '2030-03-30T22:10:00Z']);
    // Assert
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('config/routing.json is valid: 8 queues, 7 rules, fallback social-care');
    expect(stdout).toContain(
      '  billing       closed  Europe/London  mon-fri 08:00-20:00, sat 09:00-17:00; after hours → social-care; at 50 waiting → social-care',
    );
    expect(stdout).toContain('  1. vip-customers: VIP → vip');
    expect(stdout).toContain('  5. technical: topic outage-technical|account-access → tech-support');
    expect(stdout).toContain('  otherwise → social-care');
  });

  it('check: lists every problem of a broken file with its path and exits 1', async () => {
    // Arrange
    const file = tempFile(
      'routing.json',
      JSON.stringify({
        fallback: 'care',
        queues: [{ name: 'care', timeZone: 'Europe/Paris', hours: { mon: ['18:00-08:00'] } }],
        rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'bills' }],
      }),
    );
    // Act
    const { code, stdout, stderr } = await run(['check', file]);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      `${file} is invalid:`,
      '  queues[0].hours.mon[0]: "18:00-08:00" ends before it starts; write a range across midnight as two, "18:00-24:00" on one day and "00:00-08:00" on the next',
      '  rules[0].queue: names no queue: "bills"; the queues are care',
    ]);
  });

  it('check: says when the file is not JSON', async () => {
    // Arrange
    const file = tempFile('routing.json', '{ "fallback": ');
    // Act
    const { code, stderr } = await run(['check', file]);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not JSON: `));
  });

  it('try: shows where a case would go and why', async () => {
    // Act
    const { code, stdout } = await run(['try', '--topic', 'billing', '--at', '2030-03-30T22:10:00Z']);
    // Assert
    expect(code).toBe(0);
    expect(stdout).toBe(
      'social-care (rule billing)\n  rule "billing" (topic billing) → billing; billing is closed (Europe/London, Sat 22:10); after hours → social-care',
    );
  });

  it('refuses what it cannot do with a usage message', async () => {
    // Act / Assert
    await expect(routingCommand([])).rejects.toThrow(UsageError);
    await expect(routingCommand(['try'])).rejects.toThrow("name the case's topic");
    await expect(routingCommand(['try', '--topic', 'bills'])).rejects.toThrow('--topic bills is not one of billing');
    await expect(routingCommand(['try', '--topic', 'billing', '--at', 'soon'])).rejects.toThrow(
      '--at soon is not a time',
    );
  });
});
