import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBridgeApp } from '../../lib/bridge-app.ts';
import { BridgeHttpApi } from '../../lib/constructs/http-api.ts';
import { type RouteDefinition, routes } from '../../lib/definitions.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The singleton Lambda of the console's BucketDeployment (memory limit 256 MiB), at the stack's root. */
const bucketDeploymentHandlerId = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB';

/** The context of cdk.json, minus asset bundling: cdk-nag reads the construct tree, not the bundles. */
const context = { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
}

interface Acknowledgement {
  readonly id: string;
  readonly path: string;
  readonly reason: string;
}

/** What `Validations.of(x).acknowledge()` recorded on the tree (the metadata key is public for plugins). */
const acknowledgementsIn = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );

/** cdk-nag's findings on a tree in which every acknowledgement was dropped. */
const unacknowledgedFindings = (): { id: string; path: string }[] => {
  const acknowledge = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
  try {
    const { stack } = createBridgeApp({ appProps: { context } });
    const report = new AwsSolutionsChecks().validateScope(stack);
    return report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({ id: violation.ruleName, path: resource.constructPath ?? '' })),
    );
  } finally {
    acknowledge.mockRestore();
  }
};

const covers = (acknowledgement: Acknowledgement, finding: { id: string; path: string }) =>
  acknowledgement.id === finding.id &&
  (finding.path === acknowledgement.path || finding.path.startsWith(`${acknowledgement.path}/`));

/** The bridge app plus a throwaway stack holding what cdk-nag must refuse. */
const appWithThrowaway = (add: (stack: Stack) => void): App => {
  const { app } = createBridgeApp({ appProps: { context, builtinCloudFormationValidation: false } });
  add(new Stack(app, 'Throwaway'));
  return app;
};

