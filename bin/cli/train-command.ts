import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type HeadName, headNames, type TrainingExample } from '../../lambdas/domain/model/heads.ts';
import { defaultTrainOptions } from '../../lambdas/domain/model/train.ts';
import { buildModel } from '../../lambdas/model-training/build-model.ts';
import { buildDefaultTrainingSet, caps } from '../../lambdas/model-training/default-training-set.ts';
import { LabelledFileError, readLabelledFile } from '../../lambdas/model-training/labelled-file.ts';
import { DataMissingError, defaultModelFile, permissiveDataDir } from '../../lambdas/model-training/paths.ts';
import { UsageError } from './usage-error.ts';

export const trainUsage = `bridge train [--data FILE ...] [--with-default] [--out models/default/model.json] [--seed 1] [--epochs N]
             [--holdout 0.1] [--permissive-dir ../shared/data/permissive]
    Train the local model. Without --data: on the permissive public data, relabelled by
    lambdas/model-training/relabel-*.ts, plus the templated examples. With --data (CSV or NDJSON with
    "text" and "intent" columns, optional "topic" and "sentiment"; repeatable): on your own labelled
    history, and also on the default set with --with-default. Same data and seed: the same file.`;

const integer = (value: string | undefined, name: string, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} takes a whole number of at least ${min}, not "${value}"`);
  return n;
};

const share = (value: string | undefined): number => {
  if (value === undefined) return 0.1;
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new UsageError(`--holdout takes a share from 0 to below 1, not "${value}"`);
  return n;
};

const countTable = (counts: Readonly<Record<HeadName, Readonly<Record<string, number>>>>): string =>
  headNames
    .map((head) => {
      const entries = Object.entries(counts[head]);
      return `  ${head.padEnd(10)} ${entries.map(([label, n]) => `${label} ${n}`).join(' · ')}`;
    })
    .join('\n');

const f3 = (x: number): string => x.toFixed(3);

/** `bridge train`: see `trainUsage`. */
export const trainCommand = async (args: string[]): Promise<number> => {
  let values: {
    data?: string[];
    out?: string;
    seed?: string;
    epochs?: string;
    holdout?: string;
    'with-default'?: boolean;
    'permissive-dir'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string', multiple: true },
        out: { type: 'string' },
        seed: { type: 'string' },
        epochs: { type: 'string' },
        holdout: { type: 'string' },
        'with-default': { type: 'boolean' },
        'permissive-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${trainUsage}`);
  }
  if (values.help) {
    console.log(trainUsage);
    return 0;
  }
  const seed = integer(values.seed, '--seed', defaultTrainOptions.seed, 0);
  const epochs = integer(values.epochs, '--epochs', defaultTrainOptions.epochs, 1);
  const holdout = share(values.holdout);
  const out = values.out ? resolve(values.out) : defaultModelFile;
  const files = values.data ?? [];
  if (values['with-default'] && files.length === 0) throw new UsageError('--with-default goes with --data FILE');

  const started = performance.now();
  try {
    const examples: TrainingExample[] = [];
    const describe: Record<string, unknown> = {};
    if (files.length === 0 || values['with-default']) {
      const dir = values['permissive-dir'] ? resolve(values['permissive-dir']) : permissiveDataDir;
      const set = buildDefaultTrainingSet(dir, seed);
      examples.push(...set.examples);
      describe.sources = set.sources;
      describe.caps = caps;
      console.log(`default training set: ${set.examples.length} examples`);
      for (const source of set.sources)
        console.log(`  ${source.source.padEnd(18)} ${source.kept} kept of ${source.read}`);
    }
    for (const file of files) {
      const rows = readLabelledFile(resolve(file));
      console.log(`${file}: ${rows.length} labelled examples`);
      examples.push(...rows);
    }
    if (files.length > 0) describe.brandData = files.length;
    if (!examples.some((example) => example.intent !== undefined)) {
      console.error('bridge train: no example has an intent label: nothing to train on');
      return 1;
    }
    const built = buildModel(examples, {
      train: { seed, epochs },
      holdout,
      describe,
      onEpoch: ({ epoch, loss }) =>
        console.log(
          `epoch ${epoch}/${epochs}  loss ${headNames.map((head) => `${head} ${(loss[head] ?? 0).toFixed(4)}`).join(' · ')}  ${((performance.now() - started) / 1000).toFixed(1)} s`,
        ),
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.json);
    const seconds = (performance.now() - started) / 1000;
    console.log(`\ntraining examples per label (${built.trainSize} train, ${built.heldOutSize} held out):`);
    console.log(countTable(built.counts));
    console.log(
      `\nheld-out macro-F1 (seeded ${Math.round(holdout * 100)}% split; without templated examples in brackets):`,
    );
    for (const head of headNames) {
      console.log(
        `  ${head.padEnd(10)} ${f3(built.heldOut.all[head].macroF1)}  (${f3(built.heldOut.withoutTemplates[head].macroF1)})`,
      );
    }
    console.log(
      `\n${built.file.version}: ${epochs} epochs, seed ${seed}, ${seconds.toFixed(1)} s; wrote ${out} (${(built.json.length / 1e6).toFixed(2)} MB)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DataMissingError || error instanceof LabelledFileError) {
      console.error(`bridge train: ${error.message}`);
      return 1;
    }
    throw error;
  }
};
