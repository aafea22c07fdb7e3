import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Intent, Topic } from '../../lambdas/domain/classification.ts';
import { headLabelSets, type SentimentLabel } from '../../lambdas/domain/model/heads.ts';
import type { LinearModel } from '../../lambdas/domain/model/linear-model.ts';
import { type Evaluation, evaluate, formatEvaluation } from '../../lambdas/domain/model/metrics.ts';
import { type ServiceNeedRule, serviceNeedOf, serviceNeedRules } from '../../lambdas/domain/model/service-need.ts';
import {
  type AirlineReport,
  airlineCategoryTopics,
  evaluateAirlineTweets,
  readAirlineTweets,
} from '../../lambdas/model-training/airline-tweets.ts';
import { readModel } from '../../lambdas/model-training/model-file.ts';
import { airlineTweetsFile, DataMissingError, defaultModelFile } from '../../lambdas/model-training/paths.ts';
import { UsageError } from './usage-error.ts';

export const evalUsage = `bridge eval --data FILE --text-column C --label-column L [--label-map 'negative=need,positive=not-need']
            [--filter 'col=value' ...] [--dedupe COL] [--task service-need|intent|topic|sentiment] [--model FILE] [--json]
bridge eval --preset airline-tweets [--model FILE] [--sample 10] [--json]
    Both: [--service-need intent|intent-or-negative] how the model alone decides a service need
    (see lambdas/domain/model/service-need.ts; default intent: complaint or request).
    Score the classifier on a labelled CSV or NDJSON file: precision, recall and F1 per class,
    macro-F1 and the confusion matrix. --label-map renames gold labels (rows whose label it does
    not name are left out); --filter keeps rows where a column =, !=, >=, <=, > or < a value
    (repeatable, all must hold); --task defaults to service-need when the gold labels are
    need/not-need, else intent. The airline-tweets preset applies the mapping of
    ../shared/data/airline-tweets/README.md (evaluation only: that data is CC BY-NC-SA).`;

export const evalTasks = ['service-need', 'intent', 'topic', 'sentiment'] as const;
export type EvalTask = (typeof evalTasks)[number];

/** What the classifier under test says about one text, for every task. */
export interface TextVerdict {
  readonly intent: Intent;
  readonly serviceNeed: boolean;
  readonly topic: Topic;
  readonly sentiment: SentimentLabel;
}

export type TextPredictor = (text: string) => TextVerdict;

export interface PredictorOptions {
  /** How the model alone decides a service need (`--service-need`); other classifiers may ignore it. */
  readonly serviceNeedRule: ServiceNeedRule;
}

/** The model alone: a service need by `rule` (default: the intent is complaint or request). */
export const modelTextPredictor =
  (model: LinearModel, options: PredictorOptions = { serviceNeedRule: 'intent' }): TextPredictor =>
  (text) => {
    const p = model.predict(text);
    return {
      intent: p.intent.label,
      serviceNeed: serviceNeedOf(p, options.serviceNeedRule),
      topic: p.topic.label,
      sentiment: p.sentiment.label,
    };
  };

const taskLabels: Readonly<Record<EvalTask, readonly string[]>> = {
  'service-need': ['need', 'not-need'],
  intent: headLabelSets.intent,
  topic: headLabelSets.topic,
  sentiment: headLabelSets.sentiment,
};

const answer = (verdict: TextVerdict, task: EvalTask): string =>
  task === 'service-need' ? (verdict.serviceNeed ? 'need' : 'not-need') : verdict[task];

type Row = Record<string, string>;

const readTable = (file: string): Row[] => {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const content = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') {
    return content
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v == null ? '' : String(v)]));
        } catch {
          throw new UsageError(`${file} line ${i + 1} is not JSON`);
        }
      });
  }
  return parseCsv(content, { columns: true, skip_empty_lines: true, bom: true }) as Row[];
};

interface Filter {
  readonly column: string;
  readonly test: (value: string) => boolean;
}

const parseFilter = (text: string): Filter => {
  const match = /^([^=!<>]+?)\s*(!=|>=|<=|=|>|<)\s*(.*)$/.exec(text);
  if (!match) throw new UsageError(`--filter takes column=value (or !=, >=, <=, >, <), not "${text}"`);
  const [, column = '', op, value = ''] = match;
  const number = Number(value);
  const numeric = (test: (a: number) => boolean) => (v: string) => v.trim() !== '' && test(Number(v));
  const tests: Record<string, (v: string) => boolean> = {
    '=': (v) => v === value,
    '!=': (v) => v !== value,
    '>=': numeric((a) => a >= number),
    '<=': numeric((a) => a <= number),
    '>': numeric((a) => a > number),
    '<': numeric((a) => a < number),
  };
  if (op !== '=' && op !== '!=' && Number.isNaN(number))
    throw new UsageError(`--filter "${text}" compares with a number`);
  return { column: column.trim(), test: tests[op ?? '='] ?? (() => true) };
};

