import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { commonEnv, tables } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { DynamoDbReplyStore } from '../adapters/dynamodb-reply-store.ts';
import { DynamoDbTriageStore } from '../adapters/dynamodb-triage-store.ts';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher.ts';
import { MetaReplySender } from '../adapters/meta-reply-sender.ts';
import { NetworkReplySender } from '../adapters/network-reply-sender.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { SqsTeamQueues } from '../adapters/sqs-team-queues.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { XReplySender } from '../adapters/x-reply-sender.ts';
import { loadConfig } from '../config/load-config.ts';
import { replyEnv, replyPolicyOf, replyTokensFromSecret } from '../config/reply-settings.ts';
import { routingRules, teamQueueUrlsEnv } from '../config/routing-settings.ts';
import { tableNamesFrom } from '../config/settings.ts';
import { TriageApiSettings, triagePolicyFrom } from '../config/triage-settings.ts';
import { observability } from '../handlers/observability.ts';
import { createTriageApiHandler } from '../handlers/triage-api.ts';
import { newCaseRouter, teamAssigner } from '../use-cases/case-routers.ts';
import { replyDesk } from '../use-cases/reply-desk.ts';
import { caseSystemFrom } from './case-system.ts';

const settings = loadConfig(TriageApiSettings, process.env);
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
const tokens = replyTokensFromSecret(settings[replyEnv.tokensSecretArn]);
const desk = replyDesk(
  {
    replies: new DynamoDbReplyStore(documents, settings[tables.replies.envVar]),
    sender: new NetworkReplySender({ x: new XReplySender(tokens), meta: new MetaReplySender(tokens) }),
    clock: systemClock,
  },
  replyPolicyOf(settings),
);
const connect = settings[commonEnv.caseSystem] === 'connect';

export const handler = createTriageApiHandler(
  {
    ...stores,
    cases,
    triage: new DynamoDbTriageStore(documents, settings[tables.triage.envVar]),
    fingerprints: new Sha256Fingerprints(),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), settings[commonEnv.eventBusName]),
    clock: systemClock,
    // With Amazon Connect Cases, Connect's own routing sends cases to agents.
    routeNewCase: connect ? async () => undefined : newCaseRouter(routing, routingRules),
    assignTeam: teamAssigner(routing, routingRules),
    draftReply: desk.draft,
    repliesOf: desk.ofItem,
    replyDesk: desk,
  },
  triagePolicyFrom(settings),
  observability('triage-api'),
);
