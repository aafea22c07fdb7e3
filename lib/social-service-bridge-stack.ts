import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { surgeDefaults } from '../lambdas/config/surge-settings.ts';
import { replyEnv } from '../lambdas/config/reply-settings.ts';
import { teamQueueNames } from '../lambdas/config/routing-settings.ts';
import { slaEnv } from '../lambdas/config/sla-settings.ts';
import { ApiKey } from './constructs/api-key.ts';
import { BridgeDashboard } from './constructs/bridge-dashboard.ts';
import { BridgeFunction } from './constructs/bridge-function.ts';
import { BridgeTables } from './constructs/bridge-tables.ts';
import { ComprehendAccess } from './constructs/comprehend-access.ts';
import { ConnectCasesAccess } from './constructs/connect-cases-access.ts';
import { ConnectorSecrets } from './constructs/connector-secrets.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { EventBus } from './constructs/event-bus.ts';
import { BridgeHttpApi } from './constructs/http-api.ts';
import { MentionQueue } from './constructs/mention-queue.ts';
import { ProductFeedbackQueue } from './constructs/product-feedback-queue.ts';
import { ReplyTokens } from './constructs/reply-tokens.ts';
import { slaBreachAlarm } from './constructs/sla-breach-alarm.ts';
import { SlaMonitorSchedule } from './constructs/sla-monitor-schedule.ts';
import { SlaNotifications } from './constructs/sla-notifications.ts';
import { TeamQueues } from './constructs/team-queues.ts';
import { BridgeUserPool } from './constructs/user-pool.ts';
import {
  commonEnv,
  type FunctionId,
  functions,
  productFeedbackQueue,
  queues,
  routes,
  slaMonitorMinutes,
} from './definitions.ts';

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

/** How a customer's contacts join their cases (CDK context, see bridge-app.ts); escalate and casesApi read them. */
export interface CaseJoinSettings {
  /** An open case of the customer last touched within this many hours takes a new contact. */
  readonly openCaseWindowHours: number;
  /** A case resolved within this many hours is reopened instead of a new one opened. */
  readonly reopenWindowHours: number;
}

/** Which case system the bridge writes to (CDK context `caseSystem`, see bridge-app.ts). */
export type CaseSystemChoice =
  | { readonly kind: 'builtin' }
  | {
      readonly kind: 'connect';
      /** Id of the Amazon Connect Cases domain. */
      readonly domainId: string;
      /** Id of the Connect Cases template new cases are created from. */
      readonly templateId: string;
      /** JSON object mapping the bridge's case fields to Connect Cases field ids. */
      readonly fieldMap: string;
    };

/** Settings of the triage console and its API that are the operator's to choose (CDK context, see bridge-app.ts). */
export interface ConsoleSettings {
  /**
   * Prefix of the hosted-UI domain, `<prefix>.auth.<region>.amazoncognito.com`; when unset,
   * `social-bridge-<the stack's UUID>`, unique without naming the account.
   */
  readonly cognitoDomainPrefix: string | undefined;
  /** Whether a reply waits for a lead's approval before it is sent. */
  readonly replyApprovalRequired: boolean;
}

/** Service levels, the SLA monitor's due-soon window and the breach alarm (CDK context, see bridge-app.ts). */
export interface SlaSettings {
  /** JSON: per priority, first response and resolution in business minutes (`SLA_POLICY`). */
  readonly serviceLevels: string;
  /** Hours from resolving a case to the customer having what they asked for. */
  readonly fulfilmentLeadHours: number;
  /** A due time is soon within this many minutes of it… */
  readonly dueSoonMinutes: number;
  /** …but never earlier than this share (0..1) of the time the case was given. */
  readonly dueSoonShare: number;
  /** SLA breaches within an hour above which the breach alarm goes off. */
  readonly slaBreachAlarmThreshold: number;
}

export interface SocialServiceBridgeStackProps extends StackProps {
  readonly escalate: EscalateSettings;
  readonly caseJoin: CaseJoinSettings;
  readonly caseSystem: CaseSystemChoice;
  readonly console: ConsoleSettings;
  readonly sla: SlaSettings;
  /** Where the Lambda entries of definitions.ts are resolved and bundled from. @default the repository root */
  readonly projectRoot?: string;
}

