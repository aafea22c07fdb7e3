import { z } from 'zod';
import type { Intent, Topic } from '../classification.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { FeatureConfig, FeatureExtractor, featureKind } from './features.ts';
import { type HeadName, headLabelSets, headNames, type SentimentLabel } from './heads.ts';
import type { TrainedHead, TrainedModel } from './train.ts';

/**
 * The trained linear model: its file format (quantised, sparse, base64 in JSON), loading, and
 * fast prediction.
 *
 * File format (`formatVersion` 1). Per head:
 * - `labels`: the classes, a subset of the head's enum, in canonical order;
 * - `bias`: one float per label;
 * - `scale`: weight = int8 × scale (`scale` = the head's largest |weight| / 127);
 * - `rows`: base64 of the buckets that have any non-zero weight for the head, ascending, as
 *   LEB128 varints of the gap from the previous one (the first from -1);
 * - `weights`: base64 of int8 two's-complement weights, `rows × labels`, row-major.
 *
 * At load every head is expanded into one dense Int8Array, bucket-major with all heads' labels
 * side by side (`bucket * labels(all heads) + offset(head) + label`), so that each feature touches
 * one run of adjacent bytes. Prediction sums int8 weights into integer accumulators (word and
 * character n-grams apart, for their weights) and scales once per label.
 */

export const modelFormat = 'social-service-bridge/linear-model';
export const linearModelVersionPrefix = 'linear-1.0.0';

const StackFile = z.object({
  /** Another head's probabilities read as inputs, `head:label` (only `sentiment:…` for now). */
  inputs: z.array(z.string().regex(/^sentiment:(?:negative|neutral|positive)$/)).min(1),
  /** `inputs × labels`, input-major. */
  weights: z.array(z.number()),
});

const HeadFile = z.object({
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
  scale: z.number().positive(),
  rows: z.string(),
  weights: z.string(),
  stack: StackFile.optional(),
});
export type HeadFile = z.infer<typeof HeadFile>;

export const ModelFile = z
  .object({
    format: z.literal(modelFormat),
    formatVersion: z.literal(1),
    version: z.string().min(1),
    features: FeatureConfig,
    heads: z.object({ intent: HeadFile, topic: HeadFile, sentiment: HeadFile }),
    /** How the weights were made: data, settings, evaluation. Free-form, for people. */
    training: z.record(z.string(), z.unknown()),
  })
  .superRefine((file, ctx) => {
    for (const name of headNames) {
      const head = file.heads[name];
      const allowed: readonly string[] = headLabelSets[name];
      head.labels.forEach((label, i) => {
        if (!allowed.includes(label)) {
          ctx.addIssue({ code: 'custom', path: ['heads', name, 'labels', i], message: `"${label}" is not a ${name}` });
        }
      });
      if (new Set(head.labels).size !== head.labels.length) {
        ctx.addIssue({ code: 'custom', path: ['heads', name, 'labels'], message: 'labels repeat' });
      }
      if (head.bias.length !== head.labels.length) {
        ctx.addIssue({ code: 'custom', path: ['heads', name, 'bias'], message: 'one bias per label' });
      }
      if (head.stack && name !== 'intent') {
        ctx.addIssue({
          code: 'custom',
          path: ['heads', name, 'stack'],
          message: 'only the intent head reads other heads',
        });
      }
      if (head.stack && head.stack.weights.length !== head.stack.inputs.length * head.labels.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['heads', name, 'stack', 'weights'],
          message: 'one weight per input and label',
        });
      }
      for (const input of head.stack?.inputs ?? []) {
        if (!file.heads.sentiment.labels.includes(input.slice('sentiment:'.length))) {
          ctx.addIssue({
            code: 'custom',
            path: ['heads', name, 'stack'],
            message: `the sentiment head has no ${input}`,
          });
        }
      }
    }
  });
export type ModelFile = z.infer<typeof ModelFile>;

export class ModelFileError extends Error {}

export interface HeadPrediction<L extends string> {
  readonly label: L;
  /** The winning label's probability. */
  readonly confidence: number;
  /** Every label of the head's enum; 0 for a label the model was not trained on. */
  readonly probabilities: Readonly<Record<L, number>>;
}

export interface ModelPrediction {
  readonly intent: HeadPrediction<Intent>;
  readonly topic: HeadPrediction<Topic>;
  readonly sentiment: HeadPrediction<SentimentLabel>;
  /**
   * The words and word pairs that pushed the winning intent most, strongest first: a word's push
   * is its unigram's plus its character n-grams'; each is `weight(winner) − mean weight` over the
   * intent labels. Only positive pushes, at most `topFeatureCount`.
   */
  readonly topFeatures: readonly string[];
}

