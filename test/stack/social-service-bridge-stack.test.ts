import { surgeDefaults } from '../../lambdas/config/surge-settings.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { replyEnv } from '../../lambdas/config/reply-settings.ts';
import { teamQueueUrlsEnv } from '../../lambdas/config/routing-settings.ts';
import { slaEnv } from '../../lambdas/config/sla-settings.ts';
import { eventSource } from '../../lambdas/domain/bridge-event.ts';
import { metricsNamespace, serviceName } from '../../lambdas/handlers/observability.ts';
import { createBridgeApp } from '../../lib/bridge-app.ts';
import {
  apiKeyHeader,
  caseJoinDefaults,
  commonEnv,
  type FunctionId,
  functions,
  productFeedbackQueue,
  queues,
  routes,
  type TableName,
  tables,
} from '../../lib/definitions.ts';
import type { SocialServiceBridgeStack } from '../../lib/social-service-bridge-stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const daysInSeconds = (days: number) => days * 24 * 60 * 60;
const functionIds = Object.keys(functions) as FunctionId[];

// Act (for every test below): synthesise the app as `cdk synth` does, bundling included, once.
// CloudFormation's own template validation is cdk-nag.test.ts's business; it is off here to save ~6 s.
let stack: SocialServiceBridgeStack;
let template: Template;
let assembly: CloudAssembly;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const functionLogicalId = (id: FunctionId) => logicalId(stack.functions[id].function);
const resource = (id: string): Resource => template.toJSON().Resources[id] as Resource;
const policyStatementsOf = (id: FunctionId): Statement[] => {
  const roleId = logicalId(stack.functions[id].role);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies)
    .flatMap((policy) => (policy as Resource).Properties.PolicyDocument as { Statement: Statement[] })
    .flatMap((document) => document.Statement);
};
const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());
const busId = () => logicalId(stack.eventBus.bus);

type Access = 'read' | 'read-write';
const tableReads = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const tableWrites = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** What a function may do to each table, from the statements naming the table's own ARN. */
const tableAccessOf = (id: FunctionId): Partial<Record<TableName, Access>> => {
  const tableByLogicalId = new Map(
    (Object.keys(stack.tables.tables) as TableName[]).map((name) => [logicalId(stack.tables.tables[name]), name]),
  );
  const actions = new Map<TableName, Set<string>>();
  for (const statement of policyStatementsOf(id)) {
    for (const target of [statement.Resource].flat()) {
      const name = tableByLogicalId.get((target as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0] ?? '');
      if (!name) continue;
      const granted = actions.get(name) ?? new Set<string>();
      for (const action of actionsOf([statement])) granted.add(action);
      actions.set(name, granted);
    }
  }
  return Object.fromEntries(
    [...actions].map(([name, granted]) => {
      const sorted = [...granted].sort();
      if (sorted.join() === tableReads.join()) return [name, 'read'];
      if (sorted.join() === [...tableReads, ...tableWrites].sort().join()) return [name, 'read-write'];
      return [name, sorted.join(' ')];
    }),
  );
};

beforeAll(() => {
  const built = createBridgeApp({
    appProps: {
      context: { ...cdkJson.context, brandAccountIds: ' 1001, 1002 ,' },
      builtinCloudFormationValidation: false,
    },
  });
  stack = built.stack;
  assembly = built.app.synth();
  template = Template.fromStack(stack);
});