const constructId = (id: FunctionId) => id.charAt(0).toUpperCase() + id.slice(1);

/**
 * The Social Service Bridge: tables, the mentions queue, the functions and the HTTP API, all built
 * from definitions.ts; the event bus; one queue per team of config/routing.json; the user pool and the
 * triage console. The stack only composes the constructs and says who may do what.
 */
export class SocialServiceBridgeStack extends Stack {
  readonly tables: BridgeTables;
  readonly mentionQueue: MentionQueue;
  readonly apiKey: ApiKey;
  readonly connectorSecrets: ConnectorSecrets;
  readonly functions: { readonly [id in FunctionId]: BridgeFunction };
  readonly httpApi: BridgeHttpApi;
  readonly eventBus: EventBus;
  readonly teamQueues: TeamQueues;
  readonly replyTokens: ReplyTokens;
  readonly userPool: BridgeUserPool;
  readonly console: ConsoleHosting;
  readonly productFeedback: ProductFeedbackQueue;
  readonly slaNotifications: SlaNotifications;
  readonly slaSchedule: SlaMonitorSchedule;
  readonly slaBreachAlarm: Alarm;
  readonly dashboard: BridgeDashboard;
  /** Present when the case system is Amazon Connect Cases. */
  readonly connectCasesAccess: ConnectCasesAccess | undefined;

