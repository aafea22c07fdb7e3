import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnUserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { CfnFunction as CfnLambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import routingFile from '../../config/routing.json' with { type: 'json' };
import { createBridgeApp } from '../../lib/bridge-app.ts';
import { apiPathPrefix } from '../../lib/constructs/console-hosting.ts';
import { type FunctionId, functions, routes, userRoles } from '../../lib/definitions.ts';
import type { SocialServiceBridgeStack } from '../../lib/social-service-bridge-stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const daysInSeconds = (days: number) => days * 24 * 60 * 60;
const functionIds = Object.keys(functions) as FunctionId[];
const teamNames = routingFile.queues.map((queue) => queue.name);

// Act (for every test below): synthesise the app with cdk.json's context, without bundling the
// functions (their bundles are social-service-bridge-stack.test.ts's business), once.
let stack: SocialServiceBridgeStack;
let template: Template;
let assembly: CloudAssembly;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const resource = (id: string): Resource => template.toJSON().Resources[id] as Resource;
const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const statementsOf = (id: FunctionId): Statement[] => {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(stack.functions[id].role) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => ((policy as Resource).Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
};
const variablesOf = (id: FunctionId) =>
  (resource(logicalId(stack.functions[id].function)).Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
/** A `Fn::Join` of strings and `Ref`s as text, each Ref written `<LogicalId>`. */
const joined = (value: unknown): string => {
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return join[1].map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join(join[0]);
};
const distributionDomain = () => ({ 'Fn::GetAtt': [logicalId(stack.console.distribution), 'DomainName'] });
const consoleUrl = () => ({ 'Fn::Join': ['', ['https://', distributionDomain(), '/']] });

beforeAll(() => {
  const built = createBridgeApp({
    appProps: {
      context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    },
  });
  stack = built.stack;
  assembly = built.app.synth();
  template = Template.fromStack(stack);
});

describe('user pool', () => {
  it('lets only administrators create accounts, signs in by email, and requires a strong password and TOTP', () => {
    // Arrange
    const id = logicalId(stack.userPool.userPool);

    // Act
    const pool = resource(id);

    // Assert
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 5,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it('has threat protection enforced on the Plus feature plan', () => {
    // Arrange
    const id = logicalId(stack.userPool.userPool);

    // Act
    const pool = resource(id);

    // Assert
    expect(pool.Properties).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has exactly the groups of userRoles, and keeps the pool and its groups when the stack goes', () => {
    // Arrange
    const poolId = logicalId(stack.userPool.userPool);

    // Act
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];

    // Assert
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([...userRoles].sort());
    for (const group of groups) {
      expect(group.Properties.UserPoolId).toEqual({ Ref: poolId });
      expect(group.DeletionPolicy).toBe('Retain');
    }
    expect(resource(poolId).DeletionPolicy).toBe('Retain');
  });

  it('has one app client, the console’s: authorization code (with PKCE) only, no secret, back to the console', () => {
    // Arrange
    const poolId = logicalId(stack.userPool.userPool);

    // Act
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Resource[];

    // Assert
    expect(clients).toHaveLength(1);
    expect(clients[0]?.Properties).toEqual({
      UserPoolId: { Ref: poolId },
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl()],
      LogoutURLs: [consoleUrl()],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('derives the hosted-UI prefix from the stack’s UUID when cognitoDomainPrefix is unset', () => {
    // Arrange
    const domainId = logicalId(stack.userPool.domain);

    // Act
    const domain = resource(domainId);

    // Assert
    expect(domain.Properties).toEqual({
      UserPoolId: ref(stack.userPool.userPool),
      Domain: {
        'Fn::Join': ['', ['social-bridge-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]],
      },
    });
  });

  it('uses cognitoDomainPrefix from context when it is set', () => {
    // Arrange
    const { stack: withPrefix } = createBridgeApp({
      appProps: { context: { 'aws:cdk:bundling-stacks': [], cognitoDomainPrefix: 'acme-social-care' } },
    });

    // Act
    const domain = withPrefix.resolve((withPrefix.userPool.domain.node.defaultChild as CfnUserPoolDomain).domain);

    // Assert
    expect(domain).toBe('acme-social-care');
  });

  it('outputs the user pool id, the client id, the hosted UI and the console URL', () => {
    // Arrange
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const clientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] ?? '';

    // Act
    const values = ['UserPoolId', 'UserPoolClientId', 'HostedUiDomain', 'ConsoleUrl'].map((key) => outputs[key]?.Value);

    // Assert
    expect(values[0]).toEqual(ref(stack.userPool.userPool));
    expect(values[1]).toEqual({ Ref: clientId });
    expect(joined(values[2])).toBe(
      `https://<${logicalId(stack.userPool.domain)}>.auth.<AWS::Region>.amazoncognito.com`,
    );
    expect(values[3]).toEqual(consoleUrl());
  });
});

describe('people’s routes', () => {
  it('have a JWT authorizer whose issuer is the user pool and whose audience is the console client', () => {
    // Arrange
    const clientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] ?? '';

    // Act
    const jwt = Object.values(
      template.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }),
    ) as Resource[];

    // Assert
    expect(jwt).toHaveLength(1);
    expect(jwt[0]?.Properties).toMatchObject({
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }] },
    });
    const configuration = jwt[0]?.Properties.JwtConfiguration as { Issuer: unknown } | undefined;
    expect(joined(configuration?.Issuer)).toBe(
      `https://cognito-idp.<AWS::Region>.amazonaws.com/<${logicalId(stack.userPool.userPool)}>`,
    );
  });

  it('are exactly the routes with users, and the API key guards exactly the authorized ones', () => {
    // Arrange
    const keysOf = (type: string) =>
      Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { AuthorizationType: type } }))
        .map((route) => (route as Resource).Properties.RouteKey)
        .sort();

    // Act
    const byType = { JWT: keysOf('JWT'), CUSTOM: keysOf('CUSTOM') };

    // Assert
    const keys = (filter: (route: (typeof routes)[number]) => boolean) =>
      routes
        .filter(filter)
        .map((route) => `${route.method} ${route.path}`)
        .sort();
    expect(byType.JWT).toEqual(keys((route) => route.users !== undefined));
    expect(byType.CUSTOM).toEqual(keys((route) => route.authorized));
    expect(byType.JWT.length).toBeGreaterThan(0);
  });
});