describe('tables', () => {
  it('builds every table of definitions.ts on demand, with PITR, KMS encryption and its key', () => {
    // Arrange
    const definitions = Object.values(tables);

    // Act
    const built = template.findResources('AWS::DynamoDB::Table');

    // Assert
    expect(Object.keys(built)).toHaveLength(definitions.length);
    for (const definition of definitions) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      });
    }
  });

  it('keeps every table when the stack is deleted or the table replaced', () => {
    // Arrange
    const ids = Object.values(stack.tables.tables).map(logicalId);

    // Act
    const policies = ids.map((id) => {
      const table = resource(id) as Resource & { UpdateReplacePolicy?: string };
      return [table.DeletionPolicy, table.UpdateReplacePolicy];
    });

    // Assert
    expect(policies).toEqual(ids.map(() => ['Retain', 'Retain']));
  });

  it('expires lookups and quarantined deliveries on their TTL attribute, and nothing else', () => {
    // Arrange
    const expiring = [stack.tables.tables.lookups, stack.tables.tables.quarantine].map(logicalId);

    // Act
    const withTtl = template.findResources('AWS::DynamoDB::Table', {
      Properties: { TimeToLiveSpecification: Match.anyValue() },
    });

    // Assert
    expect(Object.keys(withTtl).sort()).toEqual([...expiring].sort());
    for (const id of expiring) {
      expect(resource(id).Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    }
  });

  it('indexes cases by status and by party (each by creation time), and by team queue in work order', () => {
    // Arrange
    const expected = [
      { name: 'byStatus', partitionKey: 'status', sortKey: 'createdAt' },
      { name: 'byParty', partitionKey: 'partyKey', sortKey: 'createdAt' },
      { name: 'byQueue', partitionKey: 'queueKey', sortKey: 'rank' },
    ].map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    // Act
    const cases = resource(logicalId(stack.tables.tables.cases));

    // Assert
    expect(cases.Properties.GlobalSecondaryIndexes).toEqual(expected);
    expect(cases.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'partyKey', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    );
  });

  it('keys customers by customerId, with no index', () => {
    // Arrange
    const id = logicalId(stack.tables.tables.customers);

    // Act
    const customers = resource(id);

    // Assert
    expect(customers.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
    });
    expect(customers.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(customers.DeletionPolicy).toBe('Retain');
  });

  it('keys identities by identityKey and indexes them by customer', () => {
    // Arrange
    const id = logicalId(stack.tables.tables.identities);

    // Act
    const identities = resource(id);

    // Assert
    expect(identities.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'identityKey', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCustomer',
          KeySchema: [
            { AttributeName: 'customerId', KeyType: 'HASH' },
            { AttributeName: 'identityKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(identities.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'identityKey', AttributeType: 'S' },
        { AttributeName: 'customerId', AttributeType: 'S' },
      ]),
    );
    expect(identities.DeletionPolicy).toBe('Retain');
  });
});

describe('mentions queue', () => {
  it('hides a received message for 6x the consumer timeout and redrives after 5 receives', () => {
    // Arrange
    const dlqId = logicalId(stack.mentionQueue.deadLetterQueue);

    // Act
    const queue = resource(logicalId(stack.mentionQueue.queue));

    // Assert
    expect(queue.Properties).toEqual({
      VisibilityTimeout: 180,
      MessageRetentionPeriod: daysInSeconds(queues.mentions.retentionDays),
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    expect(queue.Properties.VisibilityTimeout).toBe(6 * functions.escalate.timeoutSeconds);
  });

  it('keeps dead letters longer than the queue keeps messages', () => {
    // Arrange
    const queueRetention = daysInSeconds(queues.mentions.retentionDays);

    // Act
    const dlq = resource(logicalId(stack.mentionQueue.deadLetterQueue));

    // Assert
    expect(dlq.Properties).toEqual({
      MessageRetentionPeriod: daysInSeconds(queues.mentions.deadLetter.retentionDays),
      SqsManagedSseEnabled: true,
    });
    expect(dlq.Properties.MessageRetentionPeriod).toBeGreaterThan(queueRetention);
  });

  it('retains both queues and refuses requests without TLS on both', () => {
    // Arrange
    const ids = [stack.mentionQueue.queue, stack.mentionQueue.deadLetterQueue].map(logicalId);

    // Act
    const deletionPolicies = ids.map((id) => resource(id).DeletionPolicy);

    // Assert
    expect(deletionPolicies).toEqual(['Retain', 'Retain']);
    for (const id of ids) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('feeds escalate in batches with partial batch failures', () => {
    // Arrange
    const consumer = queues.mentions.consumer;

    // Act
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.mentionQueue.queue), 'Arn'] } },
    });

    // Assert
    expect(Object.keys(mappings)).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.mentionQueue.queue), 'Arn'] },
      FunctionName: { Ref: functionLogicalId(consumer.functionId) },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
      ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms as soon as one message waits in the dead-letter queue', () => {
    // Arrange
    const dlqId = logicalId(stack.mentionQueue.deadLetterQueue);

    // Act
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }] },
    });

    // Assert
    expect(Object.keys(alarms)).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
  });
});

