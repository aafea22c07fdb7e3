import { Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ComprehendAccessProps {
  /** The custom classifier endpoint, when one is configured; empty for none. */
  readonly endpointArn: string;
}

/**
 * What the escalate function may ask of Amazon Comprehend when the operator budgets for it: the
 * detection APIs of the cascade, and ClassifyDocument on the one configured endpoint.
 */
export class ComprehendAccess extends Construct {
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: ComprehendAccessProps) {
    super(scope, id);
    this.policy = new Policy(this, 'Policy', {
      statements: [
        new PolicyStatement({
          actions: [
            'comprehend:DetectDominantLanguage',
            'comprehend:BatchDetectDominantLanguage',
            'comprehend:DetectSentiment',
            'comprehend:BatchDetectSentiment',
            'comprehend:DetectPiiEntities',
          ],
          resources: ['*'],
        }),
        ...(props.endpointArn
          ? [new PolicyStatement({ actions: ['comprehend:ClassifyDocument'], resources: [props.endpointArn] })]
          : []),
      ],
    });
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Comprehend’s detection APIs (DetectDominantLanguage, DetectSentiment, DetectPiiEntities and their batch forms) act on text, not on a resource, and accept no resource-level permission, so AWS requires Resource "*"; ClassifyDocument is limited to the configured endpoint.',
    });
  }

  grantTo(fn: LambdaFunction): void {
    if (fn.role) this.policy.attachToRole(fn.role);
  }
}