export interface LinearModel {
  readonly version: string;
  readonly features: FeatureConfig;
  readonly labels: {
    readonly intent: readonly Intent[];
    readonly topic: readonly Topic[];
    readonly sentiment: readonly SentimentLabel[];
  };
  readonly training: Readonly<Record<string, unknown>>;
  predict(text: string): ModelPrediction;
}

/** -1 (negative) … 1 (positive): P(positive) − P(negative). */
export const sentimentScore = (sentiment: HeadPrediction<SentimentLabel>): number => {
  const p = sentiment.probabilities as Partial<Record<SentimentLabel, number>>;
  return Math.max(-1, Math.min(1, (p.positive ?? 0) - (p.negative ?? 0)));
};

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const varints = (values: readonly number[]): Uint8Array => {
  const bytes: number[] = [];
  for (const value of values) {
    let v = value;
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes.push(v);
  }
  return Uint8Array.from(bytes);
};

const readVarints = (bytes: Uint8Array): number[] => {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const b of bytes) {
    value |= (b & 0x7f) << shift;
    if (b & 0x80) {
      shift += 7;
      if (shift > 28) throw new ModelFileError('a row gap is too long');
    } else {
      values.push(value >>> 0);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new ModelFileError('the row list ends inside a number');
  return values;
};

/** Rounds to 6 significant digits: bias values that print the same everywhere. */
const round6 = (x: number): number => Number(x.toPrecision(6));

export interface QuantiseOptions {
  /** Weights whose int8 magnitude is below this become 0 (pruning); 1 keeps every non-zero. */
  readonly minMagnitude?: number;
}

const quantiseHead = ({ labels, weights, bias, stack }: TrainedHead, minMagnitude: number): HeadFile => {
  const k = labels.length;
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const gaps: number[] = [];
  const kept: number[] = [];
  const row = new Int8Array(k);
  let previous = -1;
  const buckets = weights.length / k;
  for (let b = 0; b < buckets; b += 1) {
    let any = false;
    for (let c = 0; c < k; c += 1) {
      const q = Math.max(-127, Math.min(127, Math.round((weights[b * k + c] ?? 0) / scale)));
      row[c] = Math.abs(q) >= minMagnitude ? q : 0;
      if (row[c] !== 0) any = true;
    }
    if (!any) continue;
    gaps.push(b - previous);
    previous = b;
    for (const q of row) kept.push(q & 0xff);
  }
  return {
    labels: [...labels],
    bias: Array.from(bias, round6),
    scale: round6(scale),
    rows: encodeBase64(varints(gaps)),
    weights: encodeBase64(Uint8Array.from(kept)),
    ...(stack ? { stack: { inputs: [...stack.inputs], weights: Array.from(stack.weights, round6) } } : {}),
  };
};

/** The file of a trained model: weights quantised to int8 per head, zero rows left out. */
export const toModelFile = (
  trained: TrainedModel,
  version: string,
  training: Record<string, unknown>,
  options: QuantiseOptions = {},
): ModelFile => {
  const minMagnitude = options.minMagnitude ?? 1;
  const head = (name: HeadName): HeadFile => quantiseHead(trained.heads[name], minMagnitude);
  return {
    format: modelFormat,
    formatVersion: 1,
    version,
    features: trained.features,
    heads: { intent: head('intent'), topic: head('topic'), sentiment: head('sentiment') },
    training,
  };
};

/** The JSON text of a model file: stable key order, so the same model is the same bytes. */
export const modelFileJson = (file: ModelFile): string => `${JSON.stringify(file, null, 2)}\n`;

// ---------------------------------------------------------------------------------------------
// Loading and prediction
// ---------------------------------------------------------------------------------------------

interface LoadedHead {
  readonly name: HeadName;
  readonly labels: readonly string[];
  readonly offset: number;
  readonly bias: Float64Array;
  readonly scale: number;
  /** The head's enum labels the model was not trained on: probability 0. */
  readonly absent: readonly string[];
  /** Stacked inputs: positions of the sentiment labels read, and their weights (input-major). */
  readonly stackFrom: Int32Array;
  readonly stackWeights: Float64Array;
}

/** Labels packed into one double, bits per label lane, and the offset that makes int8 weights non-negative. */
const lanes = 3;
const laneSize = 2 ** 17;
const laneOffset = 128;
/** Features summed before the 17-bit lanes are unpacked: 512 × 255 < 2 ** 17. */
const flushEvery = 512;

/** `weights` (buckets × width int8) as buckets × groups doubles of three `w + 128` lanes each. */
const pack = (weights: Int8Array, buckets: number, width: number, groups: number): Float64Array => {
  const packed = new Float64Array(buckets * groups);
  for (let b = 0; b < buckets; b += 1) {
    for (let g = 0; g < groups; g += 1) {
      let value = 0;
      for (let l = lanes - 1; l >= 0; l -= 1) {
        const c = g * lanes + l;
        value = value * laneSize + (c < width ? (weights[b * width + c] ?? 0) + laneOffset : 0);
      }
      packed[b * groups + g] = value;
    }
  }
  return packed;
};

/** Adds the lanes of `packed` sums (less `offset` each) to `into[at … at + width)`. */
const unpack = (packed: Float64Array, into: Int32Array, at: number, width: number, offset: number): void => {
  for (let g = 0; g < packed.length; g += 1) {
    let value = packed[g] ?? 0;
    for (let l = 0; l < lanes; l += 1) {
      const rest = Math.floor(value / laneSize); // exact: powers of two (and no slow double %)
      const lane = value - rest * laneSize;
      value = rest;
      const c = g * lanes + l;
      if (c < width) into[at + c] = (into[at + c] ?? 0) + lane - offset;
    }
  }
};

/**
 * The accumulation for six groups (18 labels: the default heads), in local variables: three
 * times faster than through arrays. Returns the number of character n-grams.
 */
const sixGroups = (
  buckets: Int32Array,
  kinds: Uint8Array,
  packed: Float64Array,
  start: number,
  end: number,
  words: Float64Array,
  chars: Float64Array,
): number => {
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  let w5 = 0;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  let c5 = 0;
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const b = (buckets[i] as number) * 6;
    if (kinds[i] === featureKind.char) {
      n += 1;
      c0 += packed[b] as number;
      c1 += packed[b + 1] as number;
      c2 += packed[b + 2] as number;
      c3 += packed[b + 3] as number;
      c4 += packed[b + 4] as number;
      c5 += packed[b + 5] as number;
    } else {
      w0 += packed[b] as number;
      w1 += packed[b + 1] as number;
      w2 += packed[b + 2] as number;
      w3 += packed[b + 3] as number;
      w4 += packed[b + 4] as number;
      w5 += packed[b + 5] as number;
    }
  }
  words[0] = w0;
  words[1] = w1;
  words[2] = w2;
  words[3] = w3;
  words[4] = w4;
  words[5] = w5;
  chars[0] = c0;
  chars[1] = c1;
  chars[2] = c2;
  chars[3] = c3;
  chars[4] = c4;
  chars[5] = c5;
  return n;
};

