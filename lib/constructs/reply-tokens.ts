import { SecretValue, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ReplyTokens as ReplyTokensSchema, replyEnv } from '../../lambdas/config/reply-settings.ts';

/** The keys of the secret's JSON, as the reply senders read them; both filled in by the operator. */
export const replyTokenKeys = Object.keys(ReplyTokensSchema.shape);

/**
 * The tokens the triage API sends replies with, as one JSON secret: `xUserAccessToken` (X, the brand
 * account's user access token) and `metaPageAccessToken` (the brand Page's access token). The stack
 * creates them empty; the operator fills them in (the README says how). Replies on a network whose token
 * is empty fail with a reason on the reply, and nothing else stops working.
 */
export class ReplyTokens extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Social Service Bridge reply tokens: X user access token, Meta page access token',
      // Empty placeholders: the values are the operator's, never in the template.
      secretObjectValue: Object.fromEntries(replyTokenKeys.map((key) => [key, SecretValue.unsafePlainText('')])),
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'These are access tokens issued by X and Meta to the brand accounts through their OAuth consent screens: only the providers can reissue them, so a rotation Lambda could not rotate them; the README gives the procedure for replacing them.',
    });
  }

  /** GetSecretValue/DescribeSecret on this secret only, and `REPLY_TOKENS_SECRET_ARN` set to its ARN. */
  bindReader(fn: LambdaFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(replyEnv.tokensSecretArn, this.secret.secretArn);
  }
}