const parseLabelMap = (text: string | undefined): Map<string, string> | undefined => {
  if (text === undefined) return undefined;
  const pairs = text
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [from = '', to = ''] = pair.split('=').map((part) => part.trim());
      if (from === '' || to === '') throw new UsageError(`--label-map takes from=to pairs, not "${pair}"`);
      return [from, to] as const;
    });
  return new Map(pairs);
};

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

const evaluationJson = (e: Evaluation) => ({
  labels: e.labels,
  perClass: e.perClass.map((c) => ({ ...c, precision: round(c.precision), recall: round(c.recall), f1: round(c.f1) })),
  macroF1: round(e.macroF1),
  accuracy: round(e.accuracy),
  total: e.total,
  skipped: e.skipped,
  confusion: e.confusion,
});

const formatAirline = (report: AirlineReport, version: string): string => {
  const lines = [
    `airline tweets (evaluation only, CC BY-NC-SA): ${report.tweets} tweets after dropping ${report.duplicatesDropped} duplicate ids · classifier ${version}`,
    '',
    formatEvaluation(
      report.serviceNeed,
      'service need (need: negative, reason not "Can\'t Tell", confidence ≥ 0.6; not-need: positive, confidence ≥ 0.6)',
    ),
    '',
    `service-need F1 ${report.serviceNeedF1.toFixed(3)}`,
    '',
    formatEvaluation(report.topics, 'topic of the service needs (negativereason → topic)'),
    '',
    'per category (service-need tweets)',
    `${'negativereason'.padEnd(28)}${'topic'.padEnd(24)}${'tweets'.padStart(7)}${'need recall'.padStart(13)}${'topic recall'.padStart(14)}`,
    ...report.categories.map(
      (c) =>
        `${c.reason.padEnd(28)}${c.topic.padEnd(24)}${String(c.tweets).padStart(7)}${c.serviceNeedRecall.toFixed(3).padStart(13)}${c.topicRecall.toFixed(3).padStart(14)}`,
    ),
    '',
    `neutral tweets escalated as service needs: ${report.neutral.escalated} of ${report.neutral.total} (${(report.neutral.share * 100).toFixed(1)}%); a sample:`,
    ...report.neutral.sample.map((s) => `  ${s.tweetId}  ${s.text.replace(/\s+/g, ' ')}`),
  ];
  return lines.join('\n');
};

/**
 * `bridge eval` with the classifier under test made by `makePredictor` from the loaded model
 * (`modelTextPredictor`: the model alone). Register `evalCommandWith(engine)` to score the
 * whole classification engine.
 */