describe('functions', () => {
  it.each(functionIds)('runs %s on Node.js 24, ARM, traced, with the size from definitions.ts', (id) => {
    // Arrange
    const definition = functions[id];

    // Act
    const fn = resource(functionLogicalId(id));

    // Assert
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: definition.timeoutSeconds,
      MemorySize: definition.memoryMb,
      Description: definition.description,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalId(stack.functions[id].logGroup) } },
    });
  });

  it('gives each function exactly the environment variables it reads', () => {
    // Arrange
    const common = ['NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];
    const tableVars = (...names: TableName[]) => names.map((name) => tables[name].envVar);
    const caseJoin = ['OPEN_CASE_WINDOW_HOURS', 'REOPEN_WINDOW_HOURS'];
    const duePolicy = [slaEnv.policy, slaEnv.fulfilmentLeadHours];
    const feedback = productFeedbackQueue.envVar;
    const surge = Object.keys(surgeDefaults);
    const replying = [replyEnv.approvalRequired, replyEnv.tokensSecretArn];
    const expected: Record<FunctionId, string[]> = {
      authorizer: [...common, commonEnv.apiKeySecretArn],
      ingest: [...common, queues.mentions.envVar],
      escalate: [
        ...common,
        ...tableVars('cases', 'mentions', 'lookups', 'customers', 'identities', 'triage', 'replies'),
        queues.mentions.deadLetter.envVar,
        teamQueueUrlsEnv,
        commonEnv.brandAccountIds,
        'CASE_CONFIDENCE_THRESHOLD',
        'DUPLICATE_WINDOW_HOURS',
        'COMPREHEND_DAILY_CALLS',
        'COMPREHEND_CLASSIFIER_ENDPOINT_ARN',
        commonEnv.eventBusName,
        commonEnv.caseSystem,
        ...caseJoin,
        ...duePolicy,
        feedback,
        ...surge,
      ],
      casesApi: [
        ...common,
        ...tableVars('cases', 'mentions', 'lookups', 'customers', 'identities', 'replies'),
        commonEnv.eventBusName,
        commonEnv.caseSystem,
        ...caseJoin,
        ...duePolicy,
        feedback,
        ...replying,
      ],
      customersApi: [
        ...common,
        ...tableVars('customers', 'identities', 'cases', 'lookups'),
        commonEnv.eventBusName,
        commonEnv.caseSystem,
      ],
      webhooks: [
        ...common,
        commonEnv.connectorSecretArn,
        queues.mentions.envVar,
        tables.quarantine.envVar,
        commonEnv.brandAccountIds,
      ],
      triageApi: [
        ...common,
        ...tableVars('triage', 'replies', 'mentions', 'cases', 'identities', 'lookups', 'customers'),
        commonEnv.eventBusName,
        commonEnv.caseSystem,
        teamQueueUrlsEnv,
        replyEnv.approvalRequired,
        replyEnv.tokensSecretArn,
        ...caseJoin,
        ...duePolicy,
        feedback,
        ...surge,
      ],
      agentApi: [
        ...common,
        ...tableVars('cases', 'mentions', 'lookups', 'customers', 'identities', 'replies'),
        commonEnv.eventBusName,
        feedback,
        ...replying,
      ],
      teamIntake: [...common, tables.cases.envVar],
      slaMonitor: [
        ...common,
        ...tableVars('cases', 'replies', 'mentions', 'lookups'),
        commonEnv.caseSystem,
        slaEnv.notify,
        slaEnv.dueSoonMinutes,
        slaEnv.dueSoonShare,
      ],
    };

    // Act
    const actual = Object.fromEntries(
      functionIds.map((id) => {
        const variables = (resource(functionLogicalId(id)).Properties.Environment as { Variables: object }).Variables;
        return [id, Object.keys(variables).sort()];
      }),
    );

    // Assert
    expect(actual).toEqual(Object.fromEntries(functionIds.map((id) => [id, expected[id].sort()])));
  });

  it('names the service and metrics namespace as the handlers do, and enables source maps', () => {
    // Arrange
    const expected = {
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      NODE_OPTIONS: '--enable-source-maps',
    };

    // Act
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: expected } },
    });

    // Assert
    expect(Object.keys(fns).sort()).toEqual(functionIds.map(functionLogicalId).sort());
  });

  it('points escalate at its tables, the dead-letter queue and the brand accounts from context', () => {
    // Arrange
    const t = stack.tables.tables;

    // Act
    const variables = (resource(functionLogicalId('escalate')).Properties.Environment as { Variables: object })
      .Variables;

    // Assert
    expect(variables).toMatchObject({
      [tables.cases.envVar]: { Ref: logicalId(t.cases) },
      [tables.mentions.envVar]: { Ref: logicalId(t.mentions) },
      [tables.lookups.envVar]: { Ref: logicalId(t.lookups) },
      [queues.mentions.deadLetter.envVar]: { Ref: logicalId(stack.mentionQueue.deadLetterQueue) },
      [commonEnv.brandAccountIds]: '1001,1002',
      CASE_CONFIDENCE_THRESHOLD: '0.6',
      DUPLICATE_WINDOW_HOURS: '72',
    });
  });

  it('gives escalate and casesApi the case-join windows of caseJoinDefaults, the bus and the builtin case system', () => {
    // Arrange
    const expected = {
      OPEN_CASE_WINDOW_HOURS: '720',
      REOPEN_WINDOW_HOURS: '168',
      [commonEnv.eventBusName]: { Ref: logicalId(stack.eventBus.bus) },
      [commonEnv.caseSystem]: 'builtin',
    };

    // Act
    const variables = (['escalate', 'casesApi'] as const).map(
      (id) => (resource(functionLogicalId(id)).Properties.Environment as { Variables: object }).Variables,
    );

    // Assert
    expect(caseJoinDefaults).toEqual({ OPEN_CASE_WINDOW_HOURS: '720', REOPEN_WINDOW_HOURS: '168' });
    for (const variablesOfOne of variables) expect(variablesOfOne).toMatchObject(expected);
  });

  it('points customersApi at the identity directory, cases, lookups and the bus', () => {
    // Arrange
    const t = stack.tables.tables;

    // Act
    const fn = resource(functionLogicalId('customersApi'));

    // Assert
    expect(fn.Properties).toMatchObject({
      Description: functions.customersApi.description,
      Timeout: 10,
      MemorySize: 256,
      Environment: {
        Variables: {
          [tables.customers.envVar]: { Ref: logicalId(t.customers) },
          [tables.identities.envVar]: { Ref: logicalId(t.identities) },
          [tables.cases.envVar]: { Ref: logicalId(t.cases) },
          [tables.lookups.envVar]: { Ref: logicalId(t.lookups) },
          [commonEnv.eventBusName]: { Ref: logicalId(stack.eventBus.bus) },
          [commonEnv.caseSystem]: 'builtin',
        },
      },
    });
  });

  it('bundles each function as minified ESM with a createRequire banner and a source map', () => {
    // Arrange
    const assetDirectory = (id: FunctionId) => {
      const code = resource(functionLogicalId(id)).Properties.Code as { S3Key: string };
      return path.join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    };

    // Act
    const bundles = functionIds.map((id) => {
      const directory = assetDirectory(id);
      return { files: readdirSync(directory).sort(), code: readFileSync(path.join(directory, 'index.mjs'), 'utf8') };
    });

    // Assert
    for (const bundle of bundles) {
      expect(bundle.files).toEqual(['index.mjs', 'index.mjs.map']);
      expect(bundle.code.split('\n', 1)[0]).toMatch(
        /^import \{ createRequire as (\w+) \} from 'node:module'; const require = \1\(import\.meta\.url\);$/,
      );
      expect(bundle.code).toContain('//# sourceMappingURL=index.mjs.map');
    }
  });
});

