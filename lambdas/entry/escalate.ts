import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { commonEnv, productFeedbackQueue, queues, tables } from '../../lib/definitions.ts';
import { DynamoDbReplyStore } from '../adapters/dynamodb-reply-store.ts';
import { SqsProductFeedback } from '../adapters/sqs-product-feedback.ts';
import { RepliesTableSettings } from '../config/reply-settings.ts';
import { ProductFeedbackSettings } from '../config/settings.ts';
import { SurgeSettings, surgePolicyFrom } from '../config/surge-settings.ts';
import { DynamoDbTriageStore } from '../adapters/dynamodb-triage-store.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createComprehendCascade } from '../adapters/comprehend/comprehend-cascade-classifier.ts';
import { DynamoDbCallBudget } from '../adapters/dynamodb-call-budget.ts';
import { EngineClassifier } from '../adapters/engine-classifier.ts';
import { supportedLanguages } from '../domain/text/detect-language.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { SqsDeadLetters } from '../adapters/sqs-dead-letters.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { EscalateSettings, escalatePolicyFrom, tableNamesFrom } from '../config/settings.ts';
import { createEscalateHandler } from '../handlers/escalate.ts';
import { RoutingSettings, routingRules, teamQueueUrlsEnv } from '../config/routing-settings.ts';
import { SqsTeamQueues } from '../adapters/sqs-team-queues.ts';
import { newCaseRouter } from '../use-cases/case-routers.ts';
import { DuePolicySettings, duePolicyFrom } from '../config/sla-settings.ts';
import { caseSystemFrom } from './case-system.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(
  EscalateSettings.extend({
    ...RoutingSettings.shape,
    ...DuePolicySettings.shape,
    ...RepliesTableSettings.shape,
    ...ProductFeedbackSettings.shape,
    ...SurgeSettings.shape,
  }),
  process.env,
);
const duePolicy = duePolicyFrom(settings, routingRules.queues);
const replies = new DynamoDbReplyStore(documentClient(), settings[tables.replies.envVar]);
const documents = documentClient();
const names = tableNamesFrom(settings);
const { logger, metrics } = observability('escalate');
const engine = new EngineClassifier();
// Comprehend only when the operator budgets for it: then only the ambiguous band goes there.
const classifier =
  settings.COMPREHEND_DAILY_CALLS > 0
    ? createComprehendCascade({
        local: engine,
        budget: new DynamoDbCallBudget(documents, names.lookups, settings.COMPREHEND_DAILY_CALLS),
        clock: systemClock,
        supportedLanguages: [...supportedLanguages],
        ...(settings.COMPREHEND_CLASSIFIER_ENDPOINT_ARN
          ? { customClassifierEndpointArn: settings.COMPREHEND_CLASSIFIER_ENDPOINT_ARN }
          : {}),
        onFallback: (reason) => metrics.addMetric(`ComprehendFallback_${reason}`, MetricUnit.Count, 1),
        logger,
      })
    : engine;

const stores = dynamoDbPorts(documents, names, systemClock);
const cases = caseSystemFrom(settings[commonEnv.caseSystem], process.env, documents, names.cases);
const teamQueues = new SqsTeamQueues(new SQSClient({}), settings[teamQueueUrlsEnv]);

export const handler = createEscalateHandler(
  {
    ...stores,
    cases,
    // With Amazon Connect Cases, Connect's own routing sends cases to agents.
    routeNewCase:
      settings[commonEnv.caseSystem] === 'connect'
        ? async () => undefined
        : newCaseRouter(
            { ...stores, cases, work: stores.cases, teamQueues, clock: systemClock },
            routingRules,
            duePolicy,
          ),
    replies,
    ideas: {
      replies,
      clock: systemClock,
      feedback: new SqsProductFeedback(new SQSClient({}), settings[productFeedbackQueue.envVar]),
    },
    triage: new DynamoDbTriageStore(documents, settings[tables.triage.envVar]),
    classifier,
    fingerprints: new Sha256Fingerprints(),
    clock: systemClock,
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
  },
  new SqsDeadLetters(new SQSClient({}), settings[queues.mentions.deadLetter.envVar]),
  { ...escalatePolicyFrom(settings), ...duePolicy, surge: surgePolicyFrom(settings) },
  { logger, metrics },
);
