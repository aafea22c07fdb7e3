import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  caseJoinSettingsFrom,
  caseSystemFrom,
  consoleSettingsFrom,
  createBridgeApp,
  escalateSettingsFrom,
  slaSettingsFrom,
} from '../../lib/bridge-app.ts';
import { defaultServiceLevels } from '../../lambdas/domain/service-levels.ts';
import { functions } from '../../lib/definitions.ts';
import { connectContext, connectDomainId, connectFieldMap, connectTemplateId } from './connect-context.ts';

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

describe('case-join windows from CDK context', () => {
  it('defaults to caseJoinDefaults: 30 days for an open case to take a contact, 7 days to reopen', () => {
    // Arrange
    const app = new App();

    // Act
    const settings = caseJoinSettingsFrom(app);

    // Assert
    expect(settings).toEqual({ openCaseWindowHours: 720, reopenWindowHours: 168 });
  });

  it('reads openCaseWindowHours and reopenWindowHours, as numbers or strings', () => {
    // Arrange
    const app = new App({ context: { openCaseWindowHours: '48', reopenWindowHours: 0 } });

    // Act
    const settings = caseJoinSettingsFrom(app);

    // Assert
    expect(settings).toEqual({ openCaseWindowHours: 48, reopenWindowHours: 0 });
  });

  it.each([
    ['openCaseWindowHours', 0],
    ['openCaseWindowHours', 'a week'],
    ['reopenWindowHours', -1],
  ])('refuses %s = %j at synth time, naming the context key', (key, value) => {
    // Arrange
    const app = new App({ context: { [key]: value } });

    // Act
    const read = () => caseJoinSettingsFrom(app);

    // Assert
    expect(read).toThrow(new RegExp(`context "${key}" is invalid: set it to the hours`));
  });
});

describe('case-join windows in the stack', () => {
  it('reach escalate, casesApi and triageApi as OPEN_CASE_WINDOW_HOURS and REOPEN_WINDOW_HOURS, and no other function', () => {
    // Arrange
    const context = { 'aws:cdk:bundling-stacks': [], openCaseWindowHours: '96', reopenWindowHours: '24' };
    const { stack } = createBridgeApp({ appProps: { context } });

    // Act
    const withWindows = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .map(
        (fn) =>
          (fn as { Properties: { Description: string; Environment: { Variables: Record<string, string> } } })
            .Properties,
      )
      .filter((properties) => 'OPEN_CASE_WINDOW_HOURS' in properties.Environment.Variables);

    // Assert
    expect(withWindows.map((properties) => properties.Description).sort()).toEqual(
      [functions.casesApi.description, functions.escalate.description, functions.triageApi.description].sort(),
    );
    for (const properties of withWindows) {
      expect(properties.Environment.Variables).toMatchObject({
        OPEN_CASE_WINDOW_HOURS: '96',
        REOPEN_WINDOW_HOURS: '24',
      });
    }
  });
});

describe('case system from CDK context', () => {
  it('is the builtin case store when caseSystem is unset or "builtin"', () => {
    // Arrange
    const apps = [new App(), new App({ context: { caseSystem: 'builtin', connectCasesDomainId: 'ignored' } })];

    // Act
    const choices = apps.map(caseSystemFrom);

    // Assert
    expect(choices).toEqual([{ kind: 'builtin' }, { kind: 'builtin' }]);
  });

  it('is Amazon Connect Cases with its domain, template and field map when caseSystem is "connect"', () => {
    // Arrange
    const app = new App({ context: connectContext });

    // Act
    const choice = caseSystemFrom(app);

    // Assert
    expect(choice).toEqual({
      kind: 'connect',
      domainId: connectDomainId,
      templateId: connectTemplateId,
      fieldMap: JSON.stringify(connectFieldMap),
    });
  });

  it('takes a field map written as an object in cdk.json, as JSON', () => {
    // Arrange
    const app = new App({ context: { ...connectContext, connectCasesFieldMap: connectFieldMap } });

    // Act
    const choice = caseSystemFrom(app);

    // Assert
    expect(choice).toMatchObject({ fieldMap: JSON.stringify(connectFieldMap) });
  });

  it('refuses "connect" without a domain id, saying what to set', () => {
    // Arrange
    const { connectCasesDomainId: _, ...withoutDomain } = connectContext;
    const app = new App({ context: withoutDomain });

    // Act
    const read = () => caseSystemFrom(app);

    // Assert
    expect(read).toThrow(
      'context "connectCasesDomainId" is required when caseSystem is "connect": set it to the id of the Amazon Connect Cases domain (the last part of its ARN)',
    );
  });

  it('names every missing setting at once', () => {
    // Arrange
    const app = new App({ context: { caseSystem: 'connect' } });

    // Act
    const read = () => caseSystemFrom(app);

    // Assert
    expect(read).toThrow(
      /"connectCasesDomainId" is required[^;]*; context "connectCasesTemplateId" is required[^;]*; context "connectCasesFieldMap" is required/,
    );
  });

  it.each([
    ['connectCasesDomainId', '*', /context "connectCasesDomainId" is invalid: .*\(letters, digits and hyphens only\)/],
    ['connectCasesDomainId', 'abc/*', /context "connectCasesDomainId" is invalid/],
    ['connectCasesTemplateId', 'a b', /context "connectCasesTemplateId" is invalid/],
    [
      'connectCasesFieldMap',
      '{fields: title}',
      /context "connectCasesFieldMap" is invalid: set it to the JSON field map .*it is not JSON/,
    ],
    [
      'connectCasesFieldMap',
      JSON.stringify({ ...connectFieldMap, fields: { ...connectFieldMap.fields, bridgeState: '' } }),
      /context "connectCasesFieldMap" is invalid at fields\.bridgeState: set it to the id of the Connect Cases field/,
    ],
  ])('refuses %s = %j with the reason the adapter would give', (key, value, message) => {
    // Arrange
    const app = new App({ context: { ...connectContext, [key]: value } });

    // Act
    const read = () => caseSystemFrom(app);

    // Assert
    expect(read).toThrow(message);
  });

  it('refuses a case system it does not know', () => {
    // Arrange
    const app = new App({ context: { caseSystem: 'salesforce' } });

    // Act
    const read = () => caseSystemFrom(app);

    // Assert
    expect(read).toThrow(
      'context "caseSystem" is invalid: set it to "builtin" (the DynamoDB case store) or "connect" (Amazon Connect Cases), not "salesforce"',
    );
  });
});