describe('permissions', () => {
  it('gives no function role an AWS-managed policy', () => {
    // Arrange
    const roleIds = functionIds.map((id) => logicalId(stack.functions[id].role));

    // Act
    const managed = roleIds.map((id) => resource(id).Properties.ManagedPolicyArns);

    // Assert
    expect(managed).toEqual(roleIds.map(() => undefined));
  });

  it('uses Resource "*" only for the X-Ray actions, which allow nothing narrower', () => {
    // Arrange
    const xray = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

    // Act
    const wildcards = functionIds.map((id) =>
      policyStatementsOf(id).filter((statement) => [statement.Resource].flat().includes('*')),
    );

    // Assert
    for (const statements of wildcards) {
      expect(statements).toHaveLength(1);
      expect(actionsOf(statements).sort()).toEqual(xray);
    }
  });

  it('lets escalate read and write every table, its GSIs by name, and send to the dead-letter queue', () => {
    // Arrange
    const t = stack.tables.tables;
    const casesArn = { 'Fn::GetAtt': [logicalId(t.cases), 'Arn'] };

    // Act
    const statements = policyStatementsOf('escalate');

    // Assert
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']),
          Resource: expect.arrayContaining([casesArn, { 'Fn::GetAtt': [logicalId(t.lookups), 'Arn'] }]),
        }),
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:Query']),
          Resource: expect.arrayContaining([{ 'Fn::Join': ['', [casesArn, '/index/byStatus']] }]),
        }),
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:SendMessage']),
          Resource: expect.arrayContaining([{ 'Fn::GetAtt': [logicalId(stack.mentionQueue.deadLetterQueue), 'Arn'] }]),
        }),
      ]),
    );
  });

  it('gives each function exactly the table access it needs: read, or read and write', () => {
    // Arrange
    const expected: Record<FunctionId, Partial<Record<TableName, Access>>> = {
      authorizer: {},
      ingest: {},
      escalate: {
        cases: 'read-write',
        mentions: 'read-write',
        lookups: 'read-write',
        triage: 'read-write',
        replies: 'read-write',
        customers: 'read',
        identities: 'read',
      },
      casesApi: {
        cases: 'read-write',
        lookups: 'read-write',
        replies: 'read-write',
        mentions: 'read',
        customers: 'read',
        identities: 'read',
      },
      customersApi: {
        customers: 'read-write',
        identities: 'read-write',
        cases: 'read-write',
        lookups: 'read-write',
      },
      webhooks: { quarantine: 'read-write' },
      triageApi: {
        triage: 'read-write',
        replies: 'read-write',
        mentions: 'read-write',
        cases: 'read-write',
        identities: 'read-write',
        lookups: 'read-write',
        customers: 'read',
      },
      agentApi: {
        cases: 'read-write',
        lookups: 'read-write',
        replies: 'read-write',
        customers: 'read',
        identities: 'read',
        mentions: 'read',
      },
      teamIntake: { cases: 'read-write' },
      slaMonitor: { cases: 'read-write', lookups: 'read-write', replies: 'read', mentions: 'read' },
    };

    // Act
    const actual = Object.fromEntries(functionIds.map((id) => [id, tableAccessOf(id)]));

    // Assert
    expect(actual).toEqual(expected);
  });

  it('names every index of a table a function may read, by ARN, and no index wildcard', () => {
    // Arrange
    const t = stack.tables.tables;
    const indexArn = (name: TableName, index: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(t[name]), 'Arn'] }, `/index/${index}`]],
    });

    // Act
    const readResources = (id: FunctionId) =>
      policyStatementsOf(id)
        .filter((statement) => actionsOf([statement]).includes('dynamodb:Query'))
        .flatMap((statement) => [statement.Resource].flat());

    // Assert
    for (const id of ['escalate', 'casesApi', 'customersApi'] as const) {
      expect(readResources(id)).toEqual(
        expect.arrayContaining([
          indexArn('cases', 'byStatus'),
          indexArn('cases', 'byParty'),
          indexArn('identities', 'byCustomer'),
        ]),
      );
      expect(JSON.stringify(readResources(id))).not.toContain('/index/*');
    }
  });

  it('lets escalate, casesApi, customersApi, triageApi and agentApi put events on the bridge bus only, and no other function', () => {
    // Arrange
    const publish = { Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [busId(), 'Arn'] } };

    // Act
    const publishers = functionIds.filter((id) =>
      actionsOf(policyStatementsOf(id)).some((action) => action.startsWith('events:')),
    );

    // Assert
    expect(publishers.sort()).toEqual(['agentApi', 'casesApi', 'customersApi', 'escalate', 'triageApi']);
    for (const id of publishers) {
      expect(policyStatementsOf(id).filter((statement) => actionsOf([statement]).includes('events:PutEvents'))).toEqual(
        [publish],
      );
    }
  });

  it('grants no Amazon Connect Cases action with the builtin case system', () => {
    // Arrange
    const policies = template.findResources('AWS::IAM::Policy');

    // Act
    const text = JSON.stringify(policies);

    // Assert
    expect(text).not.toContain('cases:');
    expect(stack.connectCasesAccess).toBeUndefined();
  });

  it('lets ingest only send, and the authorizer only read the key', () => {
    // Arrange
    const own = (id: FunctionId) =>
      actionsOf(policyStatementsOf(id)).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));

    // Act
    const ingest = own('ingest');
    const authorizer = own('authorizer');

    // Assert
    expect(ingest.sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(authorizer.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });
});

