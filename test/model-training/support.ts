import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';

/** A fresh temporary folder, removed after the file's tests. */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Runs `action` with console.log and console.error captured. */
export const captured = async <T>(action: () => Promise<T>): Promise<{ result: T; out: string; err: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out.push(args.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    err.push(args.join(' '));
  });
  try {
    const result = await action();
    return { result, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
};

/** A small labelled history in the `bridge train --data` format, as NDJSON lines. */
export const labelledHistory = (): string => {
  const rows: { text: string; intent: string; topic?: string; sentiment?: string }[] = [];
  const add = (intent: string, topic: string, sentiment: string, texts: string[]) => {
    for (const text of texts) rows.push({ text, intent, topic, sentiment });
  };
  add('complaint', 'orders-delivery', 'negative', [
    'my parcel never arrived',
    'order still not here after two weeks',
    'the delivery went to the wrong address',
    'still waiting for my package, useless',
    'courier lost my parcel again',
    'where is my order, it is late',
  ]);
  add('request', 'account-access', 'neutral', [
    'how do I reset my password?',
    'can you help me log in please',
    'how can I change my email address',
    'where do I update my login details?',
    'can I get a new password link',
    'how to unlock my account?',
  ]);
  add('praise', 'store-staff', 'positive', [
    'thanks, the staff were lovely',
    'great service in the store today',
    'love your team, so helpful',
    'the cashier was brilliant, thank you',
    'amazing help from your staff',
    'big thanks to the store manager',
  ]);
  return `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
};
