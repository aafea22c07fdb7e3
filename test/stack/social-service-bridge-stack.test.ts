import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricsNamespace, serviceName } from '../../lambdas/handlers/observability.ts';
import { createBridgeApp } from '../../lib/bridge-app.ts';
import { apiKeyHeader, commonEnv, type FunctionId, functions, queues, routes, tables } from '../../lib/definitions.ts';
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

  it('indexes cases by status and creation time', () => {
    // Arrange
    const [index] = tables.cases.globalIndexes;

    // Act
    const cases = resource(logicalId(stack.tables.tables.cases));

    // Assert
    expect(cases.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
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
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');

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
    const alarms = template.findResources('AWS::CloudWatch::Alarm');

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
    const tableVars = [tables.cases.envVar, tables.mentions.envVar, tables.lookups.envVar];
    const expected: Record<FunctionId, string[]> = {
      authorizer: [...common, commonEnv.apiKeySecretArn],
      ingest: [...common, queues.mentions.envVar],
      escalate: [
        ...common,
        ...tableVars,
        queues.mentions.deadLetter.envVar,
        commonEnv.brandAccountIds,
        'CASE_CONFIDENCE_THRESHOLD',
        'DUPLICATE_WINDOW_HOURS',
        'COMPREHEND_DAILY_CALLS',
        'COMPREHEND_CLASSIFIER_ENDPOINT_ARN',
      ],
      casesApi: [...common, tables.cases.envVar, tables.mentions.envVar],
      webhooks: [
        ...common,
        commonEnv.connectorSecretArn,
        queues.mentions.envVar,
        tables.quarantine.envVar,
        commonEnv.brandAccountIds,
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
          Resource: { 'Fn::GetAtt': [logicalId(stack.mentionQueue.deadLetterQueue), 'Arn'] },
        }),
      ]),
    );
  });

  it('lets casesApi read cases and mentions only, ingest only send, the authorizer only read the key', () => {
    // Arrange
    const t = stack.tables.tables;
    const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

    // Act
    const casesApi = policyStatementsOf('casesApi');
    const ingest = actionsOf(policyStatementsOf('ingest'));
    const authorizer = actionsOf(policyStatementsOf('authorizer'));

    // Assert
    const dynamo = casesApi.filter((statement) => actionsOf([statement]).some((a) => a.startsWith('dynamodb:')));
    expect(actionsOf(dynamo).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    expect(dynamo.flatMap((statement) => [statement.Resource].flat())).not.toContainEqual(arnOf(logicalId(t.lookups)));
    expect(ingest.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')).sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(authorizer.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
  });
});

describe('HTTP API', () => {
  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'routes %s to its function behind the API-key authorizer',
    (routeKey, route) => {
      // Arrange
      const authorizerId = stack.getLogicalId(
        stack.httpApi.api.node.findChild('ApiKeyAuthorizer').node.defaultChild as CfnElement,
      );

      // Act
      const matching = template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } });

      // Assert
      expect(Object.keys(matching)).toHaveLength(1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        ...(route.authorized
          ? { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } }
          : { AuthorizationType: 'NONE' }),
      });
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
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');

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