describe('event bus', () => {
  it('is a custom bus of the bridge, kept when the stack goes, with its name and ARN as outputs', () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Act
    const bus = resource(busId());

    // Assert
    expect(bus).toEqual({
      Type: 'AWS::Events::EventBus',
      Properties: {
        Name: expect.stringMatching(/^SocialServiceBridge/),
        Description:
          'Social Service Bridge events (source social-service-bridge): customer service holds, contacts on cases',
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(outputs.EventBusName?.Value).toEqual({ Ref: busId() });
    expect(outputs.EventBusArn?.Value).toEqual({ 'Fn::GetAtt': [busId(), 'Arn'] });
  });

  it('archives every bridge event for 90 days, for replay, and keeps the archive', () => {
    // Arrange
    const archiveId = logicalId(stack.eventBus.archive);

    // Act
    const archives = template.findResources('AWS::Events::Archive');

    // Assert
    expect(Object.keys(archives)).toEqual([archiveId]);
    template.hasResource('AWS::Events::Archive', {
      Properties: {
        SourceArn: { 'Fn::GetAtt': [busId(), 'Arn'] },
        EventPattern: { source: [eventSource] },
        RetentionDays: 90,
        Description: 'Every social-service-bridge event, for replay onto the bus',
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it.each([['customer.service-hold'], ['case.customer-contacted']] as const)(
    'writes every %s event of the bridge to a log group of its own',
    (type) => {
      // Arrange
      const logGroupId = logicalId(stack.eventBus.logGroups[type]);

      // Act
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: { EventPattern: { 'detail-type': [type] } },
      });

      // Assert
      expect(Object.keys(rules)).toEqual([logicalId(stack.eventBus.rules[type])]);
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: busId() },
        EventPattern: { source: [eventSource], 'detail-type': [type] },
        State: 'ENABLED',
        Targets: [
          {
            Id: 'Target0',
            Arn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':logs:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':log-group:',
                  { Ref: logGroupId },
                ],
              ],
            },
          },
        ],
      });
    },
  );

  it('has exactly the two event-log rules, no custom-resource Lambda but the console upload, and no role on a target', () => {
    // Arrange
    const consoleUpload = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: {
          Description: Match.absent(),
          Layers: Match.anyValue(),
          Runtime: Match.stringLikeRegexp('^python'),
        },
      }),
    );
    const bridgeFunctions = [...functionIds.map(functionLogicalId), ...consoleUpload].sort();

    // Act
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    const lambdas = Object.keys(template.findResources('AWS::Lambda::Function')).sort();

    // Assert
    expect(rules).toHaveLength(2);
    expect(JSON.stringify(rules)).not.toContain('RoleArn');
    expect(consoleUpload).toHaveLength(1);
    expect(consoleUpload[0]).toMatch(/^CustomCDKBucketDeployment/);
    expect(lambdas).toEqual(bridgeFunctions);
  });

  it('keeps the event logs a year, and when the stack goes', () => {
    // Arrange
    const ids = Object.values(stack.eventBus.logGroups).map(logicalId);

    // Act
    const logGroups = ids.map(resource);

    // Assert
    expect(logGroups).toEqual(
      ids.map(() => ({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      })),
    );
  });

  it('lets EventBridge create streams and put events in the two event logs, and nothing else', () => {
    // Arrange
    const [holdLog, contactedLog] = (['customer.service-hold', 'case.customer-contacted'] as const).map((type) =>
      logicalId(stack.eventBus.logGroups[type]),
    );

    // Act
    const policies = template.findResources('AWS::Logs::ResourcePolicy');

    // Assert
    expect(Object.keys(policies)).toHaveLength(1);
    template.hasResourceProperties('AWS::Logs::ResourcePolicy', {
      PolicyDocument: {
        'Fn::Join': [
          '',
          [
            '{"Statement":[{"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":["',
            { 'Fn::GetAtt': [holdLog, 'Arn'] },
            '","',
            { 'Fn::GetAtt': [contactedLog, 'Arn'] },
            '"],"Sid":"EventBridgeWritesTheEventLogs"}],"Version":"2012-10-17"}',
          ],
        ],
      },
    });
  });

  it('outputs the two event log groups', () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Act
    const values = [outputs.ServiceHoldEventLog?.Value, outputs.CustomerContactedEventLog?.Value];

    // Assert
    expect(values).toEqual([
      { Ref: logicalId(stack.eventBus.logGroups['customer.service-hold']) },
      { Ref: logicalId(stack.eventBus.logGroups['case.customer-contacted']) },
    ]);
  });
});