/** The message synthesis fails with, or '' when it succeeds. */
const synthErrorOf = (app: App): string => {
  try {
    app.synth();
    return '';
  } catch (error) {
    return String(error);
  }
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cdk-nag AWS Solutions checks on the SocialServiceBridge app', () => {
  // Act (for the tests of this block): synthesise the app as `cdk synth` does, validation plugins included.
  let app: App;
  let synthError: unknown;
  let report: ValidationReport | undefined;

  beforeAll(() => {
    ({ app } = createBridgeApp({ appProps: { context } }));
    try {
      const assembly = app.synth();
      report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    } catch (error) {
      synthError = error;
    }
  });

  it('synthesises with no unacknowledged finding, from cdk-nag or CloudFormation validation', () => {
    // Arrange
    const noFindings: ValidationReport['pluginReports'] = [];

    // Act
    const findings = report?.pluginReports.filter((plugin) => plugin.violations.length > 0);

    // Assert
    expect(synthError).toBeUndefined();
    expect(findings).toEqual(noFindings);
  });

  it('acknowledges exactly these findings, each where it arises', () => {
    // Arrange
    const xray = 'AwsSolutions-IAM5[Resource::*]';
    const openRoute = (method: string, path: string) => ({
      id: 'AwsSolutions-APIG4',
      path: `SocialServiceBridge/HttpApi/Api/${method}--${path}`,
    });
    const deploymentPolicy = 'SocialServiceBridge/Console/DeploymentRole/DefaultPolicy';
    const deploymentWildcards = [
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Resource::*',
      'Resource::<ConsoleSite26539DB4.Arn>/*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, path: deploymentPolicy }));
    const expected = [
      { id: xray, path: 'SocialServiceBridge/AgentApi/Role/DefaultPolicy' },
      { id: 'AwsSolutions-SMG4', path: 'SocialServiceBridge/ApiKey/Secret' },
      { id: xray, path: 'SocialServiceBridge/Authorizer/Role/DefaultPolicy' },
      { id: xray, path: 'SocialServiceBridge/CasesApi/Role/DefaultPolicy' },
      { id: 'AwsSolutions-SMG4', path: 'SocialServiceBridge/ConnectorSecrets/Secret' },
      ...deploymentWildcards,
      { id: 'AwsSolutions-CFR1', path: 'SocialServiceBridge/Console/Distribution' },
      { id: 'AwsSolutions-CFR2', path: 'SocialServiceBridge/Console/Distribution' },
      { id: 'AwsSolutions-CFR4', path: 'SocialServiceBridge/Console/Distribution' },
      { id: 'AwsSolutions-L1', path: `SocialServiceBridge/${bucketDeploymentHandlerId}` },
      { id: xray, path: 'SocialServiceBridge/CustomersApi/Role/DefaultPolicy' },
      { id: xray, path: 'SocialServiceBridge/Escalate/Role/DefaultPolicy' },
      openRoute('GET', 'self-links--{token}'),
      openRoute('GET', 'webhooks--meta'),
      openRoute('GET', 'webhooks--x'),
      openRoute('POST', 'self-links--{token}'),
      openRoute('POST', 'webhooks--meta'),
      openRoute('POST', 'webhooks--x'),
      { id: xray, path: 'SocialServiceBridge/Ingest/Role/DefaultPolicy' },
      { id: 'AwsSolutions-SMG4', path: 'SocialServiceBridge/ReplyTokens/Secret' },
      { id: xray, path: 'SocialServiceBridge/SlaMonitor/Role/DefaultPolicy' },
      { id: 'AwsSolutions-SQS3', path: 'SocialServiceBridge/SlaSchedule/DeadLetter' },
      { id: xray, path: 'SocialServiceBridge/TeamIntake/Role/DefaultPolicy' },
      { id: xray, path: 'SocialServiceBridge/TriageApi/Role/DefaultPolicy' },
      { id: xray, path: 'SocialServiceBridge/Webhooks/Role/DefaultPolicy' },
    ];
    const order = (a: { id: string; path: string }, b: { id: string; path: string }) =>
      a.path.localeCompare(b.path) || a.id.localeCompare(b.id);

    // Act
    const acknowledged = acknowledgementsIn(app).map(({ id, path }) => ({ id, path }));

    // Assert
    expect(acknowledged.sort(order)).toEqual(expected.sort(order));
  });

  it('acknowledges no people’s route: the user pool’s JWT authorizer satisfies APIG4', () => {
    // Arrange
    const peoplesRoutes = routes
      .filter((route) => route.users)
      .map((route) => `SocialServiceBridge/HttpApi/Api/${route.method}${route.path.replaceAll('/', '--')}`);
    const constructPaths = new Set(app.node.findAll().map((construct) => construct.node.path));

    // Act
    const acknowledgedPaths = acknowledgementsIn(app).map((acknowledgement) => acknowledgement.path);

    // Assert
    expect(peoplesRoutes.length).toBeGreaterThan(0);
    for (const path of peoplesRoutes) {
      expect(constructPaths.has(path), path).toBe(true);
      expect(acknowledgedPaths).not.toContain(path);
    }
  });

  it('explains the console’s CloudFront findings and the upload handler’s runtime with their reasons', () => {
    // Arrange
    const reasonOf = (id: string) =>
      acknowledgementsIn(app).find((acknowledgement) => acknowledgement.id === id)?.reason;

    // Act
    const reasons = ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'AwsSolutions-L1'].map(reasonOf);

    // Assert
    expect(reasons[0]).toMatch(/work from wherever the brand operates/);
    expect(reasons[1]).toMatch(/Cognito JWT/);
    expect(reasons[2]).toMatch(/default certificate/);
    expect(reasons[3]).toMatch(/BucketDeployment handler/);
  });

  it('gives every acknowledgement a written reason of some substance', () => {
    // Arrange
    const minimumLength = 80;

    // Act
    const reasons = acknowledgementsIn(app).map((acknowledgement) => acknowledgement.reason);

    // Assert
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThanOrEqual(minimumLength);
  });

  it('explains the self-link routes by their one-time token and the webhook routes by the providers’ signatures', () => {
    // Arrange
    const openRoutes = acknowledgementsIn(app).filter((acknowledgement) => acknowledgement.id === 'AwsSolutions-APIG4');

    // Act
    const selfLinks = openRoutes.filter((acknowledgement) => acknowledgement.path.includes('--self-links--'));
    const webhooks = openRoutes.filter((acknowledgement) => acknowledgement.path.includes('--webhooks--'));

    // Assert
    expect([selfLinks.length, webhooks.length]).toEqual([2, 4]);
    for (const { reason } of selfLinks) expect(reason).toMatch(/the one-time token in the path is the credential/);
    for (const { reason } of webhooks) expect(reason).toMatch(/HMAC-SHA256 signature/);
  });

  it('has no stale acknowledgement: each one silences a finding cdk-nag raises without it', () => {
    // Arrange
    const acknowledgements = acknowledgementsIn(app);

    // Act
    const findings = unacknowledgedFindings();

    // Assert
    expect(findings.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) {
      expect(
        findings.some((finding) => covers(acknowledgement, finding)),
        acknowledgement.id,
      ).toBe(true);
    }
    for (const finding of findings) {
      expect(
        acknowledgements.some((acknowledgement) => covers(acknowledgement, finding)),
        `${finding.id} at ${finding.path}`,
      ).toBe(true);
    }
  });
});

