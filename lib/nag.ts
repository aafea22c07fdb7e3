import { type Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Runs the cdk-nag AWS Solutions pack as a CDK policy-validation plugin (cdk-nag 3): it checks the
 * construct tree after synthesis, and any unacknowledged error fails the synth. Findings are
 * acknowledged where the resource is made, with `Validations.of(construct).acknowledge({ id, reason })`;
 * the acknowledgements are also written into the template's Metadata (`cdk_nag.rules_to_suppress`)
 * as an audit trail.
 */
export const addNagChecks = (stage: Stage): void => {
  Validations.of(stage).addPlugins(
    new AwsSolutionsChecks(stage, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
};