describe('console settings from CDK context', () => {
  it('derives the hosted-UI prefix and holds replies for approval when nothing is set', () => {
    // Arrange
    const app = new App();

    // Act
    const settings = consoleSettingsFrom(app);

    // Assert
    expect(settings).toEqual({ cognitoDomainPrefix: undefined, replyApprovalRequired: true });
  });

  it.each([
    [false, false],
    ['false', false],
    [true, true],
    ['true', true],
  ])('reads replyApprovalRequired = %j as %s', (value, expected) => {
    // Arrange
    const app = new App({ context: { replyApprovalRequired: value } });

    // Act
    const settings = consoleSettingsFrom(app);

    // Assert
    expect(settings.replyApprovalRequired).toBe(expected);
  });

  it('takes a valid cognitoDomainPrefix as it is', () => {
    // Arrange
    const app = new App({ context: { cognitoDomainPrefix: 'acme-social-care' } });

    // Act
    const settings = consoleSettingsFrom(app);

    // Assert
    expect(settings.cognitoDomainPrefix).toBe('acme-social-care');
  });

  it.each([
    ['Acme', /set it to 1 to 63 lower-case letters, digits and hyphens/],
    ['-acme', /not starting or ending with a hyphen/],
    ['my-aws-console', /set it to a prefix without the reserved word "aws"/],
    ['cognito-acme', /without the reserved word "cognito"/],
  ])('refuses cognitoDomainPrefix = %j at synth time, saying what to set', (value, message) => {
    // Arrange
    const app = new App({ context: { cognitoDomainPrefix: value } });

    // Act
    const read = () => consoleSettingsFrom(app);

    // Assert
    expect(read).toThrow(/^context "cognitoDomainPrefix" is invalid: /);
    expect(read).toThrow(message);
  });

  it('refuses a replyApprovalRequired that is not true or false', () => {
    // Arrange
    const app = new App({ context: { replyApprovalRequired: 'yes' } });

    // Act
    const read = () => consoleSettingsFrom(app);

    // Assert
    expect(read).toThrow(
      'context "replyApprovalRequired" is invalid: set it to true (a lead approves each reply) or false, not "yes"',
    );
  });
});

describe('SLA settings from CDK context', () => {
  it('defaults to the default service levels, a 24-hour lead time, 30 minutes or half the time, and 5 breaches an hour', () => {
    // Arrange
    const app = new App();

    // Act
    const settings = slaSettingsFrom(app);

    // Assert
    expect(JSON.parse(settings.serviceLevels)).toEqual(defaultServiceLevels);
    expect(settings).toMatchObject({
      fulfilmentLeadHours: 24,
      dueSoonMinutes: 30,
      dueSoonShare: 0.5,
      slaBreachAlarmThreshold: 5,
    });
  });

  it('takes service levels written as an object in cdk.json, and numbers given as strings', () => {
    // Arrange
    const levels = { ...defaultServiceLevels, P1: { firstResponseMinutes: 10, resolutionMinutes: 120 } };
    const app = new App({
      context: { serviceLevels: levels, dueSoonMinutes: '20', dueSoonShare: '0.25', slaBreachAlarmThreshold: '0' },
    });

    // Act
    const settings = slaSettingsFrom(app);

    // Assert
    expect(JSON.parse(settings.serviceLevels)).toEqual(levels);
    expect(settings).toMatchObject({ dueSoonMinutes: 20, dueSoonShare: 0.25, slaBreachAlarmThreshold: 0 });
  });

  it('says which part of the service levels is wrong', () => {
    // Arrange
    const app = new App({ context: { serviceLevels: { ...defaultServiceLevels, P1: { firstResponseMinutes: 10 } } } });

    // Act
    const read = () => slaSettingsFrom(app);

    // Assert
    expect(read).toThrow(/^context "serviceLevels" is invalid at P1\.resolutionMinutes: /);
  });

  it.each([
    ['serviceLevels', 'fast'],
    ['dueSoonShare', 1.5],
    ['dueSoonMinutes', 0],
    ['slaBreachAlarmThreshold', 2.5],
    ['slaBreachAlarmThreshold', -1],
  ])('refuses %s = %j at synth time, naming the context key', (key, value) => {
    // Arrange
    const app = new App({ context: { [key]: value } });

    // Act
    const read = () => slaSettingsFrom(app);

    // Assert
    expect(read).toThrow(new RegExp(`context "${key}" is invalid: set it to`));
  });
});
