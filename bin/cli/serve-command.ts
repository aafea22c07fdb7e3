import { parseArgs } from 'node:util';
import { localConnectorSecrets } from '../../lambdas/local/local-connector-secrets.ts';
import { defaultRuntimeOptions, startRuntime } from '../../lambdas/local/runtime.ts';
import { UsageError } from './usage-error.ts';

const portOf = (value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be 0..65535, not "${value}"`);
  return port;
};

/** `bridge serve`: runs until Ctrl-C, then stops the gateway, the queue and DynamoDB Local in turn. */
export const serveCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'api-key': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      secrets: { type: 'string' },
    },
    strict: true,
  });
  // Powertools reads these when the handlers are built: quiet logs and no metric output locally.
  process.env.POWERTOOLS_LOG_LEVEL ??= values.verbose ? 'INFO' : 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const runtime = await startRuntime({
    ...defaultRuntimeOptions,
    host: values.host ?? defaultRuntimeOptions.host,
    port: portOf(values.port ?? process.env.PORT, defaultRuntimeOptions.port),
    inMemory: values['in-memory'],
    dataDir: values['data-dir'] ?? defaultRuntimeOptions.dataDir,
    apiKey: values['api-key'] ?? process.env.BRIDGE_API_KEY ?? defaultRuntimeOptions.apiKey,
    connectorSecrets: localConnectorSecrets(process.env, values.secrets),
    // The tunables (SURGE_THRESHOLD, CASE_CONFIDENCE_THRESHOLD, SLA_POLICY, …) may be set in the
    // environment, under the names the Lambdas read; anything else keeps the local default.
    env: Object.fromEntries(
      Object.entries(defaultRuntimeOptions.env).map(([name, value]) => [name, process.env[name] ?? value]),
    ),
    ...(values.verbose ? { onDynamoLog: (line: string) => console.error(`[dynamodb] ${line}`) } : {}),
  });

  const example = JSON.stringify({
    network: 'x',
    postId: '1',
    author: { id: 'u1', handle: 'sam' },
    text: 'My parcel never arrived and nobody answers, I want a refund',
    createdAt: new Date().toISOString(),
  });
  console.log(`Social Service Bridge is running.
  Console   ${runtime.url}/   (sign in locally with any name and the roles social, agent, lead)
  API       ${runtime.url}   (send the header x-api-key: ${runtime.apiKey})
  DynamoDB  ${runtime.dynamo.endpoint}   (java pid ${runtime.dynamo.pid}; ${values['in-memory'] ? 'in memory: data goes when you stop' : `data kept in ${values['data-dir'] ?? defaultRuntimeOptions.dataDir}/`})
  Queues    ${runtime.url}/local/queues   (mentions queue and dead letters)
  Events    ${runtime.url}/local/events   (marketing holds, contacts on a case: EventBridge's stand-in${values['in-memory'] ? '' : `; also ${values['data-dir'] ?? defaultRuntimeOptions.dataDir}/events.ndjson`})
  Webhooks  ${runtime.url}/webhooks/x and ${runtime.url}/webhooks/meta   (signed with the connector secrets; see the README)

Try it:
  curl -s -H 'x-api-key: ${runtime.apiKey}' -H 'content-type: application/json' \\
    -d '${example}' ${runtime.url}/mentions
  curl -s -H 'x-api-key: ${runtime.apiKey}' ${runtime.url}/mentions/x:1
  curl -s -H 'x-api-key: ${runtime.apiKey}' '${runtime.url}/cases?status=open'

Press Ctrl-C to stop.`);

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      console.log(`\n${signal}: stopping the gateway, the queue and DynamoDB Local…`);
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      resolve();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
  await runtime.stop();
  console.log('Stopped.');
  return 0;
};
