import { type HeadName, headNames, type TrainingExample } from '../domain/model/heads.ts';
import {
  type LinearModel,
  linearModelVersionPrefix,
  loadModel,
  type ModelFile,
  modelFileJson,
  type QuantiseOptions,
  toModelFile,
} from '../domain/model/linear-model.ts';
import { type Evaluation, evaluate } from '../domain/model/metrics.ts';
import {
  dataFingerprint,
  defaultTrainOptions,
  type EpochReport,
  splitHoldout,
  train,
  type TrainOptions,
} from '../domain/model/train.ts';

/**
 * From labelled examples to a model file: seeded held-out split, training, int8 quantisation,
 * and the held-out scores of the quantised model (what ships is what was scored). No clock and no
 * randomness beyond the seed: the same examples and options give byte-identical JSON.
 */

export interface BuildOptions {
  readonly train?: Partial<TrainOptions>;
  /** Share of the examples held out for scoring (default 0.1); the model is fitted on the rest. */
  readonly holdout?: number;
  readonly quantise?: QuantiseOptions;
  /** Free-form facts recorded in the file's `training` (data sources, caps, …). */
  readonly describe?: Record<string, unknown>;
  readonly onEpoch?: (report: EpochReport) => void;
}

export interface HeldOutScores {
  readonly all: Readonly<Record<HeadName, Evaluation>>;
  /** The same, without the templated examples (whose held-out part is easy by construction). */
  readonly withoutTemplates: Readonly<Record<HeadName, Evaluation>>;
}

export interface BuiltModel {
  readonly file: ModelFile;
  readonly json: string;
  readonly model: LinearModel;
  readonly heldOut: HeldOutScores;
  /** Training-set examples per head and label. */
  readonly counts: Readonly<Record<HeadName, Readonly<Record<string, number>>>>;
  readonly trainSize: number;
  readonly heldOutSize: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

const scoreHeads = (model: LinearModel, examples: readonly TrainingExample[]): Record<HeadName, Evaluation> => {
  const predictions = examples.map((example) => model.predict(example.text));
  const score = (head: HeadName): Evaluation => {
    const rows = examples.flatMap((example, i) => {
      const label = example[head];
      return label === undefined ? [] : [{ label, i }];
    });
    // score the labels that occur (a head's label absent from these examples would score F1 0)
    const present = new Set(rows.map((row) => row.label));
    const labels = model.labels[head].filter((label) => present.has(label));
    return evaluate(rows, (row) => predictions[row.i]?.[head].label ?? '', { labels });
  };
  return { intent: score('intent'), topic: score('topic'), sentiment: score('sentiment') };
};

const summary = (scores: Record<HeadName, Evaluation>): Record<string, unknown> =>
  Object.fromEntries(
    headNames.map((head) => [
      head,
      {
        macroF1: round4(scores[head].macroF1),
        accuracy: round4(scores[head].accuracy),
        rows: scores[head].total,
        f1: Object.fromEntries(scores[head].perClass.map((c) => [c.label, round4(c.f1)])),
      },
    ]),
  );

export const buildModel = (examples: readonly TrainingExample[], options: BuildOptions = {}): BuiltModel => {
  const settings: TrainOptions = { ...defaultTrainOptions, ...options.train };
  const holdout = options.holdout ?? 0.1;
  const { train: trainSet, heldOut } = splitHoldout(examples, holdout, settings.seed);
  const trained = train(trainSet, settings, options.onEpoch);
  const fingerprint = dataFingerprint(examples);
  const version = `${linearModelVersionPrefix}+${fingerprint}`;
  const counts = Object.fromEntries(
    headNames.map((head) => [
      head,
      Object.fromEntries(trained.heads[head].labels.map((label, i) => [label, trained.heads[head].counts[i] ?? 0])),
    ]),
  ) as Record<HeadName, Record<string, number>>;
  const training = {
    dataFingerprint: fingerprint,
    examples: { total: examples.length, train: trainSet.length, heldOut: heldOut.length },
    counts,
    settings: {
      seed: settings.seed,
      epochs: settings.epochs,
      algorithm: 'AdaGrad SGD, one example per step, sparse L2',
      learningRate: settings.learningRate,
      l2: settings.l2,
      classWeightPower: settings.classWeightPower,
      maxClassWeight: settings.maxClassWeight,
      holdout,
      quantisation: `int8 per head, weights with |q| < ${options.quantise?.minMagnitude ?? 1} dropped`,
    },
    ...options.describe,
  };
  // Score the quantised model, then record the scores in the same file (the weights do not change).
  const draft = toModelFile(trained, version, training, options.quantise);
  const model = loadModel(JSON.parse(modelFileJson(draft)));
  const isTemplate = (example: TrainingExample): boolean => (example.source ?? '').startsWith('templates/');
  const all = scoreHeads(model, heldOut);
  const withoutTemplates = scoreHeads(
    model,
    heldOut.filter((example) => !isTemplate(example)),
  );
  const file: ModelFile = {
    ...draft,
    training: {
      ...training,
      heldOut: { all: summary(all), withoutTemplates: summary(withoutTemplates) },
    },
  };
  return {
    file,
    json: modelFileJson(file),
    model,
    heldOut: { all, withoutTemplates },
    counts,
    trainSize: trainSet.length,
    heldOutSize: heldOut.length,
  };
};