describe('route authorizers', () => {
  /** BridgeHttpApi over the given routes, with one stand-in function; the error message it throws, or ''. */
  const buildErrorOf = (routeDefinitions: RouteDefinition[], withUserPool: boolean): string => {
    const stack = new Stack();
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({})'),
    });
    const userPool = new UserPool(stack, 'Pool');
    const client = userPool.addClient('Client');
    try {
      new BridgeHttpApi(stack, 'Api', {
        routes: routeDefinitions,
        handlers: { ingest: fn, casesApi: fn, customersApi: fn, webhooks: fn, triageApi: fn, agentApi: fn },
        authorizer: fn,
        ...(withUserPool ? { users: { userPool, clients: [client] } } : {}),
      });
      return '';
    } catch (error) {
      return String(error);
    }
  };

  it('fail the synth for an open route unless http-api.ts gives a reason for its path', () => {
    // Arrange
    const route: RouteDefinition = { method: 'GET', path: '/open-door', functionId: 'casesApi', authorized: false };

    // Act
    const message = buildErrorOf([route], true);

    // Assert
    expect(message).toContain('GET /open-door is not authorized by the API key and has no reason');
  });

  it('refuse a route marked both for the API key and for users', () => {
    // Arrange
    const route: RouteDefinition = {
      method: 'GET',
      path: '/both',
      functionId: 'triageApi',
      authorized: true,
      users: ['lead'],
    };

    // Act
    const message = buildErrorOf([route], true);

    // Assert
    expect(message).toContain('GET /both is marked both authorized (API key) and for users (JWT)');
  });

  it('refuse a people’s route when the API is given no user pool', () => {
    // Arrange
    const route: RouteDefinition = {
      method: 'GET',
      path: '/me',
      functionId: 'triageApi',
      authorized: false,
      users: ['social'],
    };

    // Act
    const message = buildErrorOf([route], false);

    // Assert
    expect(message).toContain("GET /me is a people's route (users) but the HTTP API was given no user pool");
  });

  it('accept a people’s route without an open-route reason when the user pool guards it', () => {
    // Arrange
    const route: RouteDefinition = {
      method: 'GET',
      path: '/me',
      functionId: 'triageApi',
      authorized: false,
      users: ['social'],
    };

    // Act
    const message = buildErrorOf([route], true);

    // Assert
    expect(message).toBe('');
  });
});

describe('cdk-nag is active (negative checks)', () => {
  it('fails the synth on an unacknowledged error: an unencrypted queue without DLQ or TLS policy', () => {
    // Arrange
    const app = appWithThrowaway((stack) => {
      new Queue(stack, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    });

    // Act
    const message = synthErrorOf(app);

    // Assert
    expect(message).toMatch(/^ValidationFailed/);
    for (const rule of ['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']) {
      expect(message).toContain(rule);
    }
    expect(message).toContain('Throwaway/Plain/Resource');
    expect(message).not.toContain('SocialServiceBridge/');
  });

  it('fails the synth on an unacknowledged warning too: a table without point-in-time recovery', () => {
    // Arrange
    const app = appWithThrowaway((stack) => {
      new Table(stack, 'NoPitr', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    });

    // Act
    const message = synthErrorOf(app);

    // Assert
    expect(message).toMatch(/Throwaway\/NoPitr\/Resource[\s\S]*AwsSolutions-DDB3/);
  });

  it('lets an acknowledged finding through, and only on the construct acknowledged', () => {
    // Arrange
    const app = appWithThrowaway((stack) => {
      const acknowledged = new Table(stack, 'Acknowledged', {
        partitionKey: { name: 'id', type: AttributeType.STRING },
      });
      Validations.of(acknowledged).acknowledge({ id: 'AwsSolutions-DDB3', reason: 'throwaway table in a test' });
      new Table(stack, 'NotAcknowledged', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    });

    // Act
    const message = synthErrorOf(app);

    // Assert
    expect(message).toContain('Throwaway/NotAcknowledged/Resource');
    expect(message).not.toContain('Throwaway/Acknowledged/Resource');
  });
});