describe('team queues', () => {
  it('builds a queue and a dead-letter queue for every queue of config/routing.json, and no other', () => {
    // Arrange
    const queueIds = stack.teamQueues.queues.flatMap((team) => [team.queue, team.deadLetterQueue]).map(logicalId);
    const otherQueues = [
      stack.mentionQueue.queue,
      stack.mentionQueue.deadLetterQueue,
      stack.productFeedback.queue,
      stack.productFeedback.deadLetterQueue,
      stack.slaSchedule.deadLetterQueue,
    ].map(logicalId);

    // Act
    const all = Object.keys(template.findResources('AWS::SQS::Queue')).sort();

    // Assert
    expect(stack.teamQueues.queues.map((team) => team.name)).toEqual(teamNames);
    expect(all).toEqual([...queueIds, ...otherQueues].sort());
  });

  it.each(teamNames)(
    'hides a %s message for 6x team intake’s timeout, redrives after 5 receives, keeps dead letters longer',
    (name) => {
      // Arrange
      const team = stack.teamQueues.queues.find((candidate) => candidate.name === name);
      const dlqId = logicalId(team?.deadLetterQueue as IConstruct);

      // Act
      const [queue, dlq] = [resource(logicalId(team?.queue as IConstruct)), resource(dlqId)];

      // Assert
      expect(queue.Properties).toEqual({
        VisibilityTimeout: 6 * functions.teamIntake.timeoutSeconds,
        MessageRetentionPeriod: daysInSeconds(4),
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
        SqsManagedSseEnabled: true,
      });
      expect(dlq.Properties).toEqual({ MessageRetentionPeriod: daysInSeconds(14), SqsManagedSseEnabled: true });
      expect([queue.DeletionPolicy, dlq.DeletionPolicy]).toEqual(['Retain', 'Retain']);
    },
  );

  it.each(teamNames)('refuses requests to the %s queues without TLS', (name) => {
    // Arrange
    const team = stack.teamQueues.queues.find((candidate) => candidate.name === name);

    // Act
    const ids = [team?.queue, team?.deadLetterQueue].map((queue) => logicalId(queue as IConstruct));

    // Assert
    for (const id of ids) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it.each(teamNames)(
    'feeds team intake from %s with partial batch failures, and alarms on its dead letters',
    (name) => {
      // Arrange
      const team = stack.teamQueues.queues.find((candidate) => candidate.name === name);
      const [queueId, dlqId] = [team?.queue, team?.deadLetterQueue].map((queue) => logicalId(queue as IConstruct));

      // Act
      const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
      const alarms = template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }] },
      });

      // Assert
      expect(Object.values(mappings)).toEqual([
        {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: expect.objectContaining({
            FunctionName: ref(stack.functions.teamIntake.function),
            BatchSize: 10,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          }),
        },
      ]);
      expect(Object.values(alarms)).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Namespace: 'AWS/SQS',
            Statistic: 'Maximum',
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            AlarmDescription: expect.stringContaining(`team queue "${name}"`),
          }),
        }),
      ]);
    },
  );

  it('lets escalate and triageApi send to every team queue, and tells them each queue’s URL', () => {
    // Arrange
    const queueArns = stack.teamQueues.queues.map((team) => ({ 'Fn::GetAtt': [logicalId(team.queue), 'Arn'] }));
    const expectedUrls = Object.fromEntries(
      stack.teamQueues.queues.map((team) => [team.name, `<${logicalId(team.queue)}>`]),
    );

    // Act
    const senders = functionIds.filter((id) =>
      statementsOf(id).some(
        (statement) =>
          [statement.Action].flat().includes('sqs:SendMessage') &&
          queueArns.some((arn) => JSON.stringify(statement.Resource).includes(JSON.stringify(arn))),
      ),
    );

    // Assert
    expect(senders.sort()).toEqual(['escalate', 'triageApi']);
    for (const id of senders) {
      const sendTo = statementsOf(id)
        .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
        .flatMap((statement) => [statement.Resource].flat());
      expect(sendTo).toEqual(expect.arrayContaining(queueArns));
      expect(JSON.parse(joined(variablesOf(id).TEAM_QUEUE_URLS))).toEqual(expectedUrls);
    }
  });

  it('lets team intake receive from the team queues through its event source mappings, and send nowhere', () => {
    // Arrange
    const receive = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];

    // Act
    const sqsActions = new Set(
      statementsOf('teamIntake')
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('sqs:')),
    );

    // Assert
    expect([...sqsActions].sort()).toEqual(receive);
  });
});

