import { readFileSync } from 'node:fs';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { defaultRuntimeOptions, startRuntime } from '../lambdas/local/runtime.ts';
import { generateMentions, toNdjson } from '../test/fixtures/mention-generator.ts';

export interface EndToEndFigures {
  readonly mentions: number;
  readonly accepted: number;
  readonly seconds: number;
  readonly mentionsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly dispositions: Record<string, number>;
  readonly peakRssMb: { readonly node: number; readonly dynamoDbLocal: number };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/** The JVM's peak resident set, from the kernel's own accounting. */
const peakRssOfPid = (pid: number): number => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

export interface LoadShape {
  readonly batch: number;
  readonly parallel: number;
  /** Send at this steady rate instead of as fast as the gateway takes them. */
  readonly perSecond?: number;
}

/**
 * Sends `count` generated mentions through the local runtime over HTTP (NDJSON batches, a few
 * requests at a time, as a listening tool would) and measures from the first request to the
 * last disposition, and per mention from its receipt to its disposition.
 */
export const benchEndToEnd = async (count: number, options: LoadShape): Promise<EndToEndFigures> => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const runtime = await startRuntime({
    ...defaultRuntimeOptions,
    port: 0,
    inMemory: true,
    apiKey: 'bench',
    javaOptions: [],
  });
  try {
    const valid = generateMentions({ count, seed: 7, idPrefix: 'bench-', mix: { malformed: 0 } });
    const batches: string[] = [];
    for (let start = 0; start < valid.length; start += options.batch) {
      batches.push(toNdjson(valid.slice(start, start + options.batch).map((item) => item.input)));
    }
    let accepted = 0;
    const started = performance.now();
    let next = 0;
    const interval = options.perSecond ? (options.batch / options.perSecond) * 1000 : 0;
    await Promise.all(
      Array.from({ length: options.parallel }, async () => {
        while (next < batches.length) {
          const index = next++;
          const body = batches[index];
          const due = started + index * interval;
          if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
          const response = await fetch(`${runtime.url}/mentions`, {
            method: 'POST',
            headers: { 'x-api-key': 'bench', 'content-type': 'application/x-ndjson' },
            body,
          });
          accepted += ((await response.json()) as { accepted: number }).accepted;
        }
      }),
    );
    await runtime.queue.whenIdle();
    const seconds = (performance.now() - started) / 1000;

    const latencies: number[] = [];
    const dispositions: Record<string, number> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await runtime.documents.send(
        new ScanCommand({
          TableName: runtime.tableNames.mentions,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        latencies.push(Date.parse(item.disposition.decidedAt) - Date.parse(item.mention.receivedAt));
        dispositions[item.dispositionKind] = (dispositions[item.dispositionKind] ?? 0) + 1;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    latencies.sort((a, b) => a - b);

    return {
      mentions: count,
      accepted,
      seconds,
      mentionsPerSecond: latencies.length / seconds,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
      },
      dispositions,
      peakRssMb: { node: process.resourceUsage().maxRSS / 1024, dynamoDbLocal: peakRssOfPid(runtime.dynamo.pid) },
    };
  } finally {
    await runtime.stop();
  }
};
