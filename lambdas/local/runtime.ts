import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  caseJoinDefaults,
  commonEnv,
  escalateDefaults,
  functions,
  queues,
  routes,
  slaMonitorMinutes,
} from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { DynamoDbQuarantine } from '../adapters/dynamodb-quarantine.ts';
import { HmacWebhookAuthenticity } from '../adapters/hmac-webhook-authenticity.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { EngineClassifier } from '../adapters/engine-classifier.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { StaticApiKeys } from '../adapters/static-api-keys.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { EscalateSettings, escalatePolicyFrom } from '../config/settings.ts';
import { createAuthorizerHandler } from '../handlers/authorizer.ts';
import { createCasesApiHandler } from '../handlers/cases-api.ts';
import { createCustomersApiHandler } from '../handlers/customers-api.ts';
import { createEscalateHandler } from '../handlers/escalate.ts';
import { createIngestHandler } from '../handlers/ingest.ts';
import { observability } from '../handlers/observability.ts';
import { createWebhooksHandler } from '../handlers/webhooks.ts';
import type { ConnectorSecrets } from '../config/connector-secrets.ts';
import { localDevConnectorSecrets } from './local-connector-secrets.ts';
import type { Clock } from '../ports/clock.ts';
import { createTables, type TableNames, tableEnv } from './create-tables.ts';
import {
  type DynamoDbLocal,
  dynamoClientFor,
  localCredentials,
  localRegion,
  startDynamoDbLocal,
} from './dynamodb-local.ts';
import { lambdaContext } from './lambda-context.ts';
import { type GatewayRoute, type HttpHandler, type LocalGateway, startLocalGateway } from './local-gateway.ts';
import { LocalDeadLetters, LocalMentionQueue } from './local-mention-queue.ts';
import { LocalEventLog, eventLogPathIn } from './local-event-log.ts';
import { LocalQueue } from './local-queue.ts';
import { DevTokens } from './dev-tokens.ts';
import { devLogin } from './dev-login.ts';
import { LocalOutbox, outboxPathIn } from './local-outbox.ts';
import { LocalTeamQueues } from './local-team-queues.ts';
import { DynamoDbTriageStore } from '../adapters/dynamodb-triage-store.ts';
import { DynamoDbReplyStore } from '../adapters/dynamodb-reply-store.ts';
import { ReplySettings, replyEnv } from '../config/reply-settings.ts';
import { routingRules, teamQueueNames } from '../config/routing-settings.ts';
import { caseJoinPolicyFrom } from '../config/settings.ts';
import { createAgentApiHandler } from '../handlers/agent-api.ts';
import { createTeamIntakeHandler } from '../handlers/team-intake.ts';
import { createTriageApiHandler } from '../handlers/triage-api.ts';
import { newCaseRouter, teamAssigner } from '../use-cases/case-routers.ts';
import { replyDesk } from '../use-cases/reply-desk.ts';
import { caseOfMention } from '../use-cases/case-of-mention.ts';
import {
  DueSoonSettings,
  DuePolicySettings,
  duePolicyFrom,
  dueSoonPolicyFrom,
  slaDefaults,
} from '../config/sla-settings.ts';
import { createSlaMonitorHandler } from '../handlers/sla-monitor.ts';
import { SurgeSettings, surgeDefaults, surgePolicyFrom } from '../config/surge-settings.ts';
import { LocalNotifications, notificationsPathIn } from './local-notifications.ts';
import { LocalMetrics, localMetricsRoute } from './local-metrics.ts';
import { LocalProductFeedback, productFeedbackPathIn } from './local-product-feedback.ts';
import { type SlaTimer, startSlaTimer } from './sla-timer.ts';
import { closingTheLoop } from '../use-cases/after-resolution.ts';

/** The console's static files, served at `/` as CloudFront serves them in AWS. */
const webDir = fileURLToPath(new URL('../../web/', import.meta.url));