describe('grants of the people’s functions', () => {
  it('lets only the functions that send replies read the reply tokens, and tells triageApi the secret, the approval rule and the case system', () => {
    // Arrange
    const secretId = logicalId(stack.replyTokens.secret);

    // Act
    const readers = functionIds.filter((id) => JSON.stringify(statementsOf(id)).includes(secretId));

    // Assert
    // Triage sends replies; the cases and agent APIs close the loop when a case is resolved.
    expect(readers.sort()).toEqual(['agentApi', 'casesApi', 'triageApi']);
    expect(statementsOf('triageApi')).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: { Ref: secretId },
        },
      ]),
    );
    expect(variablesOf('triageApi')).toMatchObject({
      REPLY_TOKENS_SECRET_ARN: { Ref: secretId },
      REPLY_APPROVAL_REQUIRED: 'true',
      CASE_SYSTEM: 'builtin',
    });
  });

  it('creates the reply-tokens secret with empty tokens for the operator to fill in', () => {
    // Arrange
    const id = logicalId(stack.replyTokens.secret);

    // Act
    const secret = resource(id);

    // Assert
    expect(JSON.parse(secret.Properties.SecretString as string)).toEqual({
      xUserAccessToken: '',
      metaPageAccessToken: '',
    });
  });

  it('passes replyApprovalRequired=false from context to triageApi', () => {
    // Arrange
    const { stack: noApproval } = createBridgeApp({
      appProps: { context: { 'aws:cdk:bundling-stacks': [], replyApprovalRequired: 'false' } },
    });

    // Act
    const variables = noApproval.resolve(
      (noApproval.functions.triageApi.function.node.defaultChild as CfnLambdaFunction).environment,
    );

    // Assert
    expect(variables).toMatchObject({ variables: { REPLY_APPROVAL_REQUIRED: 'false' } });
  });
});

