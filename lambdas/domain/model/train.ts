import { defaultFeatureConfig, FeatureConfig, FeatureExtractor } from './features.ts';
import { fnvOffsetBasis, fnvString } from './hashing.ts';
import { type HeadName, headFallbackLabel, headLabelSets, headNames, type TrainingExample } from './heads.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

/**
 * Training: one multinomial logistic regression per head over the shared hashed features,
 * fitted by stochastic gradient descent with AdaGrad step sizes and L2 regularisation.
 *
 * - Every epoch visits the examples in a fresh order drawn from a generator seeded with `seed`;
 *   one update per example (mini-batches of one) and per head that the example has a label for.
 * - AdaGrad: each weight's step is `learningRate / sqrt(sum of its squared gradients)`.
 * - L2: `l2 * w` is added to the gradient of the weights an example touches (sparse, so
 *   frequent features are pulled towards zero more often than rare ones).
 * - Stacking (`stackSentiment`): the intent head has two more inputs, the probabilities of
 *   negative and positive from a sentiment head; in training they are out-of-fold (each half of
 *   the examples scored by a sentiment head fitted on the other half, so the intent head learns
 *   how far to trust a sentiment head on text it has not seen), at prediction they come from the
 *   model's own sentiment head.
 * - Classes are balanced by weighting: an example of class c counts
 *   `min(maxClassWeight, (N / (K * n_c)) ** classWeightPower)` times, with N examples carrying the
 *   head's label, n_c of them class c and K classes present; then times its own `weight`.
 *
 * Pure and deterministic: the same examples, in the same order, with the same options give
 * bit-identical weights (JavaScript's double arithmetic and `Math.exp`/`Math.sqrt` are
 * deterministic for a given engine).
 */

export interface TrainOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** 0: no balancing; 1: every class weighs as much in total. */
  readonly classWeightPower: number;
  readonly maxClassWeight: number;
  /**
   * The intent head also reads the sentiment head's probabilities of negative and positive
   * (stacking): out-of-fold in training (two folds), the final sentiment head's at prediction.
   */
  readonly stackSentiment: boolean;
  readonly features: FeatureConfig;
}

export const defaultTrainOptions: TrainOptions = {
  seed: 1,
  epochs: 6,
  learningRate: 0.2,
  l2: 1e-6,
  classWeightPower: 0.5,
  maxClassWeight: 8,
  stackSentiment: true,
  features: defaultFeatureConfig,
};

export interface TrainedHead {
  readonly labels: readonly string[];
  /** `buckets × labels`, bucket-major: the weight of bucket b for label c is at `b * labels + c`. */
  readonly weights: Float32Array;
  readonly bias: Float64Array;
  /** Training examples per label. */
  readonly counts: readonly number[];
  readonly classWeights: readonly number[];
  /** Weights of other heads' probabilities as extra inputs (`inputs × labels`, input-major). */
  readonly stack?: TrainedStack;
}

/** Inputs taken from another head's probabilities, e.g. `sentiment:negative`. */
export interface TrainedStack {
  readonly inputs: readonly string[];
  readonly weights: Float64Array;
}

export interface TrainedModel {
  readonly features: FeatureConfig;
  readonly heads: Readonly<Record<HeadName, TrainedHead>>;
}

/** Feature vectors of many examples, flattened: example e owns `offsets[e]` up to `offsets[e + 1]`. */
export interface FeatureMatrix {
  readonly offsets: Int32Array;
  readonly buckets: Int32Array;
  readonly values: Float32Array;
}

/**
 * Extracts every example's features once; occurrences that share a bucket are merged, in the
 * order they first occur.
 */
export const featureMatrix = (texts: readonly string[], config: FeatureConfig): FeatureMatrix => {
  const extractor = new FeatureExtractor(config);
  const scratch = new Float64Array(2 ** config.bits);
  const touched = new Int32Array(65_536);
  let buckets = new Int32Array(1 << 20);
  let values = new Float32Array(1 << 20);
  const offsets = new Int32Array(texts.length + 1);
  let size = 0;
  texts.forEach((text, e) => {
    const n = extractor.extract(text);
    let distinct = 0;
    for (let i = 0; i < n; i += 1) {
      const b = extractor.buckets[i] ?? 0;
      if (scratch[b] === 0 && distinct < touched.length) {
        touched[distinct] = b;
        distinct += 1;
      }
      scratch[b] = (scratch[b] ?? 0) + extractor.value(i);
    }
    if (size + distinct > buckets.length) {
      const grownBuckets = new Int32Array(Math.max(size + distinct, buckets.length * 2));
      grownBuckets.set(buckets);
      buckets = grownBuckets;
      const grownValues = new Float32Array(grownBuckets.length);
      grownValues.set(values);
      values = grownValues;
    }
    for (let k = 0; k < distinct; k += 1) {
      const b = touched[k] ?? 0;
      buckets[size] = b;
      values[size] = scratch[b] ?? 0;
      scratch[b] = 0;
      size += 1;
    }
    offsets[e + 1] = size;
  });
  return { offsets, buckets: buckets.slice(0, size), values: values.slice(0, size) };
};