export interface RuntimeOptions {
  readonly host: string;
  /** Gateway port; 0 picks a free one. */
  readonly port: number;
  /** Throw the data away on exit instead of keeping it in `dataDir`. */
  readonly inMemory: boolean;
  readonly dataDir: string;
  readonly apiKey: string;
  /** Settings the Lambdas take from the stack's environment, as the same variable names. */
  readonly env: Readonly<Record<string, string>>;
  /** Local stand-ins for the event source mapping; shorter than AWS's so retries show quickly. */
  readonly queue: { readonly visibilityTimeoutMs: number; readonly concurrency: number };
  readonly clock?: Clock;
  readonly onDynamoLog?: (line: string) => void;
  /** JVM options for DynamoDB Local; its launcher's fast-start options when absent. */
  readonly javaOptions?: readonly string[];
  /** The secrets shared with X and Meta for the webhook routes. */
  readonly connectorSecrets: ConnectorSecrets;
}

/** The defaults of `bridge serve`; the Lambdas themselves have none. */
export const defaultRuntimeOptions: RuntimeOptions = {
  host: '127.0.0.1',
  port: 3000,
  inMemory: false,
  dataDir: '.bridge-data',
  apiKey: 'local-dev-key',
  env: {
    ...escalateDefaults,
    ...caseJoinDefaults,
    [commonEnv.caseSystem]: 'builtin',
    ...slaDefaults,
    ...surgeDefaults,
    // Locally one person plays every role, so a second approver is rarely at hand.
    REPLY_APPROVAL_REQUIRED: 'false',
  },
  queue: { visibilityTimeoutMs: 2_000, concurrency: queues.mentions.consumer.maxConcurrency },
  connectorSecrets: localDevConnectorSecrets,
};

export interface Runtime {
  readonly url: string;
  readonly apiKey: string;
  readonly dynamo: DynamoDbLocal;
  readonly tableNames: TableNames;
  readonly documents: DynamoDBDocumentClient;
  readonly queue: LocalQueue;
  /** What the bridge published; EventBridge's stand-in. */
  readonly events: LocalEventLog;
  /** One local queue per team, feeding the team-intake handler. */
  readonly teamQueues: LocalTeamQueues;
  /** Replies "sent" locally; X's and Meta's stand-in. */
  readonly outbox: LocalOutbox;
  /** The user pool's stand-in: issues and checks dev tokens. */
  readonly tokens: DevTokens;
  /** SLA notifications; the SNS topic's stand-in. */
  readonly notifications: LocalNotifications;
  /** The SLA monitor's timer; `runNow()` runs it at once. */
  readonly slaTimer: SlaTimer;
  stop(): Promise<void>;
}

/**
 * Starts the bridge on this machine: DynamoDB Local with the stack's tables, the mentions queue
 * with SQS semantics feeding the escalate handler, and the HTTP API's routes on a local gateway.
 * Every handler is the one deployed, built from the same factory with local adapters.
 */
