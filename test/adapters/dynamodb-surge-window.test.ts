import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbSurgeWindow } from '../../lambdas/adapters/dynamodb-surge-window.ts';
import {
  defaultSurgePolicy,
  emptyWindow,
  joinWindow,
  type SurgeDecision,
  type SurgeWindowState,
  surgeTermsOf,
  windowExpiry,
} from '../../lambdas/domain/surge.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

// In 2030: DynamoDB Local deletes items whose TTL has passed by the real clock.
const at = (second: number): string => new Date(Date.UTC(2030, 0, 2, 10, 0, second)).toISOString();
const policy = { ...defaultSurgePolicy, threshold: 5 };

let tables: TestTables;
let names: TableNames;
let windows: DynamoDbSurgeWindow;

/** What a consumer does: read, decide, compare-and-set, again until its write lands. */
const count = async (id: string, text: string, when: string): Promise<SurgeDecision> => {
  for (;;) {
    const { state, version } = await windows.read('outage-technical');
    const step = joinWindow(
      state,
      { mentionId: id, at: when, conversation: id, terms: surgeTermsOf(text, { urgencySignals: ['outage'] }) },
      policy,
    );
    if (!step.changed) return step.decision;
    if (await windows.write(step.state, version, windowExpiry(step.state, when, policy))) return step.decision;
  }
};

describe('DynamoDbSurgeWindow (DynamoDB Local)', () => {
  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => {
    await tables?.stop();
  });
  beforeEach(async () => {
    names = await tables.fresh();
    windows = new DynamoDbSurgeWindow(tables.documents, names.lookups);
  });

  it('reads an empty window at version 0 for a lane never written', async () => {
    // Act / Assert
    expect(await windows.read('billing')).toEqual({ state: emptyWindow('billing'), version: 0 });
  });

  it('writes a window with its TTL and reads it back at the next version', async () => {
    // Arrange
    const state: SurgeWindowState = joinWindow(
      emptyWindow('billing'),
      { mentionId: 'x:1', at: at(0), conversation: 'x:1', terms: ['charg', 'twice'] },
      policy,
    ).state;
    // Act
    const written = await windows.write(state, 0, new Date('2030-01-02T10:15:00.000Z'));
    // Assert
    expect(written).toBe(true);
    expect(await windows.read('billing')).toEqual({ state, version: 1 });
    const { Item } = await tables.documents.send(
      new GetCommand({ TableName: names.lookups, Key: { lookupKey: 'surge#billing' }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({
      lane: 'billing',
      version: 1,
      expiresAt: Date.parse('2030-01-02T10:15:00.000Z') / 1000,
    });
  });

  it('refuses a write from a stale read, and a second first write', async () => {
    // Arrange
    const state = emptyWindow('billing');
    await windows.write(state, 0, new Date('2030-01-02T10:15:00.000Z'));
    await windows.write(state, 1, new Date('2030-01-02T10:15:00.000Z'));
    // Act
    const stale = await windows.write(state, 1, new Date('2030-01-02T10:15:00.000Z'));
    const firstAgain = await windows.write(state, 0, new Date('2030-01-02T10:15:00.000Z'));
    // Assert
    expect([stale, firstAgain]).toEqual([false, false]);
    expect((await windows.read('billing')).version).toBe(2);
  });

  it('lets consumers counting at once agree on one threshold crossing and one incident', async () => {
    // Act: 30 mentions of one outage counted by 30 concurrent consumers.
    const texts = ['app is down', 'the app is down again', 'site down, app down', 'app down for everyone?'];
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => count(`x:${i}`, texts[i % texts.length] ?? '', at(i))),
    );
    // Assert
    const opened = decisions.filter((decision) => decision.kind === 'open');
    expect(opened).toHaveLength(1);
    expect(decisions.filter((decision) => decision.kind === 'none')).toHaveLength(policy.threshold - 1);
    expect(decisions.filter((decision) => decision.kind === 'attach')).toHaveLength(30 - policy.threshold);
    const incidentIds = new Set(
      decisions.flatMap((decision) => (decision.kind === 'none' ? [] : [decision.incident.caseId])),
    );
    expect(incidentIds.size).toBe(1);
    const { state, version } = await windows.read('outage-technical');
    expect(version).toBe(30);
    expect(state.groups).toHaveLength(1);
    expect(state.groups[0]?.samples).toBe(30);
    expect(state.groups[0]?.members).toHaveLength(policy.threshold);
  });
});
