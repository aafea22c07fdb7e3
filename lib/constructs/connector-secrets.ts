import { Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { commonEnv } from '../definitions.ts';

/**
 * The secrets shared with X and Meta, as one JSON secret: `xConsumerSecret` and `metaAppSecret`
 * are the operator's to fill in (the README says how); `metaVerifyToken` is generated. Until the
 * two are set the webhooks function refuses to start, naming what is missing.
 */
export class ConnectorSecrets extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Social Service Bridge webhook secrets: X consumer secret, Meta app secret, Meta verify token',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ xConsumerSecret: '', metaAppSecret: '' }),
        generateStringKey: 'metaVerifyToken',
        passwordLength: 32,
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'These are secrets issued by X and Meta (consumer secret, app secret) and a verify token typed into the Meta app: they change only when the providers reissue them, so a rotation Lambda could not rotate them; the README gives the procedure.',
    });
  }

  /** GetSecretValue/DescribeSecret on this secret only, and `CONNECTOR_SECRET_ARN` set to its ARN. */
  bindReader(fn: LambdaFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment(commonEnv.connectorSecretArn, this.secret.secretArn);
  }
}
