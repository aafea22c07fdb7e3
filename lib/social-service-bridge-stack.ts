import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiKey } from './constructs/api-key.ts';
import { ComprehendAccess } from './constructs/comprehend-access.ts';
import { ConnectorSecrets } from './constructs/connector-secrets.ts';
import { BridgeFunction } from './constructs/bridge-function.ts';
import { BridgeTables } from './constructs/bridge-tables.ts';
import { BridgeHttpApi } from './constructs/http-api.ts';
import { MentionQueue } from './constructs/mention-queue.ts';
import { commonEnv, type FunctionId, functions, queues, routes } from './definitions.ts';

/** The repository root: definitions.ts names Lambda entries relative to it. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Settings of the escalate function that are the operator's to choose (CDK context, see bridge-app.ts). */
export interface EscalateSettings {
  /** Comma-separated user ids of the brand's own accounts, whose posts are skipped; may be empty. */
  readonly brandAccountIds: string;
  /** Confidence (0..1) a service need needs to open a case without a person deciding. */
  readonly caseConfidenceThreshold: number;
  /** Hours during which a repeated post counts as a duplicate (72..720). */
  readonly duplicateWindowHours: number;
  /** Amazon Comprehend calls a day for the ambiguous band; 0 keeps classification local. */
  readonly comprehendDailyCalls: number;
  /** A Comprehend custom classifier endpoint whose classes are our intents; empty for none. */
  readonly comprehendClassifierEndpointArn: string;
}

export interface SocialServiceBridgeStackProps extends StackProps {
  readonly escalate: EscalateSettings;
  /** Where the Lambda entries of definitions.ts are resolved and bundled from. @default the repository root */
  readonly projectRoot?: string;
}

const constructId = (id: FunctionId) => id.charAt(0).toUpperCase() + id.slice(1);

/**
 * The Social Service Bridge: tables, the mentions queue, four functions and the HTTP API, all built
 * from definitions.ts. The stack only composes the constructs and says who may do what.
 */
export class SocialServiceBridgeStack extends Stack {
  readonly tables: BridgeTables;
  readonly mentionQueue: MentionQueue;
  readonly apiKey: ApiKey;
  readonly connectorSecrets: ConnectorSecrets;
  readonly functions: { readonly [id in FunctionId]: BridgeFunction };
  readonly httpApi: BridgeHttpApi;

  constructor(scope: Construct, id: string, props: SocialServiceBridgeStackProps) {
    super(scope, id, props);
    const projectRoot = props.projectRoot ?? repositoryRoot;

    this.tables = new BridgeTables(this, 'Tables');
    this.mentionQueue = new MentionQueue(this, 'MentionQueue', { definition: queues.mentions });
    this.apiKey = new ApiKey(this, 'ApiKey');
    this.connectorSecrets = new ConnectorSecrets(this, 'ConnectorSecrets');

    const built = {} as Record<FunctionId, BridgeFunction>;
    for (const definition of Object.values(functions)) {
      built[definition.id] = new BridgeFunction(this, constructId(definition.id), { definition, projectRoot });
    }
    this.functions = built;
    const { authorizer, ingest, escalate, casesApi, webhooks } = {
      authorizer: built.authorizer.function,
      ingest: built.ingest.function,
      escalate: built[queues.mentions.consumer.functionId].function,
      casesApi: built.casesApi.function,
      webhooks: built.webhooks.function,
    };

    // authorizer: reads the API key, nothing else.
    this.apiKey.bindReader(authorizer);

    // ingest: validates and enqueues; touches no table.
    this.mentionQueue.bindProducer(ingest);

    // escalate: consumes the queue, parks poison records on the DLQ, reads and writes the case tables.
    this.mentionQueue.bindConsumer(escalate);
    this.tables.grantReadWriteData(escalate, ['cases', 'mentions', 'lookups']);
    this.tables.bindEnvironment(escalate, ['cases', 'mentions', 'lookups']);
    escalate.addEnvironment(commonEnv.brandAccountIds, props.escalate.brandAccountIds);
    escalate.addEnvironment('CASE_CONFIDENCE_THRESHOLD', String(props.escalate.caseConfidenceThreshold));
    escalate.addEnvironment('DUPLICATE_WINDOW_HOURS', String(props.escalate.duplicateWindowHours));
    escalate.addEnvironment('COMPREHEND_DAILY_CALLS', String(props.escalate.comprehendDailyCalls));
    escalate.addEnvironment('COMPREHEND_CLASSIFIER_ENDPOINT_ARN', props.escalate.comprehendClassifierEndpointArn);
    if (props.escalate.comprehendDailyCalls > 0) {
      new ComprehendAccess(this, 'ComprehendAccess', {
        endpointArn: props.escalate.comprehendClassifierEndpointArn,
      }).grantTo(escalate);
    }

    // casesApi: reads cases and mentions, and knows of no other table.
    this.tables.grantReadData(casesApi, ['cases', 'mentions']);
    this.tables.bindEnvironment(casesApi, ['cases', 'mentions']);

    // webhooks: verifies deliveries with the providers' secrets, enqueues, quarantines the unreadable.
    this.connectorSecrets.bindReader(webhooks);
    this.mentionQueue.bindProducer(webhooks);
    this.tables.grantReadWriteData(webhooks, ['quarantine']);
    this.tables.bindEnvironment(webhooks, ['quarantine']);
    webhooks.addEnvironment(commonEnv.brandAccountIds, props.escalate.brandAccountIds);

    this.httpApi = new BridgeHttpApi(this, 'HttpApi', {
      routes,
      handlers: { ingest, casesApi, webhooks },
      authorizer,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.httpApi.url });
    new CfnOutput(this, 'ApiKeySecretArn', {
      description: 'Secrets Manager secret holding the API key (plain string)',
      value: this.apiKey.secret.secretArn,
    });
    new CfnOutput(this, 'ConnectorSecretArn', {
      description:
        'Secrets Manager secret for the X and Meta webhooks (JSON: xConsumerSecret, metaAppSecret, metaVerifyToken)',
      value: this.connectorSecrets.secret.secretArn,
    });
    new CfnOutput(this, 'MentionsDeadLetterQueueUrl', {
      description: 'Where mentions that could not be escalated wait for a redrive',
      value: this.mentionQueue.deadLetterQueue.queueUrl,
    });
  }
}
