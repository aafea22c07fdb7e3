import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeEventPublisher } from '../../lambdas/adapters/eventbridge-event-publisher.ts';
import type { BridgeEvent } from '../../lambdas/domain/bridge-event.ts';
import { DomainError } from '../../lambdas/domain/errors.ts';

const busName = 'SocialServiceBridgeEventsBus';
const eventBridge = mockClient(EventBridgeClient);
const publisher = new EventBridgeEventPublisher(new EventBridgeClient({ region: 'eu-west-1' }), busName);

const holdStarted: BridgeEvent = {
  id: 'customer.service-hold:c-1:started:2030-03-01T09:00:00.000Z',
  type: 'customer.service-hold',
  at: '2030-03-01T09:00:01.000Z',
  detail: { customerId: 'c-1', state: 'started', since: '2030-03-01T09:00:00.000Z', caseIds: ['case-1'] },
};

const contacted = (n: number): BridgeEvent => ({
  id: `case.customer-contacted:case-1:x:${n}`,
  type: 'case.customer-contacted',
  at: `2030-03-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  detail: { caseId: 'case-1', customerId: 'c-1', channel: 'x', mentionId: `x:${n}` },
});

/** What EventBridge answers when it takes every entry of a request. */
const acceptAll = (input: { Entries?: unknown[] }) => ({
  FailedEntryCount: 0,
  Entries: (input.Entries ?? []).map((_, index) => ({ EventId: `eb-${index}` })),
});

/** The error publish() threw, or undefined when it resolved. */
const failureOf = async (events: readonly BridgeEvent[]): Promise<DomainError | undefined> => {
  try {
    await publisher.publish(events);
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
};

describe('EventBridgeEventPublisher', () => {
  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(acceptAll);
  });

  it('puts one event on the bus with our source, its type, its id and time inside the detail', async () => {
    // Arrange
    const event = holdStarted;

    // Act
    await publisher.publish([event]);

    // Assert
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Entries: [
        {
          Source: 'social-service-bridge',
          DetailType: 'customer.service-hold',
          Detail: JSON.stringify({
            id: 'customer.service-hold:c-1:started:2030-03-01T09:00:00.000Z',
            at: '2030-03-01T09:00:01.000Z',
            customerId: 'c-1',
            state: 'started',
            since: '2030-03-01T09:00:00.000Z',
            caseIds: ['case-1'],
          }),
          Time: new Date('2030-03-01T09:00:01.000Z'),
          EventBusName: busName,
        },
      ],
    });
  });

  it('sends 23 events in requests of 10, 10 and 3, in order', async () => {
    // Arrange
    const events = Array.from({ length: 23 }, (_, n) => contacted(n));

    // Act
    await publisher.publish(events);

    // Assert
    const requests = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(requests.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(requests.flat().map((entry) => JSON.parse(entry.Detail ?? '{}').id)).toEqual(events.map((e) => e.id));
    expect(requests.flat().every((entry) => entry.EventBusName === busName)).toBe(true);
  });

  it('sends nothing when there is nothing to publish', async () => {
    // Act
    await publisher.publish([]);

    // Assert
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('throws a retryable DEPENDENCY_UNAVAILABLE naming the entries the bus refused', async () => {
    // Arrange
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { EventId: 'eb-0' },
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        { EventId: 'eb-2' },
      ],
    });
    const events = [contacted(1), contacted(2), contacted(3)];

    // Act
    const error = await failureOf(events);

    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toBe(
      `the event bus ${busName} refused 1 of 3 events: case.customer-contacted:case-1:x:2 (ThrottlingException)`,
    );
    expect(error?.details).toEqual({
      dependency: 'eventbridge',
      publishedBefore: 0,
      refused: [
        {
          id: 'case.customer-contacted:case-1:x:2',
          type: 'case.customer-contacted',
          errorCode: 'ThrottlingException',
          errorMessage: 'Rate exceeded',
        },
      ],
    });
  });

  it('stops at the first refused request, so a retry repeats as little as possible', async () => {
    // Arrange
    eventBridge
      .on(PutEventsCommand)
      .callsFakeOnce(acceptAll)
      .resolvesOnce({
        FailedEntryCount: 10,
        Entries: Array.from({ length: 10 }, () => ({ ErrorCode: 'InternalFailure' })),
      });
    const events = Array.from({ length: 23 }, (_, n) => contacted(n));

    // Act
    const error = await failureOf(events);

    // Assert
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(error?.details.publishedBefore).toBe(10);
    expect(((error?.details.refused ?? []) as { id: string }[]).map((event) => event.id)).toEqual(
      events.slice(10, 20).map((event) => event.id),
    );
  });

  it('counts an entry the bus returned no result for as refused', async () => {
    // Arrange
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'eb-0' }] });

    // Act
    const error = await failureOf([contacted(1), contacted(2)]);

    // Assert
    expect(error?.details.refused).toEqual([
      {
        id: 'case.customer-contacted:case-1:x:2',
        type: 'case.customer-contacted',
        errorCode: 'Unknown',
        errorMessage: 'no result returned for this entry',
      },
    ]);
  });

  it('turns an SDK failure into a retryable DEPENDENCY_UNAVAILABLE that keeps the cause', async () => {
    // Arrange
    const cause = Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' });
    eventBridge.on(PutEventsCommand).rejects(cause);

    // Act
    const error = await failureOf([holdStarted]);

    // Assert
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toBe(`the event bus ${busName} could not be reached: connect ETIMEDOUT`);
    expect(error?.cause).toBe(cause);
    expect(error?.details).toEqual({ dependency: 'eventbridge', publishedBefore: 0, eventIds: [holdStarted.id] });
  });
});