/** The labels a head is trained on: those present in the examples, in canonical order. */
const labelsPresent = (examples: readonly TrainingExample[], head: HeadName): string[] => {
  const present = new Set<string>();
  for (const example of examples) {
    const label = example[head];
    if (label !== undefined) present.add(label);
  }
  const labels = headLabelSets[head].filter((label) => present.has(label));
  return labels.length > 0 ? labels : [headFallbackLabel[head]];
};

interface HeadState {
  readonly name: HeadName;
  readonly labels: string[];
  readonly k: number;
  /** Label index per example; -1 where the example has no label for this head. */
  readonly targets: Int16Array;
  readonly exampleWeights: Float32Array;
  readonly weights: Float32Array;
  readonly squares: Float32Array;
  readonly bias: Float64Array;
  readonly biasSquares: Float64Array;
  readonly counts: number[];
  readonly classWeights: number[];
  readonly stack?: StackState;
}

interface StackState {
  readonly names: readonly string[];
  /** `examples × names`: the inputs of each example. */
  readonly inputs: Float32Array;
  readonly weights: Float64Array;
  readonly squares: Float64Array;
}

const headState = (
  name: HeadName,
  examples: readonly TrainingExample[],
  buckets: number,
  options: TrainOptions,
  use: (e: number) => boolean = () => true,
): HeadState => {
  const labels = labelsPresent(examples, name);
  const k = labels.length;
  const index = new Map(labels.map((label, i) => [label, i]));
  const targets = new Int16Array(examples.length).fill(-1);
  const counts = new Array<number>(k).fill(0);
  examples.forEach((example, e) => {
    const label = example[name];
    const c = label === undefined ? undefined : index.get(label);
    if (c === undefined || !use(e)) return;
    targets[e] = c;
    counts[c] = (counts[c] ?? 0) + 1;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const present = counts.filter((n) => n > 0).length;
  const classWeights = counts.map((n) =>
    n === 0 ? 0 : Math.min(options.maxClassWeight, (total / (present * n)) ** options.classWeightPower),
  );
  const exampleWeights = new Float32Array(examples.length);
  examples.forEach((example, e) => {
    const c = targets[e] ?? -1;
    if (c >= 0) exampleWeights[e] = (classWeights[c] ?? 0) * (example.weight ?? 1);
  });
  return {
    name,
    labels,
    k,
    targets,
    exampleWeights,
    weights: new Float32Array(buckets * k),
    squares: new Float32Array(buckets * k),
    bias: new Float64Array(k),
    biasSquares: new Float64Array(k),
    counts,
    classWeights,
  };
};

export interface EpochReport {
  readonly epoch: number;
  /** Mean weighted cross-entropy per head over the epoch's updates. */
  readonly loss: Readonly<Partial<Record<HeadName, number>>>;
}

const epsilon = 1e-8;

/** One AdaGrad step of one head on one example; returns its weighted loss. */
const step = (
  head: HeadState,
  e: number,
  matrix: FeatureMatrix,
  options: TrainOptions,
  scores: Float64Array,
  gradient: Float64Array,
): number => {
  const y = head.targets[e] ?? -1;
  const weight = head.exampleWeights[e] ?? 0;
  if (y < 0 || weight === 0) return 0;
  const { k, weights, squares, bias, biasSquares } = head;
  const from = matrix.offsets[e] ?? 0;
  const to = matrix.offsets[e + 1] ?? 0;
  for (let c = 0; c < k; c += 1) scores[c] = bias[c] ?? 0;
  for (let j = from; j < to; j += 1) {
    const base = (matrix.buckets[j] as number) * k;
    const v = matrix.values[j] as number;
    for (let c = 0; c < k; c += 1) scores[c] = (scores[c] as number) + v * (weights[base + c] as number);
  }
  const { stack } = head;
  const m = stack ? stack.names.length : 0;
  if (stack) {
    for (let j = 0; j < m; j += 1) {
      const z = stack.inputs[e * m + j] ?? 0;
      for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) + z * (stack.weights[j * k + c] ?? 0);
    }
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c += 1) max = Math.max(max, scores[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c += 1) {
    const p = Math.exp((scores[c] ?? 0) - max);
    scores[c] = p;
    sum += p;
  }
  const loss = -Math.log(Math.max((scores[y] ?? 0) / sum, 1e-12)) * weight;
  for (let c = 0; c < k; c += 1) gradient[c] = ((scores[c] ?? 0) / sum - (c === y ? 1 : 0)) * weight;
  const { learningRate, l2 } = options;
  for (let j = from; j < to; j += 1) {
    const base = (matrix.buckets[j] as number) * k;
    const v = matrix.values[j] as number;
    for (let c = 0; c < k; c += 1) {
      const at = base + c;
      const w = weights[at] as number;
      const g = (gradient[c] as number) * v + l2 * w;
      const s = (squares[at] as number) + g * g;
      squares[at] = s;
      weights[at] = w - (learningRate * g) / (Math.sqrt(s) + epsilon);
    }
  }
  if (stack) {
    for (let j = 0; j < m; j += 1) {
      const z = stack.inputs[e * m + j] ?? 0;
      for (let c = 0; c < k; c += 1) {
        const at = j * k + c;
        const w = stack.weights[at] ?? 0;
        const g = (gradient[c] ?? 0) * z + l2 * w;
        const s = (stack.squares[at] ?? 0) + g * g;
        stack.squares[at] = s;
        stack.weights[at] = w - (learningRate * g) / (Math.sqrt(s) + epsilon);
      }
    }
  }
  for (let c = 0; c < k; c += 1) {
    const g = gradient[c] ?? 0;
    const s = (biasSquares[c] ?? 0) + g * g;
    biasSquares[c] = s;
    bias[c] = (bias[c] ?? 0) - (learningRate * g) / (Math.sqrt(s) + epsilon);
  }
  return loss;
};

/** A head's probabilities for example `e` (features only), into `out`. */
const probabilities = (head: HeadState, e: number, matrix: FeatureMatrix, out: Float64Array): void => {
  const { k, weights, bias } = head;
  for (let c = 0; c < k; c += 1) out[c] = bias[c] ?? 0;
  for (let j = matrix.offsets[e] ?? 0; j < (matrix.offsets[e + 1] ?? 0); j += 1) {
    const base = (matrix.buckets[j] as number) * k;
    const v = matrix.values[j] as number;
    for (let c = 0; c < k; c += 1) out[c] = (out[c] as number) + v * (weights[base + c] as number);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c += 1) max = Math.max(max, out[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c += 1) {
    out[c] = Math.exp((out[c] ?? 0) - max);
    sum += out[c] ?? 0;
  }
  for (let c = 0; c < k; c += 1) out[c] = (out[c] ?? 0) / sum;
};

/** Runs the epochs over `heads` (each updated on the examples it has a label for). */
const runEpochs = (
  heads: readonly HeadState[],
  matrix: FeatureMatrix,
  settings: TrainOptions,
  random: () => number,
  onEpoch?: (report: EpochReport) => void,
): void => {
  const n = matrix.offsets.length - 1;
  const maxK = Math.max(...heads.map((head) => head.k));
  const scores = new Float64Array(maxK);
  const gradient = new Float64Array(maxK);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 1; epoch <= settings.epochs; epoch += 1) {
    shuffleInPlace(order, random);
    const loss = heads.map(() => 0);
    const updates = heads.map(() => 0);
    for (const e of order) {
      heads.forEach((head, h) => {
        if ((head.targets[e] ?? -1) < 0) return;
        loss[h] = (loss[h] ?? 0) + step(head, e, matrix, settings, scores, gradient);
        updates[h] = (updates[h] ?? 0) + 1;
      });
    }
    onEpoch?.({
      epoch,
      loss: Object.fromEntries(
        heads.map((head, h) => [head.name, (loss[h] ?? 0) / Math.max(1, updates[h] ?? 0)]),
      ) as Partial<Record<HeadName, number>>,
    });
  }
};

/** The sentiment labels the intent head reads when stacking. */
const stackedSentiments = ['negative', 'positive'] as const;

/**
 * Out-of-fold sentiment probabilities for every example: the examples are dealt into two seeded
 * folds, and each fold is predicted by a sentiment head fitted on the other one.
 */
const outOfFoldSentiment = (
  examples: readonly TrainingExample[],
  matrix: FeatureMatrix,
  buckets: number,
  settings: TrainOptions,
): Float32Array => {
  const n = examples.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, seededRandom(settings.seed ^ 0x3c6ef372));
  const fold = new Uint8Array(n);
  order.forEach((e, i) => {
    fold[e] = i % 2;
  });
  const m = stackedSentiments.length;
  const inputs = new Float32Array(n * m);
  for (const f of [0, 1]) {
    const head = headState('sentiment', examples, buckets, settings, (e) => fold[e] !== f);
    runEpochs([head], matrix, settings, seededRandom(settings.seed + 17 + f));
    const columns = stackedSentiments.map((label) => head.labels.indexOf(label));
    const p = new Float64Array(head.k);
    for (let e = 0; e < n; e += 1) {
      if (fold[e] !== f) continue;
      probabilities(head, e, matrix, p);
      columns.forEach((c, j) => {
        inputs[e * m + j] = c >= 0 ? (p[c] ?? 0) : 0;
      });
    }
  }
  return inputs;
};

/**
 * Fits the three heads on `examples`. `onEpoch` is told each epoch's mean loss (for progress
 * output; it does not change the result).
 */
export const train = (
  examples: readonly TrainingExample[],
  options: Partial<TrainOptions> = {},
  onEpoch?: (report: EpochReport) => void,
): TrainedModel => {
  const settings: TrainOptions = { ...defaultTrainOptions, ...options };
  const features = FeatureConfig.parse(settings.features);
  const buckets = 2 ** features.bits;
  const matrix = featureMatrix(
    examples.map((example) => example.text),
    features,
  );
  const heads = headNames.map((name) => headState(name, examples, buckets, settings));
  const [intent, , sentiment] = heads;
  const stack =
    settings.stackSentiment &&
    intent !== undefined &&
    sentiment !== undefined &&
    stackedSentiments.every((label) => sentiment.labels.includes(label));
  const withStack = heads.map(
    (head): HeadState =>
      stack && head.name === 'intent'
        ? {
            ...head,
            stack: {
              names: stackedSentiments.map((label) => `sentiment:${label}`),
              inputs: outOfFoldSentiment(examples, matrix, buckets, settings),
              weights: new Float64Array(stackedSentiments.length * head.k),
              squares: new Float64Array(stackedSentiments.length * head.k),
            },
          }
        : head,
  );
  runEpochs(withStack, matrix, settings, seededRandom(settings.seed), onEpoch);
  const trained = Object.fromEntries(
    withStack.map((head): [HeadName, TrainedHead] => [
      head.name,
      {
        labels: head.labels,
        weights: head.weights,
        bias: head.bias,
        counts: head.counts,
        classWeights: head.classWeights,
        ...(head.stack ? { stack: { inputs: head.stack.names, weights: head.stack.weights } } : {}),
      } satisfies TrainedHead,
    ]),
  ) as Record<HeadName, TrainedHead>;
  return { features, heads: trained };
};

/** Splits off a seeded share of the examples for evaluation; both parts keep their original order. */
export const splitHoldout = <T>(
  examples: readonly T[],
  share: number,
  seed: number,
): { readonly train: T[]; readonly heldOut: T[] } => {
  const order = Int32Array.from(examples.keys());
  shuffleInPlace(order, seededRandom(seed ^ 0x5bd1e995));
  const held = new Uint8Array(examples.length);
  const n = Math.round(examples.length * share);
  for (let i = 0; i < n; i += 1) held[order[i] ?? 0] = 1;
  return {
    train: examples.filter((_, i) => held[i] === 0),
    heldOut: examples.filter((_, i) => held[i] === 1),
  };
};

/** A short, stable fingerprint of the training data: 8 hex digits of FNV-1a over texts and labels. */
export const dataFingerprint = (examples: readonly TrainingExample[]): string => {
  let h = fnvOffsetBasis;
  for (const example of examples) {
    h = fnvString(h, `${example.text}\u0000${example.intent ?? ''}\u0000${example.topic ?? ''}\u0000`);
    h = fnvString(h, `${example.sentiment ?? ''}\u0000${example.weight ?? 1}\n`);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
};
