/**
 * The one declaration of the bridge's tables, queues, functions and routes.
 *
 * The CDK stack builds AWS resources from these, and the local runtime builds DynamoDB Local
 * tables, the in-process queue and the local gateway from the very same objects, so what runs
 * locally is what deploys. Plain data only: no CDK or SDK import may appear in this file.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Logical id in the stack, and the stem of the local table name. */
  readonly id: string;
  /** Environment variable through which functions learn the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, when items expire. */
  readonly timeToLiveAttribute?: string;
}

export const tables = {
  cases: {
    id: 'Cases',
    envVar: 'CASES_TABLE',
    partitionKey: { name: 'caseId', type: 'S' },
    globalIndexes: [
      {
        indexName: 'byStatus',
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // One customer's cases from every channel, or one unlinked social identity's.
        indexName: 'byParty',
        partitionKey: { name: 'partyKey', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // A team's unclaimed cases in work order: `queueKey` is set only while nobody holds the
        // case, and `rank` is `P1#<due>#<caseId>`, so the first item is the next to claim.
        indexName: 'byQueue',
        partitionKey: { name: 'queueKey', type: 'S' },
        sortKey: { name: 'rank', type: 'S' },
      },
    ],
  },
  customers: {
    id: 'Customers',
    envVar: 'CUSTOMERS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    globalIndexes: [],
  },
  identities: {
    id: 'Identities',
    envVar: 'IDENTITIES_TABLE',
    /** `network#id#userId` or `network#handle#handle`. */
    partitionKey: { name: 'identityKey', type: 'S' },
    globalIndexes: [
      {
        indexName: 'byCustomer',
        partitionKey: { name: 'customerId', type: 'S' },
        sortKey: { name: 'identityKey', type: 'S' },
      },
    ],
  },
  triage: {
    id: 'Triage',
    envVar: 'TRIAGE_TABLE',
    /** The mention's id: one triage item per mention a person must look at. */
    partitionKey: { name: 'itemId', type: 'S' },
    globalIndexes: [
      {
        // Open items by urgency: `rank` is `P1#<due>#<itemId>`, so the query order is the work order.
        indexName: 'byState',
        partitionKey: { name: 'state', type: 'S' },
        sortKey: { name: 'rank', type: 'S' },
      },
    ],
  },
  replies: {
    id: 'Replies',
    envVar: 'REPLIES_TABLE',
    partitionKey: { name: 'replyId', type: 'S' },
    globalIndexes: [
      {
        indexName: 'byState',
        partitionKey: { name: 'state', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        // The replies drafted on one triage item, for the item's view.
        indexName: 'byItem',
        partitionKey: { name: 'itemId', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
    ],
  },
  mentions: {
    id: 'Mentions',
    envVar: 'MENTIONS_TABLE',
    partitionKey: { name: 'mentionId', type: 'S' },
    globalIndexes: [],
  },
  lookups: {
    id: 'Lookups',
    envVar: 'LOOKUPS_TABLE',
    partitionKey: { name: 'lookupKey', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  quarantine: {
    id: 'Quarantine',
    envVar: 'QUARANTINE_TABLE',
    partitionKey: { name: 'quarantineId', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;

export interface QueueDefinition {
  readonly id: string;
  readonly envVar: string;
  /** Seconds a received message stays hidden; at least 6x the consumer's timeout. */
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly deadLetter: { readonly id: string; readonly envVar: string; readonly retentionDays: number };
  readonly consumer: {
    readonly functionId: FunctionId;
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds: number;
    readonly maxConcurrency: number;
  };
}

export type FunctionId =
  | 'authorizer'
  | 'ingest'
  | 'escalate'
  | 'casesApi'
  | 'customersApi'
  | 'webhooks'
  | 'triageApi'
  | 'agentApi'
  | 'teamIntake'
  | 'slaMonitor';

export interface FunctionDefinition {
  readonly id: FunctionId;
  /** Source file of the Lambda entry point, relative to the repository root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly description: string;
}

export const functions = {
  authorizer: {
    id: 'authorizer',
    entry: 'lambdas/entry/authorizer.ts',
    timeoutSeconds: 5,
    memoryMb: 256,
    description: 'Checks the x-api-key header of HTTP API requests against the key in Secrets Manager',
  },
  ingest: {
    id: 'ingest',
    entry: 'lambdas/entry/ingest.ts',
    timeoutSeconds: 15,
    memoryMb: 512,
    description: 'Validates and normalises mentions, then enqueues them for escalation',
  },
  escalate: {
    id: 'escalate',
    entry: 'lambdas/entry/escalate.ts',
    timeoutSeconds: 30,
    memoryMb: 512,
    description: 'Classifies queued mentions and records exactly one disposition for each',
  },
  webhooks: {
    id: 'webhooks',
    entry: 'lambdas/entry/webhooks.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    description:
      'Verifies and normalises X and Meta webhook deliveries, enqueues them, and quarantines what cannot be read',
  },
  triageApi: {
    id: 'triageApi',
    entry: 'lambdas/entry/triage-api.ts',
    timeoutSeconds: 15,
    memoryMb: 512,
    description:
      'The social team’s triage queue: list, inspect, confirm, dismiss, link, merge, assign, draft and approve replies',
  },
  agentApi: {
    id: 'agentApi',
    entry: 'lambdas/entry/agent-api.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    description: 'Service agents’ queues: claim the next case, release, add a note, resolve',
  },
  slaMonitor: {
    id: 'slaMonitor',
    entry: 'lambdas/entry/sla-monitor.ts',
    timeoutSeconds: 60,
    memoryMb: 512,
    description: 'Every few minutes: escalates cases about to miss a due time, flags the ones that missed it',
  },
  teamIntake: {
    id: 'teamIntake',
    entry: 'lambdas/entry/team-intake.ts',
    timeoutSeconds: 30,
    memoryMb: 256,
    description: 'Takes routed cases off the team queues and puts them in the team’s work order',
  },
  casesApi: {
    id: 'casesApi',
    entry: 'lambdas/entry/cases-api.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    description:
      'The cases API shared by every channel: create, add interactions, change status, assign, merge, search, read',
  },
  customersApi: {
    id: 'customersApi',
    entry: 'lambdas/entry/customers-api.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    description: 'The identity directory and the customer story: imports, links, self-links, timelines, contact policy',
  },
} as const satisfies Record<FunctionId, FunctionDefinition>;

export const queues = {
  mentions: {
    id: 'Mentions',
    envVar: 'MENTIONS_QUEUE_URL',
    visibilityTimeoutSeconds: 6 * functions.escalate.timeoutSeconds,
    retentionDays: 4,
    maxReceiveCount: 5,
    deadLetter: { id: 'MentionsDeadLetter', envVar: 'MENTIONS_DLQ_URL', retentionDays: 14 },
    consumer: { functionId: 'escalate', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 5 },
  },
} as const satisfies Record<string, QueueDefinition>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a signed-in person may do: Cognito groups in AWS, the dev login's roles locally. */
export const userRoles = ['social', 'agent', 'lead'] as const;
export type UserRole = (typeof userRoles)[number];

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway v2 path, with {name} placeholders. */
  readonly path: string;
  readonly functionId: Exclude<FunctionId, 'authorizer' | 'escalate' | 'teamIntake' | 'slaMonitor'>;
  /** Whether the API-key authorizer guards the route. */
  readonly authorized: boolean;
  /**
   * People's routes: guarded by the user pool's JWT authorizer (Cognito in AWS, dev tokens
   * locally) instead of the API key, open to these roles (the handler checks the role).
   */
  readonly users?: readonly UserRole[];
}

const social: readonly UserRole[] = ['social', 'lead'];
const agents: readonly UserRole[] = ['agent', 'lead'];
const leads: readonly UserRole[] = ['lead'];

export const routes: readonly RouteDefinition[] = [
  { method: 'POST', path: '/mentions', functionId: 'ingest', authorized: true },
  { method: 'GET', path: '/mentions/{id}', functionId: 'casesApi', authorized: true },
  { method: 'GET', path: '/cases', functionId: 'casesApi', authorized: true },
  { method: 'GET', path: '/cases/{id}', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/cases', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/cases/{id}/interactions', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/cases/{id}/status', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/cases/{id}/assignment', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/cases/{id}/merge', functionId: 'casesApi', authorized: true },
  { method: 'POST', path: '/customers', functionId: 'customersApi', authorized: true },
  { method: 'GET', path: '/customers/{id}', functionId: 'customersApi', authorized: true },
  { method: 'GET', path: '/customers/{id}/timeline', functionId: 'customersApi', authorized: true },
  { method: 'GET', path: '/customers/{id}/contact-policy', functionId: 'customersApi', authorized: true },
  { method: 'POST', path: '/customers/{id}/links', functionId: 'customersApi', authorized: true },
  { method: 'DELETE', path: '/customers/{id}/links/{network}/{handle}', functionId: 'customersApi', authorized: true },
  { method: 'POST', path: '/customers/{id}/self-links', functionId: 'customersApi', authorized: true },
  // The customer opens the link from a direct message: the one-time token is the credential.
  { method: 'GET', path: '/self-links/{token}', functionId: 'customersApi', authorized: false },
  { method: 'POST', path: '/self-links/{token}', functionId: 'customersApi', authorized: false },
  // Providers cannot send our API key: these routes are guarded by the providers' signatures.
  { method: 'GET', path: '/webhooks/x', functionId: 'webhooks', authorized: false },
  { method: 'POST', path: '/webhooks/x', functionId: 'webhooks', authorized: false },
  { method: 'GET', path: '/webhooks/meta', functionId: 'webhooks', authorized: false },
  { method: 'POST', path: '/webhooks/meta', functionId: 'webhooks', authorized: false },
  { method: 'GET', path: '/triage/items', functionId: 'triageApi', authorized: false, users: social },
  { method: 'GET', path: '/triage/items/{id}', functionId: 'triageApi', authorized: false, users: social },
  { method: 'POST', path: '/triage/items/{id}/actions', functionId: 'triageApi', authorized: false, users: social },
  { method: 'POST', path: '/triage/actions', functionId: 'triageApi', authorized: false, users: social },
  { method: 'GET', path: '/triage/labels', functionId: 'triageApi', authorized: false, users: social },
  { method: 'GET', path: '/triage/customers', functionId: 'triageApi', authorized: false, users: social },
  { method: 'GET', path: '/replies', functionId: 'triageApi', authorized: false, users: social },
  { method: 'POST', path: '/replies/{id}/send', functionId: 'triageApi', authorized: false, users: social },
  { method: 'POST', path: '/replies/{id}/approve', functionId: 'triageApi', authorized: false, users: leads },
  { method: 'GET', path: '/me', functionId: 'triageApi', authorized: false, users: [...social, 'agent'] },
  { method: 'GET', path: '/incidents', functionId: 'triageApi', authorized: false, users: social },
  { method: 'POST', path: '/incidents/{id}/resolve', functionId: 'triageApi', authorized: false, users: social },
  { method: 'GET', path: '/agent/queues', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'POST', path: '/agent/queues/{queue}/claim', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'GET', path: '/agent/cases/{id}', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'POST', path: '/agent/cases/{id}/release', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'POST', path: '/agent/cases/{id}/notes', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'POST', path: '/agent/cases/{id}/resolve', functionId: 'agentApi', authorized: false, users: agents },
  { method: 'GET', path: '/quarantine', functionId: 'webhooks', authorized: true },
  { method: 'POST', path: '/quarantine/{id}/replay', functionId: 'webhooks', authorized: true },
];

/** Header carrying the API key, read by the authorizer (lower case, as API Gateway passes it). */
export const apiKeyHeader = 'x-api-key';

/** Largest request body the ingest route accepts; SQS's own limit per message is 256 KiB. */
export const maxIngestBodyBytes = 1024 * 1024;
/** Most mentions one ingest request may carry. */
export const maxIngestItems = 500;

/** Largest webhook body accepted; X and Meta deliveries are far smaller. */
export const maxWebhookBodyBytes = 1024 * 1024;
/** Days a quarantined delivery is kept for replay. */
export const quarantineDays = 30;

/** Environment variables some functions receive besides their tables and queues. */
export const commonEnv = {
  apiKeySecretArn: 'API_KEY_SECRET_ARN',
  connectorSecretArn: 'CONNECTOR_SECRET_ARN',
  brandAccountIds: 'BRAND_ACCOUNT_IDS',
  /** Name of the EventBridge bus the bridge publishes to (`customer.service-hold`, …). */
  eventBusName: 'EVENT_BUS_NAME',
  /** `builtin` (the DynamoDB case store) or `connect` (Amazon Connect Cases). */
  caseSystem: 'CASE_SYSTEM',
} as const;

/**
 * How the bridge joins a customer's contacts to cases, as the stack passes it without CDK
 * context and as the local runtime passes it. Read by escalate and the cases API.
 */
export const caseJoinDefaults = {
  /** An open case of the customer last touched within this many hours takes a new contact. */
  OPEN_CASE_WINDOW_HOURS: String(30 * 24),
  /** A case resolved within this many hours is reopened instead of a new one opened. */
  REOPEN_WINDOW_HOURS: String(7 * 24),
} as const;

/** Minutes a self-link invitation stays good. */
export const selfLinkMinutes = 24 * 60;

/**
 * The escalate function's tunable settings as the stack passes them when the operator sets no
 * CDK context, and as the local runtime passes them. The function itself has no defaults.
 */
export const escalateDefaults = {
  [commonEnv.brandAccountIds]: '',
  CASE_CONFIDENCE_THRESHOLD: '0.6',
  DUPLICATE_WINDOW_HOURS: '72',
  /** Amazon Comprehend calls a day for the ambiguous band; 0 keeps classification local. */
  COMPREHEND_DAILY_CALLS: '0',
  /** A Comprehend custom classifier endpoint whose classes are our intents; empty for none. */
  COMPREHEND_CLASSIFIER_ENDPOINT_ARN: '',
} as const;

/**
 * The console's Content-Security-Policy: CloudFront sends it in AWS and the local runtime sends
 * the same, so a console change that would be blocked in AWS fails locally (and in the browser
 * test) first. The API is same-origin; the hosted UI is the one other place the console talks to.
 */
export const consoleContentSecurityPolicy = (hostedUiUrl?: string): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${hostedUiUrl ? ` ${hostedUiUrl}` : ''}`,
    `form-action 'self'${hostedUiUrl ? ` ${hostedUiUrl}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');

/** How often the SLA monitor looks at open cases (EventBridge Scheduler in AWS, a timer locally). */
export const slaMonitorMinutes = 5;

/** Where ideas and suggestions go so a product team hears them (SQS in AWS, a local queue locally). */
export const productFeedbackQueue = {
  id: 'ProductFeedback',
  envVar: 'PRODUCT_FEEDBACK_QUEUE_URL',
  retentionDays: 14,
  deadLetter: { id: 'ProductFeedbackDeadLetter', retentionDays: 14 },
} as const;
