import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbPorts } from '../../lambdas/adapters/dynamodb-ports.ts';
import type { TableNames } from '../../lambdas/local/create-tables.ts';
import { DynamoDbReplyStore } from '../../lambdas/adapters/dynamodb-reply-store.ts';
import { LocalProductFeedback } from '../../lambdas/local/local-product-feedback.ts';
import { DynamoDbTriageStore } from '../../lambdas/adapters/dynamodb-triage-store.ts';
import { routingRules } from '../../lambdas/config/routing-settings.ts';
import type { TeamQueues } from '../../lambdas/ports/team-queues.ts';
import { newCaseRouter } from '../../lambdas/use-cases/case-routers.ts';
import { EngineClassifier } from '../../lambdas/adapters/engine-classifier.ts';
import { Sha256Fingerprints } from '../../lambdas/adapters/sha256-fingerprints.ts';
import { defaultDecisionPolicy } from '../../lambdas/domain/decide-disposition.ts';
import { MentionInput, normaliseMention, type Mention } from '../../lambdas/domain/mention.ts';
import { defaultSurgePolicy } from '../../lambdas/domain/surge.ts';
import { defaultCaseTargetPolicy } from '../../lambdas/domain/decide-case-target.ts';
import { LocalEventLog } from '../../lambdas/local/local-event-log.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import type { EscalatePolicy, EscalatePorts } from '../../lambdas/use-cases/escalate-mention.ts';

// In the future on purpose: DynamoDB Local deletes items whose TTL has passed by the real clock.
export const fixedClock = (iso = '2030-01-02T10:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

export const testPolicy: EscalatePolicy = {
  ...defaultDecisionPolicy,
  ...defaultCaseTargetPolicy,
  duplicateWindowHours: 72,
  surge: defaultSurgePolicy,
};

/** The escalate ports on real DynamoDB Local tables. */
export const escalatePorts = (
  documents: DynamoDBDocumentClient,
  names: TableNames,
  clock: Clock = fixedClock(),
  events: LocalEventLog = new LocalEventLog(),
  teamQueues: TeamQueues = new RecordedTeamQueues(),
): EscalatePorts => {
  const stores = dynamoDbPorts(documents, names, clock);
  return {
    ...stores,
    triage: new DynamoDbTriageStore(documents, names.triage),
    replies: new DynamoDbReplyStore(documents, names.replies),
    ideas: { replies: new DynamoDbReplyStore(documents, names.replies), clock, feedback: new LocalProductFeedback() },
    routeNewCase: newCaseRouter({ ...stores, work: stores.cases, teamQueues, clock }, routingRules),
    classifier: new EngineClassifier(),
    fingerprints: new Sha256Fingerprints(),
    clock,
    events,
  };
};

/** Team queues that keep what was sent to them, for tests that look at routing. */
export class RecordedTeamQueues implements TeamQueues {
  readonly sent: { queue: string; caseId: string }[] = [];
  async enqueue(queue: string, caseId: string): Promise<void> {
    this.sent.push({ queue, caseId });
  }
}

export const queuedMention = (postId: string, text: string, extra: Record<string, unknown> = {}): Mention =>
  normaliseMention(
    MentionInput.parse({
      network: 'x',
      postId,
      author: { id: `author-${postId}`, handle: `handle${postId}` },
      text,
      createdAt: '2026-11-02T09:00:00Z',
      ...extra,
    }),
    '2026-11-02T09:00:01.000Z',
  );

/** An SQS event shaped as the Lambda event source mapping delivers it. */
export const sqsEvent = (bodies: readonly string[], receiveCount = 1): SQSEvent => ({
  Records: bodies.map(
    (body, index): SQSRecord => ({
      messageId: `msg-${index}`,
      receiptHandle: `rh-${index}`,
      body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: '1793613600000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1793613600001',
      },
      messageAttributes: {},
      md5OfBody: 'not-checked',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:bridge-mentions',
      awsRegion: 'eu-west-1',
    }),
  ),
});
