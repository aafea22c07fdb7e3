import { ConfigError } from '../../lambdas/config/load-config.ts';
import { JavaMissingError } from '../../lambdas/local/dynamodb-local.ts';
import { classifyCommand } from './classify-command.ts';
import { customersCommand, customersUsage } from './customers-command.ts';
import { engineEvalCommand } from './engine-eval.ts';
import { trainCommand, trainUsage } from './train-command.ts';
import { evalUsage } from './eval-command.ts';
import { ingestCommand } from './ingest-command.ts';
import { routingCommand, routingUsage } from './routing-command.ts';
import { schemaCommand } from './schema-command.ts';
import { serveCommand } from './serve-command.ts';
import { UsageError } from './usage-error.ts';

const usage = `bridge — Social Service Bridge

Usage:
  bridge serve [--port 3000] [--host 127.0.0.1] [--in-memory] [--data-dir .bridge-data] [--api-key KEY]
               [--secrets .bridge-secrets.json] [--verbose]
      Run the bridge locally: DynamoDB Local, the mentions queue, and the HTTP API.
  bridge ingest FILE [--url URL] [--api-key KEY] [--format ndjson|csv] [--text-column text] [--map field=column,…]
                [--network import] [--batch-size 100] [--wait 60]
      Send an NDJSON or CSV file of mentions to a running bridge and summarise what became of them.
  ${customersUsage}
  ${routingUsage}
  bridge classify [FILE] [--format ndjson|csv] [--text-column text] [--model FILE]
      Classify mentions from a file or stdin; writes NDJSON with every field of the classification.
  ${trainUsage}
  ${evalUsage}
  bridge schema
      Print the JSON Schema of the generic mention format (docs/mention-input.schema.json).
  bridge help
      This text.

Environment: BRIDGE_URL and BRIDGE_API_KEY stand in for --url and --api-key.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  ingest: ingestCommand,
  customers: customersCommand,
  routing: routingCommand,
  schema: schemaCommand,
  classify: classifyCommand,
  train: trainCommand,
  eval: engineEvalCommand,
};

/** Runs one command and returns the process exit code; expected failures print one clear sentence. */
export const main = async (argv: readonly string[]): Promise<number> => {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`bridge: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof JavaMissingError || error instanceof ConfigError || error instanceof UsageError) {
      console.error(`bridge ${name}: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
};
