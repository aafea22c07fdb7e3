import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createBridgeApp } from '../../lib/bridge-app.ts';

const endpoint = 'arn:aws:comprehend:eu-west-1:123456789012:document-classifier-endpoint/intents';

describe('Amazon Comprehend, when the operator budgets for it', () => {
  it('lets the escalate function call the detection APIs and the one endpoint, with no unacknowledged finding', () => {
    // Arrange
    const { app, stack } = createBridgeApp({
      appProps: { context: { comprehendDailyCalls: '5000', comprehendClassifierEndpointArn: endpoint } },
    });
    // Act
    const template = Template.fromStack(stack);
    const synth = () => app.synth();
    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [
              'comprehend:DetectDominantLanguage',
              'comprehend:BatchDetectDominantLanguage',
              'comprehend:DetectSentiment',
              'comprehend:BatchDetectSentiment',
              'comprehend:DetectPiiEntities',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
          { Action: 'comprehend:ClassifyDocument', Effect: 'Allow', Resource: endpoint },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { COMPREHEND_DAILY_CALLS: '5000', COMPREHEND_CLASSIFIER_ENDPOINT_ARN: endpoint } },
    });
    expect(synth).not.toThrow();
  });

  it('grants nothing of Comprehend by default', () => {
    const { stack } = createBridgeApp();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toContain('comprehend:');
  });

  it('refuses an endpoint that is not a Comprehend classifier endpoint at synth time', () => {
    const build = () =>
      createBridgeApp({ appProps: { context: { comprehendClassifierEndpointArn: 'arn:aws:s3:::bucket' } } });
    expect(build).toThrow(/context "comprehendClassifierEndpointArn" is invalid/);
  });
});
