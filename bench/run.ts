import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { benchClassifier } from './classifier.ts';
import { benchConnectors } from './connectors.ts';
import { benchEndToEnd, type EndToEndFigures } from './end-to-end.ts';

/**
 * `npm run bench`: prints the figures; asserts nothing. Speed is measured here, never in tests.
 * `npm run bench -- --mentions 2000` for a quicker look.
 */
const { values } = parseArgs({
  options: {
    mentions: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    parallel: { type: 'string', default: '4' },
    'steady-rate': { type: 'string', default: '50' },
    'connector-seconds': { type: 'string', default: '3' },
    'classify-count': { type: 'string', default: '200000' },
  },
});

const count = Number(values.mentions);
const fixed = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const report = (title: string, figures: EndToEndFigures) =>
  console.log(`${title}
  mentions accepted              ${fixed(figures.accepted)} of ${fixed(figures.mentions)}
  wall time                      ${fixed(figures.seconds, 1)} s
  throughput                     ${fixed(figures.mentionsPerSecond)} mentions/s (first post → last disposition)
  latency p50 / p95 / p99 / max  ${fixed(figures.latencyMs.p50)} / ${fixed(figures.latencyMs.p95)} / ${fixed(figures.latencyMs.p99)} / ${fixed(figures.latencyMs.max)} ms (receipt → disposition)
  peak memory                    node ${fixed(figures.peakRssMb.node)} MB, DynamoDB Local ${fixed(figures.peakRssMb.dynamoDbLocal)} MB
  dispositions                   ${Object.entries(figures.dispositions)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')}
`);

const classified = Number(values['classify-count']);
const memoryBefore = process.memoryUsage().rss;
console.log(`Classifier, one core, ${fixed(classified)} generated mentions`);
for (const figures of benchClassifier(classified)) {
  console.log(`  ${figures.name.padEnd(50)} ${fixed(figures.mentionsPerSecond).padStart(9)} mentions/s`);
}
console.log(
  `  peak memory (process, so far)                      ${fixed(process.resourceUsage().maxRSS / 1024)} MB (model + run added ~${fixed((process.memoryUsage().rss - memoryBefore) / 1048576)} MB RSS)`,
);
console.log('');

const connectorSeconds = Number(values['connector-seconds']);
console.log(
  `Connectors, one core, ${connectorSeconds} s each: signature check on the raw bytes, JSON parse, normalise to Mention`,
);
for (const figures of await benchConnectors(connectorSeconds)) {
  console.log(
    `  ${figures.connector.padEnd(42)} ${fixed(figures.deliveriesPerSecond).padStart(9)} deliveries/s  ${fixed(figures.mentionsPerSecond).padStart(9)} mentions/s`,
  );
}
console.log('');

const batch = Number(values.batch);
const parallel = Number(values.parallel);
report(
  `Burst: ${fixed(count)} generated mentions through the local runtime, NDJSON batches of ${batch}, ${parallel} requests at a time`,
  await benchEndToEnd(count, { batch, parallel }),
);
const steady = Number(values['steady-rate']);
const steadyCount = Math.min(count, steady * 20);
report(
  `Steady: ${fixed(steadyCount)} mentions at ${steady}/s, below capacity, so latency is the pipeline's own and not a backlog's`,
  await benchEndToEnd(steadyCount, { batch: 10, parallel: 2, perSecond: steady }),
);
