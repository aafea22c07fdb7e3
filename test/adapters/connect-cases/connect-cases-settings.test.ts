import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConnectCasesSettings,
  connectCasesActions,
  connectCasesResourceArns,
} from '../../../lambdas/config/connect-cases-settings.ts';
import { ConfigError, loadConfig } from '../../../lambdas/config/load-config.ts';
import { env, fieldMap } from './fixtures.ts';

const withMap = (map: unknown) => ({ ...env, CONNECT_CASES_FIELD_MAP: JSON.stringify(map) });

const failureOf = (values: Record<string, string | undefined>): ConfigError => {
  try {
    loadConfig(ConnectCasesSettings, values);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
};

describe('ConnectCasesSettings', () => {
  it('parses the domain, the template and the field map', () => {
    // Arrange
    const values = env;
    // Act
    const settings = loadConfig(ConnectCasesSettings, values);
    // Assert
    expect(settings).toEqual({
      CONNECT_CASES_DOMAIN_ID: 'domain-1',
      CONNECT_CASES_TEMPLATE_ID: 'template-1',
      CONNECT_CASES_FIELD_MAP: fieldMap,
    });
  });

  it('stops start-up when the field map is not JSON, saying what to set', () => {
    // Arrange
    const values = { ...env, CONNECT_CASES_FIELD_MAP: '{fields: title}' };
    // Act
    const error = failureOf(values);
    // Assert
    expect(error.message).toMatch(
      /^The function cannot start: set CONNECT_CASES_FIELD_MAP: to the JSON field map \(see docs\/connect-cases\.md\); it is not JSON: .+\.$/,
    );
  });

  it('stops start-up when a mapping is missing, naming the field to map', () => {
    // Arrange
    const { partyKey: _left, ...fields } = fieldMap.fields;
    // Act
    const error = failureOf(withMap({ ...fieldMap, fields }));
    // Assert
    expect(error.message).toBe(
      "The function cannot start: set CONNECT_CASES_FIELD_MAP.fields.partyKey: to the id of the Connect Cases field that holds the bridge's party key (a custom single-line text field).",
    );
  });

  it('stops start-up for a status the bridge does not have, and for one left unmapped', () => {
    // Arrange
    const { pending: _left, ...statusValues } = fieldMap.statusValues;
    // Act
    const unknown = failureOf(withMap({ ...fieldMap, statusValues: { ...fieldMap.statusValues, reopened: 'open' } }));
    const unmapped = failureOf(withMap({ ...fieldMap, statusValues }));
    // Assert
    expect(unknown.message).toBe(
      'The function cannot start: set CONNECT_CASES_FIELD_MAP.statusValues: only for the statuses new, open, pending, resolved, closed (not reopened).',
    );
    expect(unmapped.message).toBe(
      'The function cannot start: set CONNECT_CASES_FIELD_MAP.statusValues.pending: to the value of the option of the Connect status field that stands for pending.',
    );
  });

  it("refuses customer_id for the bridge's customer id, a field used twice, and a field Connect fills in", () => {
    // Arrange
    const maps = [
      { ...fieldMap, fields: { ...fieldMap.fields, customerId: 'customer_id' } },
      { ...fieldMap, fields: { ...fieldMap.fields, topic: 'f-priority' } },
      { ...fieldMap, fields: { ...fieldMap.fields, caseId: 'reference_number' } },
    ];
    // Act
    const messages = maps.map((map) => failureOf(withMap(map)).message);
    // Assert
    expect(messages).toEqual([
      "The function cannot start: set CONNECT_CASES_FIELD_MAP.fields.customerId: to a custom text field: customer_id holds a Customer Profiles ARN, not the bridge's customer id.",
      'The function cannot start: set CONNECT_CASES_FIELD_MAP.fields.topic: to a field of its own: f-priority already holds priority.',
      'The function cannot start: set CONNECT_CASES_FIELD_MAP.fields.caseId: to a field the bridge may write: reference_number is filled in by Amazon Connect.',
    ]);
  });

  it('stops start-up without a domain, and without a profile ARN for unlinked social accounts', () => {
    // Arrange
    const { unlinkedProfileArn: _left, ...map } = fieldMap;
    // Act
    const noDomain = failureOf({ ...env, CONNECT_CASES_DOMAIN_ID: ' ' });
    const noProfile = failureOf(withMap(map));
    // Assert
    expect(noDomain.message).toBe(
      'The function cannot start: set CONNECT_CASES_DOMAIN_ID: to the id of the Amazon Connect Cases domain (it is empty).',
    );
    expect(noProfile.message).toBe(
      'The function cannot start: set CONNECT_CASES_FIELD_MAP.unlinkedProfileArn: to the Customer Profiles profile ARN that cases of not-yet-linked social accounts get.',
    );
  });
});

describe('connectCasesActions', () => {
  it('lists exactly the Connect Cases commands the adapter sends', () => {
    // Arrange
    const source = ['connect-cases-case-system.ts']
      .map((file) => readFileSync(new URL(`../../../lambdas/adapters/connect-cases/${file}`, import.meta.url), 'utf8'))
      .join('\n');
    // Act
    const sent = [
      ...[...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]),
      ...[...source.matchAll(/paginate(\w+)\(/g)].map((match) => match[1]),
    ].map((name) => `cases:${name}`);
    // Assert
    expect([...new Set(sent)].sort()).toEqual([...connectCasesActions].sort());
  });

  it('are granted on the domain and everything under it', () => {
    // Arrange
    const where = { partition: 'aws', region: 'eu-west-1', account: '111122223333', domainId: 'domain-1' };
    // Act
    const arns = connectCasesResourceArns(where);
    // Assert
    expect(arns).toEqual([
      'arn:aws:cases:eu-west-1:111122223333:domain/domain-1',
      'arn:aws:cases:eu-west-1:111122223333:domain/domain-1/*',
    ]);
  });
});
