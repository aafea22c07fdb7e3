import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { commonEnv, productFeedbackQueue, tables } from '../../lib/definitions.ts';
import { SqsProductFeedback } from '../adapters/sqs-product-feedback.ts';
import { ProductFeedbackSettings } from '../config/settings.ts';
import { SurgeSettings, surgePolicyFrom } from '../config/surge-settings.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { DynamoDbTriageStore } from '../adapters/dynamodb-triage-store.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { SqsTeamQueues } from '../adapters/sqs-team-queues.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { routingRules, teamQueueUrlsEnv } from '../config/routing-settings.ts';
import { tableNamesFrom } from '../config/settings.ts';
import { TriageApiSettings, triagePolicyFrom } from '../config/triage-settings.ts';
import { observability } from '../handlers/observability.ts';
import { createTriageApiHandler } from '../handlers/triage-api.ts';
import { newCaseRouter, teamAssigner } from '../use-cases/case-routers.ts';
import { replyDesk } from '../use-cases/reply-desk.ts';
import { caseOfMention } from '../use-cases/case-of-mention.ts';
import { caseSystemFrom } from './case-system.ts';
import { replyWiring } from './replies.ts';
import { DuePolicySettings, duePolicyFrom } from '../config/sla-settings.ts';

const settings = loadConfig(
  TriageApiSettings.extend({ ...DuePolicySettings.shape, ...ProductFeedbackSettings.shape, ...SurgeSettings.shape }),
  process.env,
);
const duePolicy = duePolicyFrom(settings, routingRules.queues);
const documents = documentClient();
const names = tableNamesFrom(settings);
const stores = dynamoDbPorts(documents, names, systemClock);
const cases = caseSystemFrom(settings[commonEnv.caseSystem], process.env, documents, names.cases);
const routing = {
  ...stores,
  cases,
  work: stores.cases,
  teamQueues: new SqsTeamQueues(new SQSClient({}), settings[teamQueueUrlsEnv]),
  clock: systemClock,
};
const replying = replyWiring(settings, documents, settings[tables.replies.envVar]);
const triage = new DynamoDbTriageStore(documents, settings[tables.triage.envVar]);
const desk = replyDesk(
  { ...replying.ports, cases, caseOfMention: caseOfMention({ triage, mentions: stores.mentions }) },
  replying.policy,
);
const connect = settings[commonEnv.caseSystem] === 'connect';

export const handler = createTriageApiHandler(
  {
    ...stores,
    cases,
    triage,
    fingerprints: new Sha256Fingerprints(),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
    // With Amazon Connect Cases, Connect's own routing sends cases to agents.
    ideas: {
      replies: replying.ports.replies,
      clock: systemClock,
      feedback: new SqsProductFeedback(new SQSClient({}), settings[productFeedbackQueue.envVar]),
    },
    replies: replying.ports.replies,
    routeNewCase: connect ? async () => undefined : newCaseRouter(routing, routingRules, duePolicy),
    assignTeam: teamAssigner(routing, routingRules, duePolicy),
    draftReply: desk.draft,
    repliesOf: desk.ofItem,
    replyDesk: desk,
  },
  { ...triagePolicyFrom(settings), ...duePolicy, surge: surgePolicyFrom(settings) },
  observability('triage-api'),
);
