import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { consoleContentSecurityPolicy } from '../definitions.ts';
import { Construct } from 'constructs';

/** The console reaches the HTTP API under this path of its own origin: no CORS, no second origin in the CSP. */
export const apiPathPrefix = '/api';

/** What the console reads from `/config.json` to know where to sign in and where the API is (docs/triage-api.md). */
export interface ConsoleConfig {
  readonly mode: 'cognito';
  readonly apiUrl: string;
  readonly cognito: { readonly domain: string; readonly clientId: string; readonly redirectUri: string };
  /** The team queues a case can be assigned to, as config/routing.json names them. */
  readonly teams: readonly string[];
  /** The CloudWatch dashboard the console's Metrics view links to. */
  readonly dashboardUrl?: string;
}

export interface ConsoleHostingProps {
  /** The hosted UI's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`): the console fetches tokens there. */
  readonly hostedUiUrl: string;
  /** The static console (`web/`), uploaded as it is. */
  readonly webDirectory: string;
  /** How long the log bucket keeps CloudFront and S3 access logs. @default one year */
  readonly logRetention?: Duration;
}

/**
 * Strips the `/api` prefix CloudFront matched on, so `/api/triage/items` reaches the HTTP API's
 * `$default` stage as `/triage/items`. A CloudFront Function (cloudfront-js-2.0) rather than a Lambda@Edge:
 * it runs at every edge for a fraction of the cost, and the rewrite needs nothing more.
 */
const stripApiPrefix = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${apiPathPrefix.length}) || '/';
  return request;
}`;

/**
 * The triage console, served as static files: a private S3 bucket read by CloudFront through Origin
 * Access Control, the HTTP API under `/api/*` of the same distribution, strict security headers on
 * every answer, access logs from CloudFront and S3 into a log bucket, and `web/` plus a generated
 * `config.json` uploaded on every deploy (the distribution's cache invalidated, browsers told to
 * revalidate).
 *
 * Why the API is served through the distribution rather than called cross-origin: the console then
 * talks to one origin only, so the CSP's `connect-src` is `'self'` plus the hosted UI, no CORS
 * configuration has to track the distribution's domain (which would also make the API depend on the
 * distribution that depends on the API), and browsers send no preflight requests. The `/api/*`
 * behaviour caches nothing and forwards every viewer header but Host (CloudFront forwards
 * `authorization` when caching is disabled); the API itself stays reachable at its own URL for the
 * API-key clients and the webhooks.
 *
 * The buckets are kept when the stack goes: the log bucket holds the audit trail, and a retained site
 * bucket costs nothing while keeping a redeploy from racing a bucket deletion.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly securityHeaders: ResponseHeadersPolicy;
  /** `https://<distribution domain>/`: the console, and the hosted UI's callback and sign-out URL. */
  readonly url: string;
  /** `https://<distribution domain>/api`: the HTTP API as the console calls it. */
  readonly apiUrl: string;
  private readonly webDirectory: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.webDirectory = props.webDirectory;

    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with ACLs, so this bucket must allow them (as CDK's own log bucket does).
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: props.logRetention ?? Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No access logs of its own (cdk-nag's S1 accepts a bucket that receives others' access logs): it would
    // log every log delivery into itself; CloudTrail records who reads it.

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Social Service Bridge console: HSTS, CSP, no framing, no sniffing',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(props.hostedUiUrl),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
        ],
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Social Service Bridge triage console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
      },
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: a brand’s social team and its service agents work from wherever the brand operates, travel, and use outsourced care centres abroad; every page and API call needs a signed-in user with MFA, so a country list would only lock out staff.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL: the distribution serves static files and forwards /api to the HTTP API, whose people’s routes require a Cognito JWT (user pool with threat protection and MFA) and whose stage is throttled. A CloudFront web ACL must live in us-east-1 and costs per rule; an operator who wants one can attach it to the distribution (webAclId) without other changes.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The console is served on its *.cloudfront.net name with CloudFront’s default certificate, for which CloudFront fixes the viewer security policy; a TLSv1.2_2021 minimum needs a custom domain and an ACM certificate in us-east-1, which this stack does not assume every operator has. Browsers negotiate TLS 1.2 or 1.3 with it; HSTS is sent on every answer.',
    });

    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.apiUrl = `https://${this.distribution.distributionDomainName}${apiPathPrefix}`;
  }

  /** Serves the HTTP API's `$default` stage under `/api/*`: uncached, every method, the viewer's headers but Host. */
  serveApi(api: IHttpApi): void {
    const stack = Stack.of(this);
    const stripPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      comment: `Removes ${apiPathPrefix} before the request reaches the HTTP API`,
      code: FunctionCode.fromInline(stripApiPrefix),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution.addBehavior(
      `${apiPathPrefix}/*`,
      new HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.securityHeaders,
        functionAssociations: [{ function: stripPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    );
  }

  /**
   * Uploads `web/` and the generated `config.json` (deploy-time values resolved by the deployment), removes
   * what `web/` no longer has, and invalidates the distribution. Every object is sent with
   * `Cache-Control: no-cache`, so browsers revalidate and see a deploy at once.
   */
  deploy(config: ConsoleConfig): BucketDeployment {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The deployment handler's own role, so it carries no AWS-managed policy: it writes to its log group
    // by ARN, and BucketDeployment adds the S3 and invalidation grants below.
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Role of the custom resource that uploads the triage console',
    });
    logGroup.grantWrite(role);

    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(this.webDirectory, { exclude: ['config.json'] }), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 256,
      role,
      logGroup,
    });

    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      const reasons: Record<string, string> = {
        'Resource::*':
          'cloudfront:CreateInvalidation and cloudfront:GetInvalidation as BucketDeployment grants them; the deployment invalidates this distribution only (its id is the one argument it passes).',
        'Action::s3:GetBucket*':
          'BucketDeployment reads the console asset from the CDK assets bucket with grantRead (s3:GetBucket*, s3:GetObject*, s3:List*), on that bucket and its objects only.',
        'Action::s3:GetObject*':
          'BucketDeployment reads the asset and syncs the console bucket with grantRead / grantReadWrite, which use the s3:GetObject* family, on those two buckets only.',
        'Action::s3:List*':
          'BucketDeployment lists the asset and the console bucket to sync them (grantRead / grantReadWrite use s3:List*), on those two buckets only.',
        'Action::s3:Abort*':
          'BucketDeployment uploads to the console bucket with grantReadWrite, which allows aborting multipart uploads (s3:Abort*), on that bucket only.',
        'Action::s3:DeleteObject*':
          'BucketDeployment prunes files web/ no longer has from the console bucket (grantReadWrite: s3:DeleteObject*), on that bucket only.',
      };
      reasons[`Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`] =
        'BucketDeployment syncs the whole console bucket (every object under it, and nothing else): grantReadWrite on this one bucket.';
      const qualifier = Stack.of(this).synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
      reasons[`Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`] =
        'BucketDeployment reads the console’s zipped asset from the CDK bootstrap assets bucket of this account and Region (grantRead on that bucket), where cdk deploy uploaded it.';
      for (const [finding, reason] of Object.entries(reasons)) {
        Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
      }
    }
    const handler = Stack.of(this)
      .node.children.filter((child) => child instanceof LambdaFunction)
      .find((fn) => fn.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'The BucketDeployment handler is CDK’s own Python function (with the AWS CLI layer), whose runtime aws-cdk-lib pins and tests; it runs only during deployments, and upgrading aws-cdk-lib moves it to the newest runtime CDK supports.',
      });
    }
    return deployment;
  }
}