describe('console hosting', () => {
  it('keeps the console in a private, TLS-only bucket that logs its accesses to the log bucket', () => {
    // Arrange
    const siteId = logicalId(stack.console.bucket);
    const logsId = logicalId(stack.console.logBucket);

    // Act
    const site = resource(siteId);

    // Assert
    expect(site.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'console-bucket/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(site.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets CloudFront read the console bucket through Origin Access Control, for this distribution only', () => {
    // Arrange
    const siteId = logicalId(stack.console.bucket);
    const distributionId = logicalId(stack.console.distribution);

    // Act
    const controls = Object.values(template.findResources('AWS::CloudFront::OriginAccessControl')) as Resource[];

    // Assert
    expect(controls).toHaveLength(1);
    expect(controls[0]?.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': Match.objectLike({
                  'Fn::Join': ['', Match.arrayWith([{ Ref: distributionId }])],
                }),
              },
            },
          }),
        ]),
      },
    });
  });

  it('keeps CloudFront and S3 access logs a year in a retained, private, TLS-only log bucket', () => {
    // Arrange
    const logsId = logicalId(stack.console.logBucket);

    // Act
    const logs = resource(logsId);

    // Assert
    expect(logs.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, Status: 'Enabled' }] },
    });
    expect(logs.DeletionPolicy).toBe('Retain');
  });

  it('serves index.html from the bucket over HTTPS with the security headers, and logs to the log bucket', () => {
    // Arrange
    const headersId = logicalId(stack.console.securityHeaders);

    // Act
    const config = resource(logicalId(stack.console.distribution)).Properties.DistributionConfig as Record<
      string,
      unknown
    >;

    // Assert
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        ResponseHeadersPolicyId: { Ref: headersId },
        Compress: true,
      },
      Logging: {
        Bucket: { 'Fn::GetAtt': [logicalId(stack.console.logBucket), 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
      },
    });
    expect(config.Restrictions).toBeUndefined();
    expect(config.WebACLId).toBeUndefined();
  });

  it('serves the HTTP API under /api/*: HTTPS and TLS 1.2 to the origin, uncached, every method, headers but Host', () => {
    // Arrange
    const config = resource(logicalId(stack.console.distribution)).Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      Origins: { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }[];
    };
    const managedCachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    const managedAllViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

    // Act
    const [behaviour] = config.CacheBehaviors;
    const origin = config.Origins.find((candidate) => candidate.Id === behaviour?.TargetOriginId);

    // Assert
    expect(config.CacheBehaviors).toHaveLength(1);
    expect(behaviour).toMatchObject({
      PathPattern: `${apiPathPrefix}/*`,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: managedCachingDisabled,
      OriginRequestPolicyId: managedAllViewerExceptHostHeader,
      ResponseHeadersPolicyId: ref(stack.console.securityHeaders),
      FunctionAssociations: [
        {
          EventType: 'viewer-request',
          FunctionARN: {
            'Fn::GetAtt': [Object.keys(template.findResources('AWS::CloudFront::Function'))[0], 'FunctionARN'],
          },
        },
      ],
    });
    expect(origin?.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(joined(origin?.DomainName)).toBe(
      `<${logicalId(stack.httpApi.api)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>`,
    );
  });

  it.each([
    ['/api/triage/items', '/triage/items'],
    ['/api/agent/queues/billing/claim', '/agent/queues/billing/claim'],
    ['/api/', '/'],
  ])('rewrites %s to %s before the request reaches the API', (uri, expected) => {
    // Arrange
    const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as Resource;
    const code = fn.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => {
      uri: string;
      querystring: object;
    };
    const querystring = { state: { value: 'open' } };

    // Act
    const request = handler({ request: { uri, querystring } });

    // Assert
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(request).toEqual({ uri: expected, querystring });
  });

  it('sends HSTS, a CSP that allows only this origin and the hosted UI and no framing, nosniff and DENY', () => {
    // Arrange
    const hostedUi = `https://<${logicalId(stack.userPool.domain)}>.auth.<AWS::Region>.amazoncognito.com`;

    // Act
    const config = (
      resource(logicalId(stack.console.securityHeaders)).Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, { ContentSecurityPolicy?: unknown }>;
      }
    ).SecurityHeadersConfig;
    const csp = joined(config.ContentSecurityPolicy?.ContentSecurityPolicy).split('; ');

    // Assert
    expect(config).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: daysInSeconds(730), IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        `connect-src 'self' ${hostedUi}`,
        "frame-ancestors 'none'",
        "object-src 'none'",
      ]),
    );
    expect(csp.join('; ')).not.toContain('unsafe-');
  });

  it('uploads web/ and a config.json naming the API under /api, the hosted UI, the client, the teams and the dashboard', () => {
    // Arrange
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as Resource;
    const properties = deployment.Properties as {
      SourceObjectKeys: string[];
      SourceMarkers: Record<string, unknown>[];
    };
    const configAsset = path.join(assembly.directory, `asset.${properties.SourceObjectKeys[1]?.replace(/\.zip$/, '')}`);
    const markers = properties.SourceMarkers[1] ?? {};
    const clientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] ?? '';

    // Act
    let text = readFileSync(path.join(configAsset, 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(markers)) {
      const name = (value as { Ref?: string }).Ref ?? (value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.');
      text = text.replaceAll(marker, `<${name}>`);
    }
    const config = JSON.parse(text);

    // Assert
    const distribution = `<${logicalId(stack.console.distribution)}.DomainName>`;
    expect(config).toEqual({
      mode: 'cognito',
      apiUrl: `https://${distribution}${apiPathPrefix}`,
      cognito: {
        domain: `https://<${logicalId(stack.userPool.domain)}>.auth.<AWS::Region>.amazoncognito.com`,
        clientId: `<${clientId}>`,
        redirectUri: `https://${distribution}/`,
      },
      teams: teamNames,
      dashboardUrl: `https://<AWS::Region>.console.aws.amazon.com/cloudwatch/home?region=<AWS::Region>#dashboards/dashboard/<${logicalId(stack.dashboard.dashboard)}>`,
    });
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: ref(stack.console.bucket),
      DistributionId: ref(stack.console.distribution),
      DistributionPaths: ['/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
  });

  it('gives the upload handler its own role, with no AWS-managed policy, and its own log group', () => {
    // Arrange
    const handler = Object.values(
      template.findResources('AWS::Lambda::Function', { Properties: { Runtime: Match.stringLikeRegexp('^python') } }),
    )[0] as Resource;

    // Act
    const role = resource((handler.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '');

    // Assert
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(handler.Properties.LoggingConfig).toEqual({
      LogGroup: { Ref: expect.stringMatching(/^ConsoleDeploymentLogs/) },
    });
  });
});
