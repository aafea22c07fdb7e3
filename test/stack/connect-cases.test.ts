import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectCasesActions } from '../../lambdas/config/connect-cases-settings.ts';
import { createBridgeApp } from '../../lib/bridge-app.ts';
import { commonEnv, type FunctionId, functions } from '../../lib/definitions.ts';
import type { SocialServiceBridgeStack } from '../../lib/social-service-bridge-stack.ts';
import { connectContext, connectDomainId, connectFieldMap, connectTemplateId } from './connect-context.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

const domainId = connectDomainId;
const connect = connectContext;

/** The context of cdk.json, minus asset bundling: this file checks IAM and environment, not bundles. */
const contextWith = (extra: Record<string, unknown>) => ({
  ...cdkJson.context,
  'aws:cdk:bundling-stacks': [],
  ...extra,
});

const domainArn = (suffix: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cases:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:domain/${domainId}${suffix}`,
    ],
  ],
});

const functionIds = Object.keys(functions) as FunctionId[];

// Act (for the tests below): synthesise the app with Amazon Connect Cases as the case system,
// cdk-nag included.
let stack: SocialServiceBridgeStack;
let template: Template;
let synthError: unknown;
let violations: unknown[] = [];

beforeAll(() => {
  const built = createBridgeApp({ appProps: { context: contextWith(connect) } });
  stack = built.stack;
  template = Template.fromStack(stack);
  try {
    const assembly = built.app.synth();
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    violations = report.pluginReports.flatMap((plugin) => plugin.violations);
  } catch (error) {
    synthError = error;
  }
});

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const roleId = (id: FunctionId) => logicalId(stack.functions[id].role);
const variablesOf = (id: FunctionId) =>
  (
    template.toJSON().Resources[logicalId(stack.functions[id].function)] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }
  ).Properties.Environment.Variables;

describe('Amazon Connect Cases as the case system (context caseSystem=connect)', () => {
  it('grants exactly the actions the adapter sends, in the configured domain only, to escalate, casesApi, customersApi, triageApi and slaMonitor', () => {
    // Arrange
    const actions = [
      'cases:CreateCase',
      'cases:CreateRelatedItem',
      'cases:GetCase',
      'cases:SearchCases',
      'cases:SearchRelatedItems',
      'cases:UpdateCase',
      'cases:UpdateRelatedItem',
    ];

    // Act
    const policyId = logicalId(stack.connectCasesAccess?.policy as IConstruct);

    // Assert
    expect([...connectCasesActions].sort()).toEqual(actions);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: actions, Effect: 'Allow', Resource: [domainArn(''), domainArn('/*')] }],
        Version: '2012-10-17',
      },
      Roles: [
        { Ref: roleId('escalate') },
        { Ref: roleId('casesApi') },
        { Ref: roleId('customersApi') },
        { Ref: roleId('triageApi') },
        { Ref: roleId('slaMonitor') },
      ],
    });
    const withCases = Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) =>
      JSON.stringify(template.toJSON().Resources[id]).includes('"cases:'),
    );
    expect(withCases).toEqual([policyId]);
  });

  it('tells escalate, casesApi, customersApi, triageApi and slaMonitor the domain, template and field map, and no other function', () => {
    // Arrange
    const expected = {
      [commonEnv.caseSystem]: 'connect',
      CONNECT_CASES_DOMAIN_ID: domainId,
      CONNECT_CASES_TEMPLATE_ID: connectTemplateId,
      CONNECT_CASES_FIELD_MAP: JSON.stringify(connectFieldMap),
    };

    // Act
    const told = functionIds.filter((id) => 'CONNECT_CASES_DOMAIN_ID' in variablesOf(id));

    // Assert
    expect(told.sort()).toEqual(['casesApi', 'customersApi', 'escalate', 'slaMonitor', 'triageApi']);
    for (const id of told) expect(variablesOf(id)).toMatchObject(expected);
  });

  it('synthesises with no unacknowledged cdk-nag finding', () => {
    // Assert
    expect(synthError).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it('acknowledges the "/*" under the domain with a reason naming the domain scoping', () => {
    // Arrange
    const policy = stack.connectCasesAccess?.policy as IConstruct;

    // Act
    const acknowledged = policy.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    // Assert
    expect(acknowledged).toHaveLength(1);
    const [id, reason] = acknowledged[0] ?? ['', ''];
    expect(id.replace(/^annotation::/i, '')).toBe(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cases:<AWS::Region>:<AWS::AccountId>:domain/${domainId}/*]`,
    );
    expect(reason).toMatch(/scoped to that domain/);
  });
});

describe('the builtin case store (the default)', () => {
  it('grants no Connect Cases action and sets CASE_SYSTEM=builtin without Connect settings', () => {
    // Arrange
    const built = createBridgeApp({ appProps: { context: contextWith({ connectCasesDomainId: domainId }) } });

    // Act
    const builtin = Template.fromStack(built.stack);

    // Assert
    expect(JSON.stringify(builtin.findResources('AWS::IAM::Policy'))).not.toContain('cases:');
    expect(built.stack.connectCasesAccess).toBeUndefined();
    const variables = Object.values(builtin.findResources('AWS::Lambda::Function')).map(
      (fn) => (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment,
    );
    expect(JSON.stringify(variables)).not.toContain('CONNECT_CASES_');
    expect(variables.filter((environment) => environment.Variables[commonEnv.caseSystem] === 'builtin')).toHaveLength(
      5,
    );
  });
});

describe('context validation', () => {
  it('fails the synth when caseSystem is connect and connectCasesDomainId is missing, saying what to set', () => {
    // Arrange
    const { connectCasesDomainId: _, ...withoutDomain } = connect;

    // Act
    const build = () => createBridgeApp({ appProps: { context: contextWith(withoutDomain) } });

    // Assert
    expect(build).toThrow(
      'context "connectCasesDomainId" is required when caseSystem is "connect": set it to the id of the Amazon Connect Cases domain (the last part of its ARN)',
    );
  });

  it('fails the synth on a domain id that would widen the IAM resource', () => {
    // Act
    const build = () =>
      createBridgeApp({ appProps: { context: contextWith({ ...connect, connectCasesDomainId: '*' }) } });

    // Assert
    expect(build).toThrow(/context "connectCasesDomainId" is invalid/);
  });
});
