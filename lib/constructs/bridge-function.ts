import path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '../definitions.ts';

/** Lets CommonJS dependencies that call `require()` work inside the ESM bundle. */
const esmRequireBanner =
  "import { createRequire as __bridgeCreateRequire } from 'node:module'; const require = __bridgeCreateRequire(import.meta.url);";

export const serviceName = 'social-service-bridge';
export const metricsNamespace = 'SocialServiceBridge';

export interface BridgeFunctionProps {
  readonly definition: FunctionDefinition;
  /** Directory the definition's `entry` is relative to, holding package-lock.json: the repository root. */
  readonly projectRoot: string;
  /** @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * One Lambda function of the bridge, built from its `FunctionDefinition`: Node.js 24 on ARM, bundled
 * locally by esbuild (never in Docker) as minified ESM with source maps, X-Ray tracing, and its own
 * log group and role.
 *
 * The role is the function's own and carries no AWS-managed policy: it may write to its log group
 * (by ARN), send traces, and whatever the other constructs' `grant…`/`bind…` helpers add.
 */
export class BridgeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);
    const { definition, projectRoot } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${definition.id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, definition.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(definition.timeoutSeconds),
      memorySize: definition.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK too: the deployed code then runs the very SDK versions the tests ran
        // against, and ESM imports do not depend on the runtime's preinstalled copy.
        bundleAwsSDK: true,
        logLevel: LogLevel.WARNING,
      },
    });

    // Tracing.ACTIVE adds xray:PutTraceSegments / xray:PutTelemetryRecords on "*" to the role's
    // default policy. Acknowledged on that policy only, and only for the "Resource::*" finding.
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*". No other statement in this policy uses "*" (pinned by test/stack).',
      });
    }
  }
}