export const startRuntime = async (options: RuntimeOptions): Promise<Runtime> => {
  if (!options.inMemory) mkdirSync(options.dataDir, { recursive: true });
  const dynamo = await startDynamoDbLocal({
    inMemory: options.inMemory,
    ...(options.inMemory ? {} : { dataDir: options.dataDir }),
    ...(options.onDynamoLog ? { onLog: options.onDynamoLog } : {}),
    ...(options.javaOptions ? { javaOptions: options.javaOptions } : {}),
  });
  const stopping: (() => Promise<void>)[] = [() => dynamo.stop()];
  const stop = async () => {
    for (const step of stopping.reverse().splice(0)) await step().catch(() => undefined);
  };
  try {
    const clock = options.clock ?? systemClock;
    const metricsSink = new LocalMetrics({ clock });
    const documents = documentClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
    const tableNames = await createTables(dynamoClientFor(dynamo.endpoint), 'bridge-');
    const settings = loadConfig(EscalateSettings, {
      ...tableEnv(tableNames),
      [queues.mentions.deadLetter.envVar]: 'http://local/mentions-dead-letter',
      [commonEnv.eventBusName]: 'local-event-log',
      ...options.env,
    });
    const replySettings = loadConfig(ReplySettings.pick({ [replyEnv.approvalRequired]: true }), options.env);
    const slaSettings = loadConfig(DuePolicySettings.extend(DueSoonSettings.shape), options.env);
    const duePolicy = duePolicyFrom(slaSettings, routingRules.queues);
    const surgePolicy = surgePolicyFrom(loadConfig(SurgeSettings, options.env));
    const feedback = new LocalProductFeedback(options.inMemory ? undefined : productFeedbackPathIn(options.dataDir));
    const notifications = new LocalNotifications(options.inMemory ? undefined : notificationsPathIn(options.dataDir));
    const events = new LocalEventLog(options.inMemory ? undefined : eventLogPathIn(options.dataDir));
    const outbox = new LocalOutbox(options.inMemory ? undefined : outboxPathIn(options.dataDir));

    const mentionsQueue = new LocalQueue({
      name: 'mentions',
      visibilityTimeoutMs: options.queue.visibilityTimeoutMs,
      maxReceiveCount: queues.mentions.maxReceiveCount,
      batchSize: queues.mentions.consumer.batchSize,
      maxBatchingWindowMs: queues.mentions.consumer.maxBatchingWindowSeconds * 1000,
      concurrency: options.queue.concurrency,
    });
    const stores = dynamoDbPorts(documents, tableNames, clock);
    const triage = new DynamoDbTriageStore(documents, tableNames.triage);
    const teamQueues = new LocalTeamQueues(teamQueueNames(), {
      visibilityTimeoutMs: options.queue.visibilityTimeoutMs,
      maxReceiveCount: 5,
      batchSize: 10,
      maxBatchingWindowMs: 200,
      concurrency: 1,
    });
    const routing = { ...stores, work: stores.cases, teamQueues, clock };
    const routeNewCase = newCaseRouter(routing, routingRules, duePolicy);
    const intake = createTeamIntakeHandler({ cases: stores.cases, clock }, observability('team-intake', metricsSink));
    teamQueues.start((event) => intake(event, lambdaContext(functions.teamIntake)));
    stopping.push(() => teamQueues.stop());
    const replyPorts = { replies: new DynamoDbReplyStore(documents, tableNames.replies), sender: outbox, clock };
    const replyPolicy = { approvalRequired: replySettings[replyEnv.approvalRequired] };
    const desk = replyDesk(
      { ...replyPorts, cases: stores.cases, caseOfMention: caseOfMention({ triage, mentions: stores.mentions }) },
      replyPolicy,
    );
    const ideas = { replies: replyPorts.replies, clock, feedback };
    const afterResolution = closingTheLoop(
      { ...replyPorts, cases: stores.cases, mentions: stores.mentions },
      replyPolicy,
    );
    const tokens = new DevTokens();

    const escalate = createEscalateHandler(
      {
        ...stores,
        triage,
        routeNewCase,
        ideas,
        replies: replyPorts.replies,
        classifier: new EngineClassifier(),
        fingerprints: new Sha256Fingerprints(),
        clock,
        events,
      },
      new LocalDeadLetters(mentionsQueue),
      { ...escalatePolicyFrom(settings), ...duePolicy, surge: surgePolicy },
      observability('escalate', metricsSink),
    );
    mentionsQueue.start((event) => escalate(event, lambdaContext(functions.escalate)));
    stopping.push(() => mentionsQueue.stop());

    const queue = new LocalMentionQueue(mentionsQueue);
    const handlers: Record<GatewayRoute['functionId'], HttpHandler> = {
      ingest: createIngestHandler({ queue, clock }, observability('ingest', metricsSink)),
      casesApi: createCasesApiHandler(
        { ...stores, fingerprints: new Sha256Fingerprints(), events, clock, afterResolution, casePolicy: duePolicy },
        observability('cases-api', metricsSink),
      ),
      customersApi: createCustomersApiHandler(
        { ...stores, events, clock },
        observability('customers-api', metricsSink),
      ),
      triageApi: createTriageApiHandler(
        {
          ...stores,
          triage,
          fingerprints: new Sha256Fingerprints(),
          events,
          clock,
          routeNewCase,
          ideas,
          replies: replyPorts.replies,
          assignTeam: teamAssigner(routing, routingRules, duePolicy),
          draftReply: desk.draft,
          repliesOf: desk.ofItem,
          replyDesk: desk,
        },
        { ...caseJoinPolicyFrom(settings), ...duePolicy, surge: surgePolicy },
        observability('triage-api', metricsSink),
      ),
      agentApi: createAgentApiHandler(
        { cases: stores.cases, work: stores.cases, holds: stores.holds, events, clock, afterResolution },
        routingRules,
        observability('agent-api', metricsSink),
      ),
      webhooks: createWebhooksHandler(
        {
          authenticity: new HmacWebhookAuthenticity(async () => options.connectorSecrets),
          queue,
          quarantine: new DynamoDbQuarantine(documents, tableNames.quarantine),
          fingerprints: new Sha256Fingerprints(),
          clock,
          connector: { brandAccountIds: settings[commonEnv.brandAccountIds] },
        },
        observability('webhooks', metricsSink),
      ),
    };
    const slaTimer = startSlaTimer(
      createSlaMonitorHandler(
        { cases: stores.cases, notifier: notifications, clock },
        { dueSoon: dueSoonPolicyFrom(slaSettings), queueHours: routingRules.queues },
        observability('sla-monitor', metricsSink),
      ),
      { everyMinutes: slaMonitorMinutes },
    );
    stopping.push(() => slaTimer.stop());

    const gateway: LocalGateway = await startLocalGateway({
      host: options.host,
      port: options.port,
      routes: routes.map((route) => ({
        ...route,
        handler: handlers[route.functionId],
        fn: functions[route.functionId],
      })),
      userTokens: tokens,
      staticDir: webDir,
      authorizer: {
        handler: createAuthorizerHandler(new StaticApiKeys([options.apiKey]), observability('authorizer', metricsSink)),
        fn: functions.authorizer,
      },
      localRoutes: [
        { method: 'GET', path: '/health', reply: async () => ({ status: 200, body: { status: 'ok' } }) },
        {
          method: 'GET',
          path: '/local/queues',
          reply: async () => ({
            status: 200,
            body: {
              mentions: mentionsQueue.stats(),
              deadLetters: mentionsQueue.deadLetters,
              teams: teamQueues.stats(),
            },
          }),
        },
        {
          method: 'GET',
          path: '/local/events',
          reply: async () => ({ status: 200, body: { events: events.events() } }),
        },
        localMetricsRoute(metricsSink),
        {
          method: 'GET',
          path: '/local/product-feedback',
          reply: async () => ({ status: 200, body: { ideas: feedback.items() } }),
        },
        {
          method: 'GET',
          path: '/local/notifications',
          reply: async () => ({ status: 200, body: { notifications: notifications.sent() } }),
        },
        {
          method: 'GET',
          path: '/local/outbox',
          reply: async () => ({ status: 200, body: { sent: outbox.sent() } }),
        },
        {
          method: 'GET',
          path: '/config.json',
          reply: async () => ({ status: 200, body: { mode: 'local', apiUrl: '', teams: teamQueueNames() } }),
        },
        { method: 'POST', path: '/auth/dev-login', reply: (request) => devLogin(tokens, request.body) },
      ],
    });
    stopping.push(() => gateway.close());

    return {
      url: gateway.url,
      apiKey: options.apiKey,
      dynamo,
      tableNames,
      documents,
      queue: mentionsQueue,
      teamQueues,
      events,
      outbox,
      tokens,
      notifications,
      slaTimer,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
