import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductIdea } from '../../lambdas/domain/closing-the-loop.ts';
import { LocalProductFeedback, productFeedbackPathIn } from '../../lambdas/local/local-product-feedback.ts';

const idea = (postId: string, text = 'You should add a dark mode to the app'): ProductIdea => ({
  mentionId: `x:${postId}`,
  network: 'x',
  text,
  authorHandle: 'ana',
  topic: 'product-quality',
  at: '2030-01-02T09:00:00.000Z',
});

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'product-feedback-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('LocalProductFeedback', () => {
  it('appends each idea as one JSON line to <dataDir>/product-feedback.ndjson, creating the directory', async () => {
    // Arrange
    const file = productFeedbackPathIn(path.join(dataDir, 'nested'));
    const feedback = new LocalProductFeedback(file);
    // Act
    await feedback.submit(idea('1'));
    await feedback.submit(idea('2'));
    // Assert
    expect(file).toBe(path.join(dataDir, 'nested', 'product-feedback.ndjson'));
    expect(linesOf(file)).toEqual([idea('1'), idea('2')]);
    expect(feedback.items()).toEqual([idea('1'), idea('2')]);
  });

  it('keeps the first idea of a mention, also when two submissions race and across restarts', async () => {
    // Arrange
    const file = productFeedbackPathIn(dataDir);
    const feedback = new LocalProductFeedback(file);
    // Act
    await Promise.all([feedback.submit(idea('1')), feedback.submit(idea('1', 'a later copy'))]);
    const restarted = new LocalProductFeedback(file);
    await restarted.submit(idea('1', 'after a restart'));
    // Assert
    expect(linesOf(file)).toEqual([idea('1')]);
    expect(feedback.items()).toEqual([idea('1')]);
    expect(restarted.items()).toEqual([idea('1')]);
  });

  it('lives in memory when given no file', async () => {
    // Arrange
    const feedback = new LocalProductFeedback();
    // Act
    await feedback.submit(idea('1'));
    // Assert
    expect(feedback.items()).toEqual([idea('1')]);
  });

  it('refuses an idea that would not load again, writing nothing', async () => {
    // Arrange
    const file = productFeedbackPathIn(dataDir);
    const feedback = new LocalProductFeedback(file);
    // Act
    const submitted = feedback.submit({ ...idea('1'), text: '' });
    // Assert
    await expect(submitted).rejects.toThrow();
    expect(feedback.items()).toEqual([]);
    await feedback.submit(idea('1'));
    expect(linesOf(file)).toEqual([idea('1')]);
  });

  it('cuts off a last line a crash left unfinished, and appends after it on a line of its own', async () => {
    // Arrange
    const file = productFeedbackPathIn(dataDir);
    writeFileSync(file, `${JSON.stringify(idea('1'))}\n{"mentionId":"x:2","net`);
    // Act
    const feedback = new LocalProductFeedback(file);
    await feedback.submit(idea('3'));
    // Assert
    expect(feedback.items()).toEqual([idea('1'), idea('3')]);
    expect(linesOf(file)).toEqual([idea('1'), idea('3')]);
  });

  it('names the file and line of an idea it cannot read', () => {
    // Arrange
    const file = productFeedbackPathIn(dataDir);
    writeFileSync(file, `${JSON.stringify(idea('1'))}\n`);
    appendFileSync(file, `${JSON.stringify({ mentionId: 'x:2' })}\n`);
    // Act / Assert
    expect(() => new LocalProductFeedback(file)).toThrow(`${file} line 2 is not a product idea (network:`);
  });
});
