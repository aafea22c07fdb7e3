import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createBridgeApp } from '../../lib/bridge-app.ts';

const endpoint = 'arn:aws:comprehend:eu-west-1:123456789012:document-classifier-endpoint/intents';
/** No asset bundling: these tests read IAM and environment, not bundles (social-service-bridge-stack.test.ts checks those). */
const noBundling = { 'aws:cdk:bundling-stacks': [] };

describe('Amazon Comprehend, when the operator budgets for it', () => {
  it('lets the escalate function call the detection APIs and the one endpoint, with no unacknowledged finding', () => {
    // Arrange
    const { app, stack } = createBridgeApp({
      appProps: { context: { ...noBundling, comprehendDailyCalls: '5000', comprehendClassifierEndpointArn: endpoint } },
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
    const { stack } = createBridgeApp({ appProps: { context: noBundling } });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toContain('comprehend:');
  });

  it('refuses an endpoint that is not a Comprehend classifier endpoint at synth time', () => {
    const build = () =>
      createBridgeApp({
        appProps: { context: { ...noBundling, comprehendClassifierEndpointArn: 'arn:aws:s3:::bucket' } },
      });
    expect(build).toThrow(/context "comprehendClassifierEndpointArn" is invalid/);
  });
});