export const evalCommandWith =
  (
    makePredictor: (model: LinearModel, options: PredictorOptions) => TextPredictor,
    describe?: (model: LinearModel, options: PredictorOptions) => string,
  ) =>
  async (args: string[]): Promise<number> => {
    let values: {
      data?: string;
      preset?: string;
      'text-column'?: string;
      'label-column'?: string;
      'label-map'?: string;
      filter?: string[];
      dedupe?: string;
      task?: string;
      model?: string;
      sample?: string;
      'service-need'?: string;
      json?: boolean;
      help?: boolean;
    };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          data: { type: 'string' },
          preset: { type: 'string' },
          'text-column': { type: 'string' },
          'label-column': { type: 'string' },
          'label-map': { type: 'string' },
          filter: { type: 'string', multiple: true },
          dedupe: { type: 'string' },
          task: { type: 'string' },
          model: { type: 'string' },
          sample: { type: 'string' },
          'service-need': { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${evalUsage}`);
    }
    if (values.help) {
      console.log(evalUsage);
      return 0;
    }
    try {
      const serviceNeedRule = serviceNeedRules.find((rule) => rule === (values['service-need'] ?? 'intent'));
      if (!serviceNeedRule) {
        throw new UsageError(
          `--service-need is one of ${serviceNeedRules.join(', ')}, not "${values['service-need']}"`,
        );
      }
      const options: PredictorOptions = { serviceNeedRule };
      const model = readModel(values.model ? resolve(values.model) : defaultModelFile);
      const predict = makePredictor(model, options);
      const version = describe?.(model, options) ?? `${model.version} (service need: ${serviceNeedRule})`;

      if (values.preset !== undefined) {
        if (values.preset !== 'airline-tweets')
          throw new UsageError(`--preset knows airline-tweets, not "${values.preset}"`);
        if (!existsSync(airlineTweetsFile)) {
          console.log(`bridge eval: skipped: the airline tweets are not at ${airlineTweetsFile}`);
          return 0;
        }
        const sampleSize = values.sample === undefined ? 10 : Number(values.sample);
        if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new UsageError('--sample takes a whole number');
        const { tweets, duplicates } = readAirlineTweets(airlineTweetsFile);
        const report = evaluateAirlineTweets(tweets, predict, { sampleSize, duplicatesDropped: duplicates });
        if (values.json) {
          console.log(
            JSON.stringify(
              {
                preset: 'airline-tweets',
                classifier: version,
                tweets: report.tweets,
                duplicatesDropped: report.duplicatesDropped,
                serviceNeedF1: round(report.serviceNeedF1),
                serviceNeed: evaluationJson(report.serviceNeed),
                categoryTopics: airlineCategoryTopics,
                topics: evaluationJson(report.topics),
                categories: report.categories.map((c) => ({
                  ...c,
                  serviceNeedRecall: round(c.serviceNeedRecall),
                  topicRecall: round(c.topicRecall),
                })),
                neutral: { ...report.neutral, share: round(report.neutral.share) },
              },
              null,
              2,
            ),
          );
        } else console.log(formatAirline(report, version));
        return 0;
      }

      if (!values.data || !values['text-column'] || !values['label-column']) {
        throw new UsageError(`--data, --text-column and --label-column are needed (or --preset)\n\n${evalUsage}`);
      }
      const file = resolve(values.data);
      const textColumn = values['text-column'];
      const labelColumn = values['label-column'];
      let rows = readTable(file);
      const first = rows[0];
      for (const column of [textColumn, labelColumn, values.dedupe]) {
        if (column !== undefined && first !== undefined && !(column in first)) {
          throw new UsageError(`${values.data} has no "${column}" column`);
        }
      }
      const read = rows.length;
      const filters = (values.filter ?? []).map(parseFilter);
      for (const filter of filters) {
        if (first !== undefined && !(filter.column in first))
          throw new UsageError(`${values.data} has no "${filter.column}" column`);
      }
      rows = rows.filter((row) => filters.every((f) => f.test(row[f.column] ?? '')));
      if (values.dedupe) {
        const seen = new Set<string>();
        const column = values.dedupe;
        rows = rows.filter((row) => {
          const key = row[column] ?? '';
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      }
      const labelMap = parseLabelMap(values['label-map']);
      const labelled = rows.flatMap((row) => {
        const raw = (row[labelColumn] ?? '').trim();
        const label = labelMap ? labelMap.get(raw) : raw;
        return label === undefined || label === '' ? [] : [{ label, text: row[textColumn] ?? '' }];
      });
      const gold = new Set(labelled.map((row) => row.label));
      const task: EvalTask = values.task
        ? (evalTasks.find((t) => t === values.task) ??
          (() => {
            throw new UsageError(`--task is one of ${evalTasks.join(', ')}, not "${values.task}"`);
          })())
        : [...gold].every((label) => label === 'need' || label === 'not-need')
          ? 'service-need'
          : 'intent';
      const unknown = [...gold].filter((label) => !taskLabels[task].includes(label));
      if (unknown.length > 0) {
        throw new UsageError(
          `gold labels ${unknown.map((l) => `"${l}"`).join(', ')} are not ${task} labels (${taskLabels[task].join(', ')}); map them with --label-map`,
        );
      }
      const labels = taskLabels[task].filter((label) => gold.has(label));
      const evaluation = evaluate(labelled, (row) => answer(predict(row.text), task), { labels });
      const left = read - labelled.length;
      if (values.json) {
        console.log(
          JSON.stringify(
            {
              data: values.data,
              task,
              classifier: version,
              rowsRead: read,
              rowsScored: evaluation.total,
              rowsLeftOut: left,
              ...evaluationJson(evaluation),
            },
            null,
            2,
          ),
        );
      } else {
        console.log(
          `${values.data}: ${task}, ${evaluation.total} rows scored, ${left} left out (filters, duplicates, unmapped labels) · classifier ${version}\n`,
        );
        console.log(formatEvaluation(evaluation));
      }
      return 0;
    } catch (error) {
      if (error instanceof DataMissingError) {
        console.error(`bridge eval: ${error.message}`);
        return 1;
      }
      throw error;
    }
  };

/** `bridge eval` scoring the model alone (see `evalUsage`). */
export const evalCommand = evalCommandWith(modelTextPredictor);
