import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCaseSystem } from '../../lambdas/adapters/dynamodb-case-system.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';
import { RoutingRules } from '../../lambdas/domain/routing-rules.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import { createTeamIntakeHandler } from '../../lambdas/handlers/team-intake.ts';
import { LocalTeamQueues } from '../../lambdas/local/local-team-queues.ts';
import type { CaseSystem } from '../../lambdas/ports/case-system.ts';
import { claimNextCase } from '../../lambdas/use-cases/claim-next-case.ts';
import { routeCase } from '../../lambdas/use-cases/route-case.ts';
import { contextFor } from '../support/api-event.ts';
import { aCase } from '../support/case-builder.ts';
import { fixedClock, sqsEvent } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const clock = fixedClock('2030-01-09T12:00:00.000Z');
const message = (caseId: string, queue = 'billing') => JSON.stringify({ caseId, queue });

describe('team-intake handler (DynamoDB Local)', () => {
  let tables: TestTables;
  let cases: DynamoDbCaseSystem;

  const handlerWith = (caseSystem: CaseSystem = cases) =>
    createTeamIntakeHandler({ cases: caseSystem, clock }, observability('team-intake'));

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    const names = await tables.fresh();
    cases = new DynamoDbCaseSystem(tables.documents, names.cases);
    await cases.createCase(aCase({ caseId: 'case-1' }));
    await cases.createCase(aCase({ caseId: 'case-2' }));
  });

  it('puts every case of the batch in its work order', async () => {
    // Act
    const reply = await handlerWith()(sqsEvent([message('case-1'), message('case-2')]), contextFor('teamIntake'));
    // Assert
    expect(reply).toEqual({ batchItemFailures: [] });
    expect((await cases.waitingIn('billing', 10)).map((value) => value.caseId).sort()).toEqual(['case-1', 'case-2']);
  });

  it('reports only the records that failed; the others are taken in once', async () => {
    // Arrange: not JSON, a message without a case id, a case that does not exist, and a store hiccup on case-2.
    const flaky: CaseSystem = Object.assign(Object.create(cases) as CaseSystem, {
      changeCase: async (...args: Parameters<CaseSystem['changeCase']>) => {
        if (args[0] === 'case-2') {
          throw new DomainError('DEPENDENCY_UNAVAILABLE', 'ProvisionedThroughputExceededException', {
            retryable: true,
          });
        }
        return cases.changeCase(...args);
      },
    });
    const event = sqsEvent([
      message('case-1'),
      'not json',
      JSON.stringify({ queue: 'billing' }),
      message('case-404'),
      message('case-2'),
    ]);
    // Act
    const reply = await handlerWith(flaky)(event, contextFor('teamIntake'));
    // Assert: records are processed concurrently, so failures come in any order; SQS needs only the set.
    expect(reply.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'msg-1',
      'msg-2',
      'msg-3',
      'msg-4',
    ]);
    expect((await cases.waitingIn('billing', 10)).map((value) => value.caseId)).toEqual(['case-1']);

    // Act: SQS redelivers case-2 (and case-1 again), now that the store answers.
    const retry = await handlerWith()(sqsEvent([message('case-2'), message('case-1')], 2), contextFor('teamIntake'));
    // Assert
    expect(retry).toEqual({ batchItemFailures: [] });
    expect((await cases.getCase('case-1'))?.audit.map((entry) => entry.action)).toEqual(['queued']);
    expect((await cases.waitingIn('billing', 10)).map((value) => value.caseId).sort()).toEqual(['case-1', 'case-2']);
  });

  it('runs behind the local team queues: routed, taken in, claimed', async () => {
    // Arrange
    const rules = RoutingRules.parse({
      fallback: 'care',
      queues: [
        { name: 'care', timeZone: 'UTC', hours: '24x7' },
        { name: 'billing', timeZone: 'Europe/London', hours: '24x7' },
      ],
      rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'billing' }],
    });
    const teamQueues = new LocalTeamQueues(['care', 'billing'], {
      visibilityTimeoutMs: 1_000,
      maxReceiveCount: 3,
      batchSize: 10,
      maxBatchingWindowMs: 0,
      concurrency: 2,
    });
    const handler = handlerWith();
    teamQueues.start((event) => handler(event, contextFor('teamIntake')));
    try {
      // Act
      await routeCase('case-1', { cases, work: cases, teamQueues, clock }, rules);
      await teamQueues.whenIdle();
      const claimed = await claimNextCase('billing', 'ana', { cases, work: cases, clock });
      // Assert
      expect(teamQueues.stats().billing).toMatchObject({ received: 1, deleted: 1, deadLettered: 0 });
      expect(teamQueues.stats().care).toMatchObject({ received: 0 });
      expect(claimed).toMatchObject({ caseId: 'case-1', assignee: 'ana', queue: 'billing' });
    } finally {
      await teamQueues.stop();
    }
  });
});
