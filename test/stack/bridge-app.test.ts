import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { escalateSettingsFrom } from '../../lib/bridge-app.ts';

describe('escalate settings from CDK context', () => {
  it('defaults to no brand accounts, a 0.6 confidence threshold and a 72-hour duplicate window', () => {
    // Arrange
    const app = new App();

    // Act
    const settings = escalateSettingsFrom(app);

    // Assert
    expect(settings).toEqual({
      brandAccountIds: '',
      caseConfidenceThreshold: 0.6,
      duplicateWindowHours: 72,
      comprehendDailyCalls: 0,
      comprehendClassifierEndpointArn: '',
    });
  });

  it('tidies brand account ids given as a string or as a list', () => {
    // Arrange
    const fromString = new App({ context: { brandAccountIds: ' 1001, ,1002 ,' } });
    const fromList = new App({ context: { brandAccountIds: [1001, ' 1002 '] } });

    // Act
    const ids = [escalateSettingsFrom(fromString), escalateSettingsFrom(fromList)].map((s) => s.brandAccountIds);

    // Assert
    expect(ids).toEqual(['1001,1002', '1001,1002']);
  });

  it('reads numbers given as strings, as `cdk deploy -c key=value` passes them', () => {
    // Arrange
    const app = new App({ context: { caseConfidenceThreshold: '0.75', duplicateWindowHours: '96' } });

    // Act
    const settings = escalateSettingsFrom(app);

    // Assert
    expect(settings).toMatchObject({ caseConfidenceThreshold: 0.75, duplicateWindowHours: 96 });
  });

  it.each([
    ['caseConfidenceThreshold', 1.5],
    ['caseConfidenceThreshold', 'high'],
    ['duplicateWindowHours', 24],
    ['duplicateWindowHours', 24 * 31],
  ])('refuses %s = %j at synth time rather than at the first Lambda start', (key, value) => {
    // Arrange
    const app = new App({ context: { [key]: value } });

    // Act
    const read = () => escalateSettingsFrom(app);

    // Assert
    expect(read).toThrow(new RegExp(`context "${key}" is invalid: set it to the`));
  });
});