describe('HTTP API', () => {
  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'routes %s to its function behind its authorizer: API key, user pool, or none',
    (routeKey, route) => {
      // Arrange
      const authorizerIdOf = (id: string) =>
        stack.getLogicalId(stack.httpApi.api.node.findChild(id).node.defaultChild as CfnElement);
      const expectedAuthorization = route.users
        ? { AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerIdOf('UserPoolAuthorizer') } }
        : route.authorized
          ? { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerIdOf('ApiKeyAuthorizer') } }
          : { AuthorizationType: 'NONE' };

      // Act
      const matching = template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } });

      // Assert
      expect(Object.keys(matching)).toHaveLength(1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, ...expectedAuthorization });
      const target = JSON.stringify((Object.values(matching)[0] as Resource).Properties.Target);
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration', {
        Properties: {
          IntegrationUri: { 'Fn::GetAtt': [functionLogicalId(route.functionId), 'Arn'] },
        },
      });
      expect(Object.keys(integrations)).toHaveLength(1);
      expect(target).toContain(Object.keys(integrations)[0]);
    },
  );

  it('declares exactly the routes of definitions.ts, with one integration per function', () => {
    // Arrange
    const expected = routes.map((route) => `${route.method} ${route.path}`).sort();

    // Act
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => (route as Resource).Properties.RouteKey)
      .sort();
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');

    // Assert
    expect(routeKeys).toEqual(expected);
    expect(Object.keys(integrations)).toHaveLength(new Set(routes.map((route) => route.functionId)).size);
  });

  it('checks the API key with a Lambda REQUEST authorizer with simple responses, cached 5 minutes', () => {
    // Arrange
    const authorizerFunctionId = functionLogicalId('authorizer');

    // Act
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer', {
      Properties: { AuthorizerType: 'REQUEST' },
    });

    // Assert
    expect(Object.keys(authorizers)).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: [`$request.header.${apiKeyHeader}`],
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(JSON.stringify(Object.values(authorizers)[0])).toContain(authorizerFunctionId);
  });

  it('logs every request as JSON and throttles the default stage', () => {
    // Arrange
    const accessLogsId = logicalId(stack.httpApi.accessLogs);

    // Act
    const stage = resource(logicalId(stack.httpApi.stage));

    // Assert
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [accessLogsId, 'Arn'] } },
    });
    const format = JSON.parse((stage.Properties.AccessLogSettings as { Format: string }).Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
  });

  it('outputs the API URL', () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Act
    const apiUrl = JSON.stringify(outputs.ApiUrl?.Value);

    // Assert
    expect(apiUrl).toContain(logicalId(stack.httpApi.api));
    expect(apiUrl).toContain('execute-api');
  });

  it('generates a 40-character API key without punctuation', () => {
    // Arrange
    const expected = { PasswordLength: 40, ExcludePunctuation: true, IncludeSpace: false };

    // Act
    const secret = resource(logicalId(stack.apiKey.secret));

    // Assert
    expect(secret.Properties.GenerateSecretString).toEqual(expected);
  });
});
