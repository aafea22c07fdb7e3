import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { type UserRole, userRoles } from '../definitions.ts';

/** What each group lets its members do; the handlers check the group, see docs/triage-api.md. */
const groupDescriptions: { readonly [role in UserRole]: string } = {
  social: 'Social team: works the triage queue, links, merges, drafts and sends replies',
  agent: 'Service agents: claim cases from their team queues, add notes, resolve',
  lead: 'Team leads: everything the social team and agents do, and approve replies',
};

/** A Cognito domain prefix: lower-case letters, digits and inner hyphens, 1 to 63 characters. */
export const domainPrefixPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Cognito refuses prefixes containing these. */
const reservedInPrefix = ['aws', 'amazon', 'cognito'];

/** Why a domain prefix would be refused by Cognito, or undefined when it is acceptable. */
export const domainPrefixProblem = (prefix: string): string | undefined => {
  if (!domainPrefixPattern.test(prefix)) {
    return 'to 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen';
  }
  const reserved = reservedInPrefix.find((word) => prefix.includes(word));
  return reserved ? `to a prefix without the reserved word "${reserved}"` : undefined;
};

export interface BridgeUserPoolProps {
  /** The hosted-UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the Region; may be a token. */
  readonly domainPrefix: string;
}

/**
 * The people who use the console: a Cognito user pool in which an administrator creates every account
 * (no self sign-up), people sign in with their email address, a strong password and a TOTP
 * authenticator (MFA required), and threat protection (Plus feature plan) blocks risky and
 * compromised-credential sign-ins. The groups are the roles of `userRoles`; the tokens carry them in
 * `cognito:groups`.
 *
 * The console signs in through the hosted UI with the authorization-code grant and PKCE, as a public
 * client (no secret: a browser cannot keep one). The pool and its groups are kept when the stack goes:
 * the accounts, their MFA devices and their roles are state.
 */
export class BridgeUserPool extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly groups: { readonly [role in UserRole]: UserPoolGroup };
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly hostedUiUrl: string;

  constructor(scope: Construct, id: string, props: BridgeUserPoolProps) {
    super(scope, id);
    const problem = Token.isUnresolved(props.domainPrefix) ? undefined : domainPrefixProblem(props.domainPrefix);
    if (problem) throw new Error(`Cognito domain prefix "${props.domainPrefix}" is invalid: set it ${problem}`);

    this.userPool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // TOTP only: SMS would need an SNS role and phone numbers on staff accounts, and is the weaker factor.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const groups = {} as Record<UserRole, UserPoolGroup>;
    for (const role of userRoles) {
      const group = this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: groupDescriptions[role],
      });
      group.applyRemovalPolicy(RemovalPolicy.RETAIN);
      groups[role] = group;
    }
    this.groups = groups;

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.hostedUiUrl = this.domain.baseUrl();
  }

  /**
   * The console's app client. A method rather than part of the constructor because the console's URL
   * (the callback) is the CloudFront distribution's, and the distribution's CSP names the hosted UI.
   * @param consoleUrl where the hosted UI returns after sign-in and sign-out (`https://…/`)
   */
  addConsoleClient(consoleUrl: string): UserPoolClient {
    return new UserPoolClient(this, 'ConsoleClient', {
      userPool: this.userPool,
      generateSecret: false,
      // Hosted UI only: no password or SRP flow on this client, refresh tokens alone (CDK adds ALLOW_REFRESH_TOKEN_AUTH).
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }
}
