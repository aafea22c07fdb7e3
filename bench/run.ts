import { parseArgs } from 'node:util';
import { benchEndToEnd } from './end-to-end.ts';

/**
 * `npm run bench`: prints the figures; asserts nothing. Speed is measured here, never in tests.
 * `npm run bench -- --mentions 2000` for a quicker look.
 */
const { values } = parseArgs({
  options: {
    mentions: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    parallel: { type: 'string', default: '4' },
  },
});

const count = Number(values.mentions);
console.log(
  `End to end through the local runtime: ${count} generated mentions, NDJSON batches of ${values.batch}, ${values.parallel} requests at a time`,
);
const figures = await benchEndToEnd(count, { batch: Number(values.batch), parallel: Number(values.parallel) });
const fixed = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`
  mentions accepted              ${fixed(figures.accepted)} of ${fixed(figures.mentions)}
  wall time                      ${fixed(figures.seconds, 1)} s
  throughput                     ${fixed(figures.mentionsPerSecond)} mentions/s (post → disposition)
  latency p50 / p95 / p99 / max  ${fixed(figures.latencyMs.p50)} / ${fixed(figures.latencyMs.p95)} / ${fixed(figures.latencyMs.p99)} / ${fixed(figures.latencyMs.max)} ms (receipt → disposition)
  peak memory                    node ${fixed(figures.peakRssMb.node)} MB, DynamoDB Local ${fixed(figures.peakRssMb.dynamoDbLocal)} MB
  dispositions                   ${Object.entries(figures.dispositions)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')}
`);
