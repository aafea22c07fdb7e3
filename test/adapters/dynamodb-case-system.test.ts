import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import type { Interaction } from '../../lambdas/domain/case.ts';
import { aCase } from '../support/case-builder.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const at = '2030-01-03T09:00:00.000Z';
const call = (interactionId: string): Interaction => ({
  at,
  channel: 'phone',
  kind: 'call',
  summary: 'Called back about the double charge',
  interactionId,
  by: 'agent-7',
});

describe('DynamoDbCaseSystem', () => {
  let tables: TestTables;
  let cases: DynamoDbCaseSystem;

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    cases = new DynamoDbCaseSystem(tables.documents, (await tables.fresh()).cases);
  });

  it('adds an interaction once per interaction id, and audits who added it', async () => {
    // Arrange
    await cases.createCase(aCase());
    // Act
    const first = await cases.appendInteraction('case-1', call('call-2'), at);
    const again = await cases.appendInteraction('case-1', call('call-2'), at);
    // Assert
    expect([first, again]).toEqual([
      { appended: true, caseId: 'case-1' },
      { appended: false, caseId: 'case-1' },
    ]);
    const stored = await cases.getCase('case-1');
    expect(stored?.timeline.map((entry) => entry.interactionId)).toEqual(['call-1', 'call-2']);
    expect(stored?.audit).toEqual([
      {
        at,
        actor: 'agent-7',
        action: 'interaction-added',
        after: { channel: 'phone', kind: 'call', interactionId: 'call-2' },
      },
    ]);
    expect(stored?.version).toBe(1);
  });

  it('changes status along the lifecycle with a conditional write, and refuses what it forbids', async () => {
    // Arrange
    await cases.createCase(aCase());
    // Act
    const resolved = await cases.changeCase('case-1', { kind: 'status', to: 'resolved' }, at, 'agent-7');
    const repeat = await cases.changeCase('case-1', { kind: 'status', to: 'resolved' }, at, 'agent-7');
    await cases.changeCase('case-1', { kind: 'status', to: 'closed' }, at, 'agent-7');
    const refused = cases.changeCase('case-1', { kind: 'status', to: 'open' }, at, 'agent-7');
    // Assert
    expect(resolved.changed).toBe(true);
    expect(repeat.changed).toBe(false);
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', retryable: false });
    const stored = await cases.getCase('case-1');
    expect(stored?.status).toBe('closed');
    expect(stored?.audit.map((entry) => entry.action)).toEqual(['status-changed', 'status-changed']);
  });

  it('answers NOT_FOUND for a change to a case that does not exist', async () => {
    // Act
    const attempt = cases.changeCase('case-none', { kind: 'priority', priority: 'P1' }, at, 'agent-7');
    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("finds a party's cases through the index, newest first", async () => {
    // Arrange
    await cases.createCase(aCase({ caseId: 'case-a', createdAt: '2030-01-01T00:00:00.000Z' }));
    await cases.createCase(aCase({ caseId: 'case-b', createdAt: '2030-01-02T00:00:00.000Z', originChannel: 'store' }));
    await cases.createCase(aCase({ caseId: 'case-other', party: { kind: 'customer', customerId: 'C2' } }));
    // Act
    const found = await cases.casesOfParty({ kind: 'customer', customerId: 'C1' }, 10);
    // Assert
    expect(found.map((value) => value.caseId)).toEqual(['case-b', 'case-a']);
  });

  it('merges both cases at once, then passes later appends on to the surviving case', async () => {
    // Arrange
    await cases.createCase(aCase({ caseId: 'case-phone' }));
    await cases.createCase(
      aCase({
        caseId: 'case-social',
        party: { kind: 'social', identity: { network: 'x', userId: 'u1', handle: 'ana' } },
        conversations: ['x:100'],
        timeline: [
          { at: '2030-01-02T09:00:00.000Z', channel: 'social', kind: 'mention', summary: 'hi', mentionId: 'x:100' },
        ],
      }),
    );
    // Act
    const merged = await cases.mergeCases('case-phone', 'case-social', at, 'agent-7');
    const again = await cases.mergeCases('case-phone', 'case-social', at, 'agent-7');
    const passed = await cases.appendInteraction('case-social', call('call-9'), at);
    // Assert
    expect(merged.merged).toBe(true);
    expect(again.merged).toBe(false);
    expect(passed).toEqual({ appended: true, caseId: 'case-phone' });
    const target = await cases.getCase('case-phone');
    expect(target?.timeline.map((entry) => entry.mentionId ?? entry.interactionId)).toEqual([
      'x:100',
      'call-1',
      'call-9',
    ]);
    expect(target?.conversations).toEqual(['x:100']);
    expect((await cases.getCase('case-social'))?.mergedInto).toBe('case-phone');
    // The party index now finds the surviving case under the customer, the merged one is closed.
    const ofSocial = await cases.casesOfParty(
      { kind: 'social', identity: { network: 'x', userId: 'u1', handle: 'ana' } },
      5,
    );
    expect(ofSocial.map((value) => [value.caseId, value.status])).toEqual([['case-social', 'closed']]);
  });
});
