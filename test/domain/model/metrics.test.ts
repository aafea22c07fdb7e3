import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, scorePairs } from '../../../lambdas/domain/model/metrics.ts';

describe('scorePairs', () => {
  it('computes the confusion matrix, precision, recall, F1 and macro-F1 of a hand-worked example', () => {
    // Arrange: gold a a a b b c; predicted a a b b c c
    const pairs = [
      { gold: 'a', predicted: 'a' },
      { gold: 'a', predicted: 'a' },
      { gold: 'a', predicted: 'b' },
      { gold: 'b', predicted: 'b' },
      { gold: 'b', predicted: 'c' },
      { gold: 'c', predicted: 'c' },
    ];
    // Act
    const e = scorePairs(pairs, ['a', 'b', 'c']);
    // Assert
    expect(e.confusion).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
    ]);
    const [a, b, c] = e.perClass;
    // a: P 2/2, R 2/3, F1 0.8 · b: P 1/2, R 1/2, F1 0.5 · c: P 1/2, R 1, F1 2/3
    expect(a?.precision).toBeCloseTo(1);
    expect(a?.recall).toBeCloseTo(2 / 3);
    expect(a?.f1).toBeCloseTo(0.8);
    expect(b?.f1).toBeCloseTo(0.5);
    expect(c?.precision).toBeCloseTo(0.5);
    expect(c?.recall).toBeCloseTo(1);
    expect(c?.f1).toBeCloseTo(2 / 3);
    expect(e.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
    expect(e.accuracy).toBeCloseTo(4 / 6);
    expect(e.total).toBe(6);
  });

  it('counts predictions outside the labels as misses and skips gold labels outside them', () => {
    // Arrange
    const pairs = [
      { gold: 'need', predicted: 'need' },
      { gold: 'need', predicted: 'maybe' },
      { gold: 'not-need', predicted: 'not-need' },
      { gold: 'unknown', predicted: 'need' },
    ];
    // Act
    const e = scorePairs(pairs, ['need', 'not-need']);
    // Assert
    expect(e.confusion).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(e.perClass[0]?.recall).toBeCloseTo(0.5);
    expect(e.perClass[0]?.precision).toBeCloseTo(1);
    expect(e.skipped).toBe(1);
    expect(e.total).toBe(3);
  });

  it('scores 0, not NaN, for a class never predicted', () => {
    // Arrange / Act
    const e = scorePairs([{ gold: 'x', predicted: 'y' }], ['x', 'y']);
    // Assert
    expect(e.perClass[0]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(e.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    expect(e.macroF1).toBe(0);
  });
});

describe('evaluate', () => {
  it('runs an injected predictor over the rows and defaults the labels to the gold ones, sorted', () => {
    // Arrange
    const rows = [
      { text: 'refund now', label: 'complaint' },
      { text: 'love it', label: 'praise' },
      { text: 'where is it', label: 'complaint' },
    ];
    const predict = (row: { text: string }) => (row.text.includes('love') ? 'praise' : 'complaint');
    // Act
    const e = evaluate(rows, predict);
    // Assert
    expect(e.labels).toEqual(['complaint', 'praise']);
    expect(e.macroF1).toBe(1);
    expect(formatEvaluation(e)).toContain('macro-F1 1.000');
  });

  it('does not call the predictor for rows it will not score', () => {
    // Arrange
    const seen: string[] = [];
    // Act
    evaluate(
      [
        { text: 'a', label: 'x' },
        { text: 'b', label: 'z' },
      ],
      (row) => {
        seen.push(row.text);
        return 'x';
      },
      { labels: ['x', 'y'] },
    );
    // Assert
    expect(seen).toEqual(['a']);
  });
});
