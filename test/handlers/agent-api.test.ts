import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { LocalOutbox } from '../../lambdas/local/local-outbox.ts';
import { closingTheLoop } from '../../lambdas/use-cases/after-resolution.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import { RoutingRules } from '../../lambdas/domain/routing-rules.ts';
import { createAgentApiHandler } from '../../lambdas/handlers/agent-api.ts';
import type { HttpLambda } from '../../lambdas/handlers/http-handler.ts';
import { observability } from '../../lambdas/handlers/observability.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import { routeCase } from '../../lambdas/use-cases/route-case.ts';
import { takeIntoTeamQueue } from '../../lambdas/use-cases/team-intake.ts';
import { apiEvent, contextFor } from '../support/api-event.ts';
import { aCase } from '../support/case-builder.ts';
import { fixedClock } from '../support/escalate-wiring.ts';
import { startTestTables, type TestTables } from '../support/test-tables.ts';

const clock = fixedClock('2030-01-09T12:00:00.000Z');
const rules = RoutingRules.parse({
  fallback: 'care',
  queues: [
    { name: 'care', timeZone: 'Europe/London', hours: '24x7' },
    { name: 'billing', timeZone: 'Europe/London', hours: { mon: ['09:00-17:00'] } },
  ],
  rules: [{ name: 'billing', when: { topic: 'billing' }, queue: 'billing' }],
});

/** A request as API Gateway passes it after the JWT authorizer vouched for the user. */
const asUser = (
  user: string | undefined,
  groups: string,
  routeKey: string,
  options: Parameters<typeof apiEvent>[1] = {},
): APIGatewayProxyEventV2 => {
  const event = apiEvent(routeKey, options);
  if (user === undefined) return event;
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: { 'cognito:username': user, 'cognito:groups': groups }, scopes: null } },
    } as APIGatewayProxyEventV2['requestContext'],
  };
};

const bodyOf = (reply: APIGatewayProxyStructuredResultV2) => JSON.parse(reply.body ?? 'null');

describe('agent API (DynamoDB Local)', () => {
  let tables: TestTables;
  let handler: HttpLambda;
  let stores: ReturnType<typeof dynamoDbPorts>;

  const call = (event: APIGatewayProxyEventV2) => handler(event, contextFor('agentApi'));

  beforeAll(async () => {
    tables = await startTestTables();
  }, 120_000);
  afterAll(async () => tables?.stop());
  beforeEach(async () => {
    const names = await tables.fresh();
    stores = dynamoDbPorts(tables.documents, names, clock);
    const events = new LocalEventLog();
    handler = createAgentApiHandler(
      {
        cases: stores.cases,
        work: stores.cases,
        holds: stores.holds,
        events,
        clock,
        afterResolution: closingTheLoop(
          {
            replies: new DynamoDbReplyStore(tables.documents, names.replies),
            sender: new LocalOutbox(),
            clock,
            ...stores,
          },
          { approvalRequired: true },
        ),
      },
      rules,
      observability('agent-api'),
    );
    // One case routed (the billing team is closed on Wednesdays, so to care) and taken into care's work order.
    await stores.cases.createCase(aCase({ caseId: 'case-1' }));
    const teamQueues = {
      enqueue: async (queue: string, caseId: string) => {
        await takeIntoTeamQueue({ queue, caseId }, { cases: stores.cases, clock });
      },
    };
    await routeCase('case-1', { cases: stores.cases, work: stores.cases, teamQueues, clock }, rules);
  });

  it('refuses a request without a user (401) and a user without an agent role (403)', async () => {
    // Act
    const anonymous = await call(asUser(undefined, '', 'GET /agent/queues'));
    const social = await call(asUser('sam', '[social]', 'GET /agent/queues'));
    // Assert
    expect(anonymous.statusCode).toBe(401);
    expect(social.statusCode).toBe(403);
    expect(bodyOf(social)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'sam may not do this: it needs the role agent or lead, and they have social',
    });
  });

  it('lists the queues with what waits and whether they are open', async () => {
    // Act
    const reply = await call(asUser('ana', '[agent]', 'GET /agent/queues'));
    // Assert
    expect(reply.statusCode).toBe(200);
    expect(bodyOf(reply)).toEqual({
      queues: [
        { queue: 'care', waiting: 1, more: false, open: true, timeZone: 'Europe/London' },
        { queue: 'billing', waiting: 0, more: false, open: false, timeZone: 'Europe/London' },
      ],
    });
  });

  it('claims the next case with its routing explanation, then answers 204 when none waits', async () => {
    // Act
    const first = await call(
      asUser('ana', '[agent]', 'POST /agent/queues/{queue}/claim', { pathParameters: { queue: 'care' } }),
    );
    const second = await call(
      asUser('ben', '[agent]', 'POST /agent/queues/{queue}/claim', { pathParameters: { queue: 'care' } }),
    );
    const unknown = await call(
      asUser('ben', '[agent]', 'POST /agent/queues/{queue}/claim', { pathParameters: { queue: 'payroll' } }),
    );
    // Assert
    expect(first.statusCode).toBe(200);
    expect(bodyOf(first)).toMatchObject({
      caseId: 'case-1',
      assignee: 'ana',
      queue: 'care',
      routing: {
        rule: 'billing',
        queue: 'care',
        reason:
          'rule "billing" (topic billing) → billing; billing is closed (Europe/London, Wed 12:00); after hours → fallback care',
      },
      customerTimeline: [expect.objectContaining({ caseId: 'case-1', summary: 'Charged twice' })],
    });
    expect(second.statusCode).toBe(204);
    expect(second.body).toBeUndefined();
    expect(unknown.statusCode).toBe(404);
  });

  it('adds a note once per idempotency key, releases for the holder or a lead only, and resolves', async () => {
    // Arrange
    await call(asUser('ana', '[agent]', 'POST /agent/queues/{queue}/claim', { pathParameters: { queue: 'care' } }));
    const path = { pathParameters: { id: 'case-1' } };
    const note = { ...path, body: JSON.stringify({ text: 'Called back' }), headers: { 'idempotency-key': 'n-1' } };
    // Act
    const noted = await call(asUser('ana', '[agent]', 'POST /agent/cases/{id}/notes', note));
    const notedAgain = await call(asUser('ana', '[agent]', 'POST /agent/cases/{id}/notes', note));
    const releasedByBen = await call(asUser('ben', '[agent]', 'POST /agent/cases/{id}/release', path));
    const releasedByLead = await call(asUser('lee', '[lead]', 'POST /agent/cases/{id}/release', path));
    const resolved = await call(
      asUser('ana', '[agent]', 'POST /agent/cases/{id}/resolve', {
        ...path,
        body: JSON.stringify({ note: 'Refunded' }),
      }),
    );
    const read = await call(asUser('ana', '[agent]', 'GET /agent/cases/{id}', path));
    // Assert
    expect([noted.statusCode, notedAgain.statusCode]).toEqual([201, 200]);
    expect(releasedByBen.statusCode).toBe(403);
    expect(releasedByLead.statusCode).toBe(200);
    expect(bodyOf(releasedByLead).case.assignee).toBeUndefined();
    expect(resolved.statusCode).toBe(200);
    expect(bodyOf(read)).toMatchObject({ status: 'resolved' });
    expect(
      bodyOf(read).timeline.map((entry: { kind: string; by?: string }) => `${entry.kind}:${entry.by ?? ''}`),
    ).toEqual(['call:', 'note:ana']);
  });
});
