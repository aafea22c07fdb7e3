/**
 * Classification metrics: confusion matrix, precision, recall and F1 per class, macro-F1,
 * accuracy. The predictor is injected, so the same code scores the model alone, the rules, or
 * the whole classification engine.
 *
 * Definitions (per class c): precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = their
 * harmonic mean; each is 0 when its denominator is 0. Macro-F1 is the unweighted mean of F1 over
 * the classes in `labels`. Predictions outside `labels` count as errors (a false negative of the
 * gold class) and are tallied in the confusion matrix's extra column "(other)".
 */

export interface EvaluationRow {
  /** The gold label. */
  readonly label: string;
}

export interface EvaluateOptions {
  /**
   * The classes scored, in the order they are reported; default: the gold labels seen, sorted.
   * Rows whose gold label is not among them are skipped (counted in `skipped`).
   */
  readonly labels?: readonly string[];
}

export interface ClassScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows with this gold label. */
  readonly support: number;
  /** Rows predicted as this label. */
  readonly predicted: number;
}

export interface Evaluation {
  readonly labels: readonly string[];
  /** `confusion[gold][predicted]`, both in `labels` order, plus a last column for predictions outside `labels`. */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly ClassScore[];
  readonly macroF1: number;
  readonly accuracy: number;
  /** Rows scored. */
  readonly total: number;
  /** Rows not scored because their gold label is not among `labels`. */
  readonly skipped: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Scores gold/predicted pairs. */
export const scorePairs = (
  pairs: readonly { readonly gold: string; readonly predicted: string }[],
  labels?: readonly string[],
): Evaluation => {
  const classes = labels ?? [...new Set(pairs.map((pair) => pair.gold))].sort();
  const index = new Map(classes.map((label, i) => [label, i]));
  const k = classes.length;
  const confusion = classes.map(() => new Array<number>(k + 1).fill(0));
  let total = 0;
  let skipped = 0;
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    const g = index.get(gold);
    if (g === undefined) {
      skipped += 1;
      continue;
    }
    const p = index.get(predicted) ?? k;
    const row = confusion[g];
    if (row) row[p] = (row[p] ?? 0) + 1;
    total += 1;
    if (p === g) correct += 1;
  }
  const perClass = classes.map((label, c): ClassScore => {
    const tp = confusion[c]?.[c] ?? 0;
    const support = (confusion[c] ?? []).reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted };
  });
  return {
    labels: classes,
    confusion,
    perClass,
    macroF1: ratio(
      perClass.reduce((sum, c) => sum + c.f1, 0),
      k,
    ),
    accuracy: ratio(correct, total),
    total,
    skipped,
  };
};

/** Predicts every row with `predict` and scores the predictions against the rows' gold labels. */
export const evaluate = <R extends EvaluationRow>(
  rows: readonly R[],
  predict: (row: R) => string,
  options: EvaluateOptions = {},
): Evaluation => {
  const labels = options.labels ?? [...new Set(rows.map((row) => row.label))].sort();
  const wanted = new Set(labels);
  const pairs = rows.map((row) => ({ gold: row.label, predicted: wanted.has(row.label) ? predict(row) : '' }));
  return scorePairs(pairs, labels);
};

const pct = (x: number): string => x.toFixed(3);

/** A plain-text report: per-class precision, recall, F1 and support, macro-F1, and the confusion matrix. */
export const formatEvaluation = (evaluation: Evaluation, title?: string): string => {
  const { labels, perClass, confusion } = evaluation;
  const width = Math.max(8, ...labels.map((label) => label.length)) + 2;
  const lines: string[] = [];
  if (title) lines.push(title);
  lines.push(`${'class'.padEnd(width)}precision  recall     f1  support`);
  for (const c of perClass) {
    lines.push(
      `${c.label.padEnd(width)}${pct(c.precision).padStart(9)}${pct(c.recall).padStart(8)}${pct(c.f1).padStart(7)}${String(c.support).padStart(9)}`,
    );
  }
  lines.push(
    `macro-F1 ${pct(evaluation.macroF1)} · accuracy ${pct(evaluation.accuracy)} · ${evaluation.total} rows` +
      (evaluation.skipped ? ` (${evaluation.skipped} skipped: gold label not scored)` : ''),
  );
  const other = confusion.some((row) => (row[labels.length] ?? 0) > 0);
  const columns = other ? [...labels, '(other)'] : labels;
  const cell = Math.max(7, ...columns.map((label) => Math.min(label.length, 12))) + 1;
  lines.push('', 'confusion (rows: gold, columns: predicted)');
  lines.push(`${''.padEnd(width)}${columns.map((label) => label.slice(0, cell - 1).padStart(cell)).join('')}`);
  confusion.forEach((row, g) => {
    const cells = columns.map((_, p) => String(row[p] ?? 0).padStart(cell)).join('');
    lines.push(`${(labels[g] ?? '').padEnd(width)}${cells}`);
  });
  return lines.join('\n');
};
