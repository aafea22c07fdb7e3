import { Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { connectCasesActions, connectCasesResourceArns } from '../../lambdas/config/connect-cases-settings.ts';

export interface ConnectCasesAccessProps {
  /** Id of the Connect Cases domain (the last part of its ARN). */
  readonly domainId: string;
}

/**
 * What the bridge may do in Amazon Connect Cases: exactly the `connectCasesActions` the adapter
 * sends (lambdas/config/connect-cases-settings.ts), in one domain.
 * The Service Authorization Reference names the domain `arn:${Partition}:cases:${Region}:${Account}:domain/${DomainId}`
 * and everything in it (cases, related items, fields, templates) below `…/domain/${DomainId}/`;
 * CreateCase, for one, is authorised on the case, the domain, its fields and its template at once.
 */
export class ConnectCasesAccess extends Construct {
  readonly policy: Policy;
  readonly domainArn: string;

  constructor(scope: Construct, id: string, props: ConnectCasesAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const [domainArn, underDomain] = connectCasesResourceArns({
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
      domainId: props.domainId,
    });
    this.domainArn = domainArn;
    this.policy = new Policy(this, 'Policy', {
      statements: [new PolicyStatement({ actions: [...connectCasesActions], resources: [domainArn, underDomain] })],
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cases:<AWS::Region>:<AWS::AccountId>:domain/${props.domainId}/*]`,
      reason:
        'Cases, their related items, and the fields and template a case is created with only exist inside the one configured Connect Cases domain, and are named by ids the service assigns at run time; "/*" is scoped to that domain (its ARN ends in the configured domain id), and the actions are exactly the commands the Connect Cases adapter sends.',
    });
  }

  grantTo(fn: LambdaFunction): void {
    if (fn.role) this.policy.attachToRole(fn.role);
  }
}