/** Writes one head's stored rows into the dense table (`width` labels a bucket). */
const fill = (weights: Int8Array, width: number, head: LoadedHead, stored: HeadFile, buckets: number): void => {
  const k = head.labels.length;
  let rows: number[];
  let values: Int8Array;
  try {
    rows = readVarints(decodeBase64(stored.rows));
    const bytes = decodeBase64(stored.weights);
    values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch (error) {
    throw new ModelFileError(`heads.${head.name}: ${(error as Error).message}`);
  }
  if (values.length !== rows.length * k) {
    throw new ModelFileError(
      `heads.${head.name}: ${rows.length} rows need ${rows.length * k} weights, not ${values.length}`,
    );
  }
  let bucket = -1;
  rows.forEach((gap, r) => {
    bucket += gap;
    if (gap === 0 || bucket >= buckets)
      throw new ModelFileError(`heads.${head.name}: row ${r} is out of order or range`);
    const at = bucket * width + head.offset;
    for (let c = 0; c < k; c += 1) weights[at + c] = values[r * k + c] ?? 0;
  });
};

/** How many words and word pairs `topFeatures` lists at most. */
export const topFeatureCount = 5;

class HashedLinearModel implements LinearModel {
  readonly version: string;
  readonly features: FeatureConfig;
  readonly labels: LinearModel['labels'];
  readonly training: Readonly<Record<string, unknown>>;
  private readonly heads: readonly LoadedHead[];
  private readonly width: number;
  /** The int8 weights of every head, three labels to a double (see `pack`). */
  private readonly packed: Float64Array;
  private readonly groups: number;
  /** The winning label's index of the last `head` call. */
  private best = 0;
  private readonly wordLanes: Float64Array;
  private readonly charLanes: Float64Array;
  private readonly extractor: FeatureExtractor;
  private readonly sums: Int32Array;
  private readonly scores: Float64Array;
  private tokenPush = new Float64Array(64);
  private pairPush = new Float64Array(64);

  constructor(file: ModelFile) {
    this.version = file.version;
    this.features = file.features;
    this.training = file.training;
    this.labels = {
      intent: file.heads.intent.labels as Intent[],
      topic: file.heads.topic.labels as Topic[],
      sentiment: file.heads.sentiment.labels as SentimentLabel[],
    };
    const buckets = 2 ** file.features.bits;
    let offset = 0;
    const heads: LoadedHead[] = [];
    for (const name of headNames) {
      const head = file.heads[name];
      heads.push({
        name,
        labels: head.labels,
        offset,
        bias: Float64Array.from(head.bias),
        scale: head.scale,
        absent: headLabelSets[name].filter((label) => !head.labels.includes(label)),
        stackFrom: Int32Array.from(head.stack?.inputs ?? [], (input) =>
          file.heads.sentiment.labels.indexOf(input.slice('sentiment:'.length)),
        ),
        stackWeights: Float64Array.from(head.stack?.weights ?? []),
      });
      offset += head.labels.length;
    }
    this.heads = heads;
    this.width = offset;
    const weights = new Int8Array(buckets * offset);
    for (const head of heads) fill(weights, offset, head, file.heads[head.name], buckets);
    this.groups = Math.ceil(offset / lanes);
    this.packed = pack(weights, buckets, offset, this.groups);
    this.wordLanes = new Float64Array(this.groups);
    this.charLanes = new Float64Array(this.groups);
    this.extractor = new FeatureExtractor(file.features);
    this.sums = new Int32Array(2 * offset);
    this.scores = new Float64Array(offset);
  }

  predict(text: string): ModelPrediction {
    const { extractor } = this;
    const n = extractor.extract(text);
    this.accumulate(n);
    const wordWeight = this.features.wordWeight * extractor.norm;
    const charWeight = this.features.charWeight * extractor.norm;
    const [intentHead, topicHead, sentimentHead] = this.heads as [LoadedHead, LoadedHead, LoadedHead];
    // sentiment first: the intent head may read its probabilities
    const sentiment = this.head(sentimentHead, wordWeight, charWeight, undefined);
    const topic = this.head(topicHead, wordWeight, charWeight, undefined);
    const intent = this.head(intentHead, wordWeight, charWeight, sentimentHead);
    return {
      intent: intent as HeadPrediction<Intent>,
      topic: topic as HeadPrediction<Topic>,
      sentiment: sentiment as HeadPrediction<SentimentLabel>,
      topFeatures: this.topFeatures(this.best),
    };
  }

  /**
   * Sums the int8 weights of the last text's features into `sums` (word n-grams, then character
   * n-grams), using the packed weights: one double add counts three labels at once. Lanes are
   * 17 bits and each weight is stored as `w + 128` (0…255), so up to 512 features fit before the
   * lanes are unpacked (`flushEvery`).
   */
  private accumulate(n: number): void {
    const { extractor, packed, groups, wordLanes, charLanes, sums, width } = this;
    const { buckets, kinds } = extractor;
    sums.fill(0);
    for (let start = 0; start < n; start += flushEvery) {
      const end = Math.min(n, start + flushEvery);
      wordLanes.fill(0);
      charLanes.fill(0);
      let chars = 0;
      // the hot loop: indices are in range by construction (buckets < 2 ** bits, g < groups)
      if (groups === 6) chars = sixGroups(buckets, kinds, packed, start, end, wordLanes, charLanes);
      else {
        for (let i = start; i < end; i += 1) {
          const base = (buckets[i] as number) * groups;
          if (kinds[i] === featureKind.char) {
            chars += 1;
            for (let g = 0; g < groups; g += 1) charLanes[g] = (charLanes[g] as number) + (packed[base + g] as number);
          } else {
            for (let g = 0; g < groups; g += 1) wordLanes[g] = (wordLanes[g] as number) + (packed[base + g] as number);
          }
        }
      }
      unpack(wordLanes, sums, 0, width, (end - start - chars) * laneOffset);
      unpack(charLanes, sums, width, width, chars * laneOffset);
    }
  }

  /** Scores, softmax and winner of one head; `stacked` is the head whose probabilities it may read (already computed). */
  private head(
    head: LoadedHead,
    wordWeight: number,
    charWeight: number,
    stacked: LoadedHead | undefined,
  ): HeadPrediction<string> {
    const { sums, scores, width } = this;
    const k = head.labels.length;
    const inputs = head.stackFrom.length;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c += 1) {
      const at = head.offset + c;
      let s = (head.bias[c] ?? 0) + head.scale * (wordWeight * (sums[at] ?? 0) + charWeight * (sums[width + at] ?? 0));
      if (stacked) {
        for (let j = 0; j < inputs; j += 1) {
          s += (head.stackWeights[j * k + c] ?? 0) * (scores[stacked.offset + (head.stackFrom[j] ?? 0)] ?? 0);
        }
      }
      scores[at] = s;
      if (s > max) max = s;
    }
    let total = 0;
    let best = 0;
    for (let c = 0; c < k; c += 1) {
      const at = head.offset + c;
      const e = Math.exp((scores[at] ?? 0) - max);
      scores[at] = e;
      total += e;
      if (e > (scores[head.offset + best] ?? 0)) best = c;
    }
    const probabilities: Record<string, number> = {};
    for (const label of head.absent) probabilities[label] = 0;
    for (let c = 0; c < k; c += 1) {
      const at = head.offset + c;
      const p = (scores[at] ?? 0) / total;
      scores[at] = p;
      probabilities[head.labels[c] ?? ''] = p;
    }
    this.best = best;
    return { label: head.labels[best] ?? '', confidence: scores[head.offset + best] ?? 0, probabilities };
  }

  /** The words and pairs that pushed intent label `winner` most (see `ModelPrediction.topFeatures`). */
  private topFeatures(winner: number): string[] {
    const { extractor, packed, groups } = this;
    const head = this.heads[0];
    if (head === undefined || head.labels.length < 2) return [];
    const k = head.labels.length;
    const tokens = extractor.tokenCount;
    if (this.tokenPush.length < tokens) {
      this.tokenPush = new Float64Array(tokens * 2);
      this.pairPush = new Float64Array(tokens * 2);
    }
    const { tokenPush, pairPush } = this;
    tokenPush.fill(0, 0, tokens);
    pairPush.fill(0, 0, tokens);
    const { wordWeight, charWeight } = this.features;
    const intentGroups = Math.ceil(k / lanes);
    for (let i = 0; i < extractor.count; i += 1) {
      // the intent head's labels are the first lanes of each bucket's row (just read: in cache);
      // w(winner) − mean w: the +128 lane offsets cancel out
      const base = (extractor.buckets[i] as number) * groups;
      let sum = 0;
      let mine = 0;
      for (let g = 0; g < intentGroups; g += 1) {
        let value = packed[base + g] as number;
        for (let l = 0; l < lanes; l += 1) {
          const c = g * lanes + l;
          if (c >= k) break;
          const rest = Math.floor(value / laneSize);
          const lane = value - rest * laneSize;
          value = rest;
          sum += lane;
          if (c === winner) mine = lane;
        }
      }
      const kind = extractor.kinds[i];
      const push = (mine - sum / k) * (kind === featureKind.char ? charWeight : wordWeight);
      const owner = extractor.owners[i] as number;
      if (kind === featureKind.bigram) pairPush[owner] = (pairPush[owner] as number) + push;
      else tokenPush[owner] = (tokenPush[owner] as number) + push;
    }
    const found: string[] = [];
    const seen = new Set<string>();
    while (found.length < topFeatureCount) {
      let best = -1;
      let bestPush = 0;
      let pair = false;
      for (let t = 0; t < tokens; t += 1) {
        if ((tokenPush[t] ?? 0) > bestPush) {
          best = t;
          bestPush = tokenPush[t] ?? 0;
          pair = false;
        }
        if ((pairPush[t] ?? 0) > bestPush) {
          best = t;
          bestPush = pairPush[t] ?? 0;
          pair = true;
        }
      }
      if (best < 0) break;
      (pair ? pairPush : tokenPush)[best] = 0;
      const feature = pair ? `${extractor.token(best)} ${extractor.token(best + 1)}` : extractor.token(best);
      if (!seen.has(feature)) {
        seen.add(feature);
        found.push(feature);
      }
    }
    return found;
  }
}

/**
 * Reads a model file (parsed JSON) into a model ready to predict. Throws `ModelFileError` with
 * what is wrong when the file is not a valid model.
 */
export const loadModel = (json: unknown): LinearModel => {
  const parsed = ModelFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ModelFileError(`not a ${modelFormat} file: ${issues.slice(0, 5).join('; ')}`);
  }
  return new HashedLinearModel(parsed.data);
};
