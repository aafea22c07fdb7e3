import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMentions, toNdjson } from '../fixtures/mention-generator.ts';
import { fixtureBody, signX } from '../support/signing.ts';

const bridge = join(import.meta.dirname, '..', '..', 'bin', 'bridge.js');
const xSecret = 'cli-test-x-secret';

const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bridge, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `bridge serve` as a real process, driven as a user would: start, use with `bridge ingest`, Ctrl-C. */
describe('the bridge command', () => {
  let server: ChildProcess;
  let output = '';
  let url = '';
  let dynamoEndpoint = '';

  beforeAll(async () => {
    server = spawn(process.execPath, [bridge, 'serve', '--port', '0', '--in-memory', '--api-key', 'cli-key'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The generated mentions would make a surge; these tests are about ingest, not incidents.
      env: { ...process.env, X_CONSUMER_SECRET: xSecret, SURGE_THRESHOLD: '1000' },
    });
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl-C') && Date.now() < deadline && server.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    url = /API\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
    dynamoEndpoint = /DynamoDB\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('serve prints the URLs and how to try it', () => {
    expect(output).toContain('Social Service Bridge is running.');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('x-api-key: cli-key');
    expect(dynamoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('ingest sends an NDJSON file and summarises accepted, rejected with reasons, and dispositions', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
    const file = join(dir, 'mentions.ndjson');
    const items = generateMentions({ count: 60, seed: 11, idPrefix: 'cli-' });
    writeFileSync(file, `${toNdjson(items.map((item) => item.input))}not json at all\n`);
    const malformed = items.filter((item) => item.kind === 'malformed').length + 1;
    // Act
    const result = await run(['ingest', file, '--url', url, '--api-key', 'cli-key', '--batch-size', '25']);
    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`accepted  ${items.length + 1 - malformed}`);
    expect(result.stdout).toContain(`rejected  ${malformed}`);
    expect(result.stdout).toMatch(/INVALID_JSON: item \d+ is not valid JSON.*\(line 61\)/);
    expect(result.stdout).toMatch(/case-created\s+\d+/);
    expect(result.stdout).not.toContain('not yet');
  });

  it('ingest reads a CSV with a text column, and importing it twice changes nothing', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
    const file = join(dir, 'export.csv');
    writeFileSync(
      file,
      'Message,handle,createdAt\n"My order 5521 never arrived, I want a refund",@kim,2026-11-20 10:00:00 +0100\n"Love the new store, thanks!",@jo,\n"",@empty,\n',
    );
    // Act
    const first = await run(['ingest', file, '--url', url, '--api-key', 'cli-key', '--text-column', 'Message']);
    const second = await run(['ingest', file, '--url', url, '--api-key', 'cli-key', '--text-column', 'Message']);
    // Assert
    expect(first.stdout).toContain('accepted  2');
    expect(first.stdout).toMatch(/1 × VALIDATION_FAILED: text: .*\(row 4\)/);
    expect(first.stdout).toMatch(/case-created\s+1/);
    expect(second.stdout).toMatch(/case-created\s+1/);
    const cases = (await (
      await fetch(`${url}/cases?status=open&limit=100`, { headers: { 'x-api-key': 'cli-key' } })
    ).json()) as { items: { timeline: { summary: string }[] }[] };
    expect(cases.items.filter((c) => c.timeline[0]?.summary.includes('5521'))).toHaveLength(1);
  });

  it('ingest --map reads an export, and the same post from a webhook and an export is one mention', async () => {
    // Arrange: the post arrives by webhook first…
    const tweet = fixtureBody('x', 'tweet-emoji-es');
    const webhook = await fetch(`${url}/webhooks/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signX(tweet, xSecret) },
      body: tweet,
    });
    expect(webhook.status).toBe(200);
    // …then in a listening tool's export, once with the post id and once without.
    const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
    const file = join(dir, 'listening-export.csv');
    writeFileSync(
      file,
      [
        'Channel,Post ID,Author,Message,Published',
        'x,2028898914530245178,@maria_gl,"@AeroSurAir Mi vuelo se canceló 😡✈️ ¿reembolso?",2026-03-03 18:22:51 +0000',
        'x,,@maria_gl,"@AeroSurAir Mi vuelo se canceló 😡✈️ ¿reembolso?",2026-03-03 18:22:51 +0000',
      ].join('\n'),
    );
    // Act
    const result = await run([
      'ingest',
      file,
      '--url',
      url,
      '--api-key',
      'cli-key',
      '--map',
      'network=Channel,postId=Post ID,handle=Author,text=Message,createdAt=Published',
    ]);
    // Assert: the row with the id is the webhook's mention; the row without it is a duplicate of it.
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('accepted  2');
    expect(result.stdout).toMatch(/duplicate\s+1/);
    expect(result.stdout).toMatch(/case-created\s+1/);
    const cases = (await (
      await fetch(`${url}/cases?status=open&limit=100`, { headers: { 'x-api-key': 'cli-key' } })
    ).json()) as {
      items: { timeline: { summary: string }[] }[];
    };
    expect(
      cases.items.filter((c) => c.timeline.some((entry) => entry.summary.includes('Mi vuelo se canceló'))),
    ).toHaveLength(1);
  });

  it('ingest says plainly when the column or the bridge is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, 'body\nhello\n');
    const noColumn = await run(['ingest', file, '--url', url, '--api-key', 'cli-key']);
    const noBridge = await run(['ingest', file, '--url', 'http://127.0.0.1:9', '--text-column', 'body']);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toContain('has no "text" column');
    expect(noBridge.code).toBe(2);
    expect(noBridge.stderr).toContain('cannot reach the bridge at http://127.0.0.1:9');
  });

  it('Ctrl-C stops everything and leaves no java process behind', async () => {
    // Arrange
    const queues = await fetch(`${url}/health`);
    expect(queues.status).toBe(200);
    const javaPid = Number(/pid (\d+)/.exec(output)?.[1] ?? Number.NaN);
    // Act
    server.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => server.on('exit', (exitCode) => resolve(exitCode)));
    // Assert
    expect(code).toBe(0);
    expect(output).toContain('Stopped.');
    expect(Number.isNaN(javaPid)).toBe(false);
    expect(isRunning(javaPid)).toBe(false);
  });
});