  constructor(scope: Construct, id: string, props: SocialServiceBridgeStackProps) {
    super(scope, id, props);
    const projectRoot = props.projectRoot ?? repositoryRoot;

    this.tables = new BridgeTables(this, 'Tables');
    this.mentionQueue = new MentionQueue(this, 'MentionQueue', { definition: queues.mentions });
    this.apiKey = new ApiKey(this, 'ApiKey');
    this.connectorSecrets = new ConnectorSecrets(this, 'ConnectorSecrets');
    this.eventBus = new EventBus(this, 'Events');

    const built = {} as Record<FunctionId, BridgeFunction>;
    for (const definition of Object.values(functions)) {
      built[definition.id] = new BridgeFunction(this, constructId(definition.id), { definition, projectRoot });
    }
    this.functions = built;
    const {
      authorizer,
      ingest,
      escalate,
      casesApi,
      customersApi,
      webhooks,
      triageApi,
      agentApi,
      teamIntake,
      slaMonitor,
    } = {
      authorizer: built.authorizer.function,
      ingest: built.ingest.function,
      escalate: built[queues.mentions.consumer.functionId].function,
      casesApi: built.casesApi.function,
      customersApi: built.customersApi.function,
      webhooks: built.webhooks.function,
      triageApi: built.triageApi.function,
      agentApi: built.agentApi.function,
      teamIntake: built.teamIntake.function,
      slaMonitor: built.slaMonitor.function,
    };
    this.teamQueues = new TeamQueues(this, 'TeamQueues', { names: teamQueueNames(), consumer: teamIntake });
    this.replyTokens = new ReplyTokens(this, 'ReplyTokens');
    this.productFeedback = new ProductFeedbackQueue(this, 'ProductFeedback', { definition: productFeedbackQueue });
    this.slaNotifications = new SlaNotifications(this, 'SlaNotifications');

    // authorizer: reads the API key, nothing else.
    this.apiKey.bindReader(authorizer);

    // ingest: validates and enqueues; touches no table.
    this.mentionQueue.bindProducer(ingest);

    // escalate: consumes the queue, parks poison records on the DLQ, writes cases and mentions, puts
    // what people must decide in the triage queue, resolves who posted from the identity directory (and
    // their tier, for routing), routes new cases to the team queues, and announces holds and contacts.
    this.mentionQueue.bindConsumer(escalate);
    // It also drafts replies itself: an idea's thank-you and a surge's holding statement.
    this.tables.grantReadWriteData(escalate, ['cases', 'mentions', 'lookups', 'triage', 'replies']);
    this.tables.grantReadData(escalate, ['customers', 'identities']);
    this.tables.bindEnvironment(escalate, [
      'cases',
      'mentions',
      'lookups',
      'customers',
      'identities',
      'triage',
      'replies',
    ]);
    this.eventBus.bind(escalate);
    this.teamQueues.bindProducer(escalate);
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

    // casesApi: the cases API of every channel. Writes cases and the service holds (lookups), reads
    // mentions and the identity directory, announces holds and contacts.
    // Resolving a case closes the loop: it drafts (or sends) a reply on each social thread.
    this.tables.grantReadWriteData(casesApi, ['cases', 'lookups', 'replies']);
    this.tables.grantReadData(casesApi, ['mentions', 'customers', 'identities']);
    this.tables.bindEnvironment(casesApi, ['cases', 'mentions', 'lookups', 'customers', 'identities', 'replies']);
    this.eventBus.bind(casesApi);

    // customersApi: the identity directory (customers, identities), self-link grants (lookups), and
    // the cases a link or unlink moves between parties.
    this.tables.grantReadWriteData(customersApi, ['customers', 'identities', 'cases', 'lookups']);
    this.tables.bindEnvironment(customersApi, ['customers', 'identities', 'cases', 'lookups']);
    this.eventBus.bind(customersApi);

    // triageApi: the social team's queue. Records each outcome on the triage item and the mention,
    // confirms cases as escalate does (cases, the identity directory it links in, service holds in
    // lookups), routes them to the team queues, drafts and sends replies with the reply tokens.
    this.tables.grantReadWriteData(triageApi, ['triage', 'replies', 'mentions', 'cases', 'identities', 'lookups']);
    this.tables.grantReadData(triageApi, ['customers']);
    this.tables.bindEnvironment(triageApi, [
      'triage',
      'replies',
      'mentions',
      'cases',
      'identities',
      'lookups',
      'customers',
    ]);
    this.eventBus.bind(triageApi);
    this.teamQueues.bindProducer(triageApi);
    this.replyTokens.bindReader(triageApi);
    triageApi.addEnvironment(replyEnv.approvalRequired, String(props.console.replyApprovalRequired));

    // agentApi: claims, releases, notes and resolves cases (cases), refreshes service holds (lookups),
    // shows the customer's story (customers, identities), announces what changed. Its settings name
    // the mentions table too (the shared table settings), which it never reads: no grant for it.
    // Team queues and claiming are the built-in case store's, so agentApi and teamIntake have no CASE_SYSTEM.
    // Resolving closes the loop (replies read-write, the mentions answered read), as the cases API does.
    this.tables.grantReadWriteData(agentApi, ['cases', 'lookups', 'replies']);
    this.tables.grantReadData(agentApi, ['customers', 'identities', 'mentions']);
    this.tables.bindEnvironment(agentApi, ['cases', 'mentions', 'lookups', 'customers', 'identities', 'replies']);
    this.eventBus.bind(agentApi);
    for (const fn of [casesApi, agentApi]) {
      this.replyTokens.bindReader(fn);
      fn.addEnvironment(replyEnv.approvalRequired, String(props.console.replyApprovalRequired));
    }
    // Surges become incidents where needs are placed: escalate, and triage confirming one.
    for (const fn of [escalate, triageApi]) {
      for (const [name, value] of Object.entries(surgeDefaults)) fn.addEnvironment(name, value);
    }

    // teamIntake: consumes the team queues (the event source mappings grant receive/delete) and puts
    // each case in its team's work order.
    this.tables.grantReadWriteData(teamIntake, ['cases']);
    this.tables.bindEnvironment(teamIntake, ['cases']);

    for (const fn of [escalate, casesApi, triageApi]) {
      fn.addEnvironment('OPEN_CASE_WINDOW_HOURS', String(props.caseJoin.openCaseWindowHours));
      fn.addEnvironment('REOPEN_WINDOW_HOURS', String(props.caseJoin.reopenWindowHours));
      // They open cases, so they set due times: the service levels and the fulfilment lead time.
      fn.addEnvironment(slaEnv.policy, props.sla.serviceLevels);
      fn.addEnvironment(slaEnv.fulfilmentLeadHours, String(props.sla.fulfilmentLeadHours));
    }

    // Ideas and suggestions go to the product team's queue from wherever they are acknowledged:
    // escalate (ideas), and the triage, cases and agent APIs (closing the loop).
    for (const fn of [escalate, triageApi, casesApi, agentApi]) this.productFeedback.bindProducer(fn);

    // slaMonitor: every few minutes reads open cases, raises their SLA alerts on them (cases), reads
    // what was replied and posted (replies, mentions) and keeps its bookkeeping in lookups; tells
    // people through the SLA topic.
    this.tables.grantReadWriteData(slaMonitor, ['cases', 'lookups']);
    this.tables.grantReadData(slaMonitor, ['replies', 'mentions']);
    this.tables.bindEnvironment(slaMonitor, ['cases', 'replies', 'mentions', 'lookups']);
    this.slaNotifications.bindPublisher(slaMonitor);
    slaMonitor.addEnvironment(slaEnv.dueSoonMinutes, String(props.sla.dueSoonMinutes));
    slaMonitor.addEnvironment(slaEnv.dueSoonShare, String(props.sla.dueSoonShare));
    this.slaSchedule = new SlaMonitorSchedule(this, 'SlaSchedule', {
      monitor: slaMonitor,
      everyMinutes: slaMonitorMinutes,
    });

    // The case system: the builtin store needs nothing more; Connect Cases needs its ids and the
    // six Connect Cases actions in that one domain.
    const caseSystemUsers = [escalate, casesApi, customersApi, triageApi, slaMonitor];
    for (const fn of caseSystemUsers) fn.addEnvironment(commonEnv.caseSystem, props.caseSystem.kind);
    this.connectCasesAccess = undefined;
    if (props.caseSystem.kind === 'connect') {
      const connect = props.caseSystem;
      const access = new ConnectCasesAccess(this, 'ConnectCasesAccess', { domainId: connect.domainId });
      for (const fn of caseSystemUsers) {
        access.grantTo(fn);
        fn.addEnvironment('CONNECT_CASES_DOMAIN_ID', connect.domainId);
        fn.addEnvironment('CONNECT_CASES_TEMPLATE_ID', connect.templateId);
        fn.addEnvironment('CONNECT_CASES_FIELD_MAP', connect.fieldMap);
      }
      this.connectCasesAccess = access;
    }

    // webhooks: verifies deliveries with the providers' secrets, enqueues, quarantines the unreadable.
    this.connectorSecrets.bindReader(webhooks);
    this.mentionQueue.bindProducer(webhooks);
    this.tables.grantReadWriteData(webhooks, ['quarantine']);
    this.tables.bindEnvironment(webhooks, ['quarantine']);
    webhooks.addEnvironment(commonEnv.brandAccountIds, props.escalate.brandAccountIds);

    // People sign in to the console through the user pool's hosted UI; the console is served by
    // CloudFront, which also serves the HTTP API under /api (see console-hosting.ts for why). The
    // order below follows the references: the CSP names the hosted UI, the app client's callback is
    // the distribution, the API's JWT authorizer accepts the app client, the distribution serves the API.
    this.userPool = new BridgeUserPool(this, 'Users', {
      domainPrefix: props.console.cognitoDomainPrefix ?? `social-bridge-${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`,
    });
    this.console = new ConsoleHosting(this, 'Console', {
      hostedUiUrl: this.userPool.hostedUiUrl,
      webDirectory: path.join(projectRoot, 'web'),
    });
    const consoleClient = this.userPool.addConsoleClient(this.console.url);

    this.httpApi = new BridgeHttpApi(this, 'HttpApi', {
      routes,
      handlers: { ingest, casesApi, customersApi, webhooks, triageApi, agentApi },
      authorizer,
      users: { userPool: this.userPool.userPool, clients: [consoleClient] },
    });
    this.console.serveApi(this.httpApi.api);
    // What the operators watch: the breach rate and every dead-letter queue page the SLA topic,
    // and the dashboard charts the catalog's metrics; the console links to it.
    this.slaBreachAlarm = slaBreachAlarm(this, 'SlaBreachAlarm', {
      breachesPerHour: props.sla.slaBreachAlarmThreshold,
    });
    const deadLetterQueues = [
      { label: 'mentions', queue: this.mentionQueue.deadLetterQueue, alarm: this.mentionQueue.deadLetterAlarm },
      ...this.teamQueues.queues.map((team) => ({
        label: `team ${team.name}`,
        queue: team.deadLetterQueue,
        alarm: team.deadLetterAlarm,
      })),
      {
        label: 'product feedback',
        queue: this.productFeedback.deadLetterQueue,
        alarm: this.productFeedback.deadLetterAlarm,
      },
      { label: 'SLA monitor', queue: this.slaSchedule.deadLetterQueue, alarm: this.slaSchedule.deadLetterAlarm },
    ];
    const alarms = [this.slaBreachAlarm, ...deadLetterQueues.map((entry) => entry.alarm)];
    for (const alarm of alarms) alarm.addAlarmAction(this.slaNotifications.alarmAction);
    this.dashboard = new BridgeDashboard(this, 'Dashboard', {
      deadLetterQueues,
      breachAlarm: this.slaBreachAlarm,
      alarms,
    });

    this.console.deploy({
      mode: 'cognito',
      apiUrl: this.console.apiUrl,
      cognito: {
        domain: this.userPool.hostedUiUrl,
        clientId: consoleClient.userPoolClientId,
        redirectUri: this.console.url,
      },
      teams: this.teamQueues.queues.map((team) => team.name),
      dashboardUrl: this.dashboard.url,
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
    new CfnOutput(this, 'EventBusName', {
      description:
        'EventBridge bus the bridge publishes to (source social-service-bridge); add rules here to subscribe',
      value: this.eventBus.bus.eventBusName,
    });
    new CfnOutput(this, 'EventBusArn', {
      description: 'ARN of the bridge event bus',
      value: this.eventBus.bus.eventBusArn,
    });
    new CfnOutput(this, 'ServiceHoldEventLog', {
      description: 'CloudWatch Logs log group holding every customer.service-hold event',
      value: this.eventBus.logGroups['customer.service-hold'].logGroupName,
    });
    new CfnOutput(this, 'CustomerContactedEventLog', {
      description: 'CloudWatch Logs log group holding every case.customer-contacted event',
      value: this.eventBus.logGroups['case.customer-contacted'].logGroupName,
    });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'The triage console (sign in with a user pool account; the API is under /api of the same URL)',
      value: this.console.url,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool of the console: create accounts here and add them to social, agent or lead',
      value: this.userPool.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client the console signs in with (authorization code + PKCE, no secret)',
      value: consoleClient.userPoolClientId,
    });
    new CfnOutput(this, 'HostedUiDomain', {
      description: 'Base URL of the Cognito hosted UI the console signs in through',
      value: this.userPool.hostedUiUrl,
    });
    new CfnOutput(this, 'ReplyTokensSecretArn', {
      description:
        'Secrets Manager secret the triage API sends replies with (JSON: xUserAccessToken, metaPageAccessToken)',
      value: this.replyTokens.secret.secretArn,
    });
    new CfnOutput(this, 'MentionsDeadLetterQueueUrl', {
      description: 'Where mentions that could not be escalated wait for a redrive',
      value: this.mentionQueue.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description: 'The CloudWatch dashboard of the bridge’s business metrics and dead-letter queues',
      value: this.dashboard.url,
    });
    new CfnOutput(this, 'SlaAlertTopicArn', {
      description:
        'SNS topic of SLA alerts (due soon, missed) and of the stack’s alarms: subscribe the people and tools on call',
      value: this.slaNotifications.topic.topicArn,
    });
    new CfnOutput(this, 'ProductFeedbackQueueUrl', {
      description: 'SQS queue of ideas and suggestions for the product team to read',
      value: this.productFeedback.queue.queueUrl,
    });
    new CfnOutput(this, 'ProductFeedbackQueueArn', {
      description: 'ARN of the product feedback queue, for the product team reader’s IAM policy',
      value: this.productFeedback.queue.queueArn,
    });
    new CfnOutput(this, 'SlaMonitorDeadLetterQueueUrl', {
      description: 'Where failed SLA monitor runs are recorded (Scheduler delivery failures and function errors)',
      value: this.slaSchedule.deadLetterQueue.queueUrl,
    });
  }
}
