import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaEnv } from '../../lambdas/config/sla-settings.ts';
import { DispositionKind } from '../../lambdas/domain/disposition.ts';
import { metricsCatalog, metricsNamespace, serviceName } from '../../lambdas/domain/metrics-catalog.ts';
import { defaultServiceLevels } from '../../lambdas/domain/service-levels.ts';
import { createBridgeApp } from '../../lib/bridge-app.ts';
import { type FunctionId, functions, productFeedbackQueue, slaMonitorMinutes } from '../../lib/definitions.ts';
import type { SocialServiceBridgeStack } from '../../lib/social-service-bridge-stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const functionIds = Object.keys(functions) as FunctionId[];
const daysInSeconds = (days: number) => days * 24 * 60 * 60;

// Act (for every test below): the app as `cdk synth` builds it, without bundling (the template is what is asserted).
let stack: SocialServiceBridgeStack;
let template: Template;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
const resource = (id: string): Resource => template.toJSON().Resources[id] as Resource;
const statementsOfRole = (roleId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })).flatMap(
    (policy) => ((policy as Resource).Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
const statementsOf = (id: FunctionId) => statementsOfRole(logicalId(stack.functions[id].role));
const variablesOf = (id: FunctionId) =>
  (resource(logicalId(stack.functions[id].function)).Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
const accountCondition = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };
const alarmArns = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudwatch:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':alarm:*',
    ],
  ],
};
const topicArnByName = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':sns:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':SocialServiceBridge-sla-alerts',
    ],
  ],
};

beforeAll(() => {
  const built = createBridgeApp({
    appProps: {
      context: {
        ...cdkJson.context,
        'aws:cdk:bundling-stacks': [],
        slaBreachAlarmThreshold: '12',
        dueSoonMinutes: 45,
      },
      builtinCloudFormationValidation: false,
    },
  });
  stack = built.stack;
  template = Template.fromStack(stack);
});

describe('SLA monitor schedule', () => {
  it(`invokes the SLA monitor every ${slaMonitorMinutes} minutes with its own role, a retry policy and a dead-letter queue`, () => {
    // Arrange
    const schedule = stack.slaSchedule;

    // Act
    const schedules = template.findResources('AWS::Scheduler::Schedule');

    // Assert
    expect(Object.values(schedules)).toEqual([
      {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          Description: `Runs the SLA monitor every ${slaMonitorMinutes} minutes`,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ScheduleExpression: `rate(${slaMonitorMinutes} minutes)`,
          ScheduleExpressionTimezone: 'Etc/UTC',
          State: 'ENABLED',
          Target: {
            Arn: arnOf(stack.functions.slaMonitor.function),
            RoleArn: arnOf(schedule.role),
            RetryPolicy: { MaximumEventAgeInSeconds: slaMonitorMinutes * 60, MaximumRetryAttempts: 1 },
            DeadLetterConfig: { Arn: arnOf(schedule.deadLetterQueue) },
          },
        },
      },
    ]);
  });

  it('lets Scheduler assume the role for this account’s default group only, to invoke the monitor and dead-letter, nothing else', () => {
    // Arrange
    const roleId = logicalId(stack.slaSchedule.role);

    // Act
    const role = resource(roleId);
    const statements = statementsOfRole(roleId);

    // Assert
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            ...accountCondition,
            ArnEquals: {
              'aws:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':scheduler:',
                    { Ref: 'AWS::Region' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':schedule-group/default',
                  ],
                ],
              },
            },
          },
        },
      ],
      Version: '2012-10-17',
    });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statements).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(stack.functions.slaMonitor.function) },
      {
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Effect: 'Allow',
        Resource: arnOf(stack.slaSchedule.deadLetterQueue),
      },
    ]);
  });

  it('retries a failed run once within the interval, then records it on the same dead-letter queue', () => {
    // Act
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig');

    // Assert
    expect(Object.values(configs)).toEqual([
      {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: ref(stack.functions.slaMonitor.function),
          Qualifier: '$LATEST',
          MaximumEventAgeInSeconds: slaMonitorMinutes * 60,
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: arnOf(stack.slaSchedule.deadLetterQueue) } },
        },
      },
    ]);
  });

  it('keeps the dead-letter queue encrypted, TLS-only and when the stack goes, and alarms at its first message', () => {
    // Arrange
    const queueId = logicalId(stack.slaSchedule.deadLetterQueue);

    // Act
    const queue = resource(queueId);

    // Assert
    expect(queue).toMatchObject({
      Properties: { MessageRetentionPeriod: daysInSeconds(14), SqsManagedSseEnabled: true },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(resource(logicalId(stack.slaSchedule.deadLetterAlarm)).Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref(stack.slaNotifications.topic)],
    });
  });
});

describe('SLA alert topic', () => {
  it('is encrypted with a key of its own, rotated, and refuses publishing without TLS', () => {
    // Arrange
    const keyId = logicalId(stack.slaNotifications.key);

    // Act
    const topic = resource(logicalId(stack.slaNotifications.topic));

    // Assert
    expect(topic.Properties).toEqual({
      TopicName: 'SocialServiceBridge-sla-alerts',
      DisplayName: 'Social Service Bridge SLA alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(resource(keyId).Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 7 });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(stack.slaNotifications.topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets this account’s CloudWatch alarms publish and use the key for this topic, and no other service', () => {
    // Arrange
    const topic = ref(stack.slaNotifications.topic);

    // Act
    const topicPolicy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0] as Resource;
    const keyPolicy = resource(logicalId(stack.slaNotifications.key)).Properties.KeyPolicy as {
      Statement: Statement[];
    };

    // Assert
    expect((topicPolicy.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Action: 'sns:Publish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Resource: topic,
      Condition: { ...accountCondition, ArnLike: { 'aws:SourceArn': alarmArns } },
    });
    const services = keyPolicy.Statement.filter((statement) => JSON.stringify(statement).includes('"Service"'));
    expect(services).toEqual([
      {
        Sid: 'CloudWatchAlarmsEncryptForTheTopic',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'kms:EncryptionContext:aws:sns:topicArn': topicArnByName,
          },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
      },
    ]);
  });

  it('is what the SLA monitor notifies (NOTIFY=sns:<arn>), and only it may publish, for this topic only', () => {
    // Arrange
    const topic = ref(stack.slaNotifications.topic);

    // Act
    const publishers = functionIds.filter((id) =>
      statementsOf(id).some((statement) => [statement.Action].flat().includes('sns:Publish')),
    );

    // Assert
    expect(publishers).toEqual(['slaMonitor']);
    expect(variablesOf('slaMonitor')[slaEnv.notify]).toEqual({ 'Fn::Join': ['', ['sns:', topic]] });
    expect(statementsOf('slaMonitor')).toEqual(
      expect.arrayContaining([
        { Action: 'sns:Publish', Effect: 'Allow', Resource: topic },
        {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Effect: 'Allow',
          Resource: arnOf(stack.slaNotifications.key),
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArnByName } },
        },
      ]),
    );
  });

  it('is not kept when the stack goes: it holds no data', () => {
    // Act
    const [topic, key] = [stack.slaNotifications.topic, stack.slaNotifications.key].map((construct) =>
      resource(logicalId(construct)),
    );

    // Assert
    expect(topic?.DeletionPolicy).toBeUndefined();
    expect(key?.DeletionPolicy).toBe('Delete');
  });
});

describe('SLA monitor function', () => {
  it('has the due-soon window from context and the defaults, and the builtin case system', () => {
    // Act
    const variables = variablesOf('slaMonitor');

    // Assert
    expect(variables).toMatchObject({
      [slaEnv.dueSoonMinutes]: '45',
      [slaEnv.dueSoonShare]: '0.5',
      CASE_SYSTEM: 'builtin',
    });
  });

  it('gives the functions that open cases the service levels and the fulfilment lead time', () => {
    // Arrange
    const openers: FunctionId[] = ['escalate', 'casesApi', 'triageApi'];

    // Act
    const told = functionIds.filter((id) => slaEnv.policy in variablesOf(id));

    // Assert
    expect(told.sort()).toEqual([...openers].sort());
    for (const id of openers) {
      expect(JSON.parse(String(variablesOf(id)[slaEnv.policy]))).toEqual(defaultServiceLevels);
      expect(variablesOf(id)[slaEnv.fulfilmentLeadHours]).toBe('24');
    }
  });
});

describe('product feedback queue', () => {
  it('keeps ideas fourteen days, redrives after 5 receives, encrypted, TLS-only and kept when the stack goes', () => {
    // Arrange
    const dlqId = logicalId(stack.productFeedback.deadLetterQueue);

    // Act
    const [queue, dlq] = [resource(logicalId(stack.productFeedback.queue)), resource(dlqId)];

    // Assert
    expect(queue.Properties).toEqual({
      VisibilityTimeout: 300,
      MessageRetentionPeriod: daysInSeconds(productFeedbackQueue.retentionDays),
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    expect(dlq.Properties).toEqual({
      MessageRetentionPeriod: daysInSeconds(productFeedbackQueue.deadLetter.retentionDays),
      SqsManagedSseEnabled: true,
    });
    expect([queue.DeletionPolicy, dlq.DeletionPolicy]).toEqual(['Retain', 'Retain']);
    for (const construct of [stack.productFeedback.queue, stack.productFeedback.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(construct)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('lets escalate, triageApi, casesApi and agentApi send to it, and tells them its URL; no other function', () => {
    // Arrange
    const queueArn = arnOf(stack.productFeedback.queue);

    const sends = (statement: Statement) =>
      [statement.Action].flat().includes('sqs:SendMessage') &&
      [statement.Resource].flat().some((target) => JSON.stringify(target) === JSON.stringify(queueArn));

    // Act
    const senders = functionIds.filter((id) => statementsOf(id).some(sends));
    const told = functionIds.filter((id) => productFeedbackQueue.envVar in variablesOf(id));

    // Assert
    expect(senders.sort()).toEqual(['agentApi', 'casesApi', 'escalate', 'triageApi']);
    expect(told.sort()).toEqual(senders);
    for (const id of senders) {
      expect(variablesOf(id)[productFeedbackQueue.envVar]).toEqual(ref(stack.productFeedback.queue));
    }
  });
});

describe('alarms', () => {
  it('alarms on more SLA breaches in an hour than the context threshold', () => {
    // Act
    const alarm = resource(logicalId(stack.slaBreachAlarm));

    // Assert
    expect(alarm.Properties).toMatchObject({
      Namespace: metricsNamespace,
      MetricName: 'SlaBreaches',
      Dimensions: [{ Name: 'service', Value: serviceName }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 12,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('sends every alarm of the stack, the breach rate and each dead-letter queue, to the SLA alert topic', () => {
    // Arrange
    const deadLetterAlarms = [
      stack.mentionQueue.deadLetterAlarm,
      ...stack.teamQueues.queues.map((team) => team.deadLetterAlarm),
      stack.productFeedback.deadLetterAlarm,
      stack.slaSchedule.deadLetterAlarm,
    ];

    // Act
    const alarms = template.findResources('AWS::CloudWatch::Alarm');

    // Assert
    expect(Object.keys(alarms).sort()).toEqual([stack.slaBreachAlarm, ...deadLetterAlarms].map(logicalId).sort());
    for (const alarm of Object.values(alarms)) {
      expect((alarm as Resource).Properties.AlarmActions).toEqual([ref(stack.slaNotifications.topic)]);
    }
  });
});

describe('dashboard', () => {
  /** The dashboard body with each CloudFormation reference written as `<LogicalId>` or `<LogicalId.Attribute>`. */
  const body = (): string => {
    const dashboard = resource(logicalId(stack.dashboard.dashboard));
    const parts = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const { Ref, 'Fn::GetAtt': getAtt } = part as { Ref?: string; 'Fn::GetAtt'?: string[] };
        return `<${Ref ?? getAtt?.join('.')}>`;
      })
      .join('');
  };
  const metricNamesIn = (widgets: { properties: { metrics?: unknown[][] } }[]) =>
    widgets.flatMap((widget) =>
      (widget.properties.metrics ?? []).filter((row) => row[0] === metricsNamespace).map((row) => row[1] as string),
    );

  it('charts only the catalog’s metrics, service-wide, and every disposition, time, breach, join, confidence and Comprehend one', () => {
    // Act
    const widgets = JSON.parse(body()).widgets;
    const charted = new Set(metricNamesIn(widgets));

    // Assert
    const catalog = new Set(metricsCatalog.map((entry) => entry.name));
    expect([...charted].filter((name) => !catalog.has(name))).toEqual([]);
    expect([...catalog].filter((name) => !charted.has(name))).toEqual([]);
    for (const widget of widgets) {
      for (const row of widget.properties.metrics ?? []) {
        if (row[0] === metricsNamespace) expect(row.slice(2, 4)).toEqual(['service', serviceName]);
      }
    }
    expect(DispositionKind.options.every((kind) => charted.has(`Disposition_${kind}`))).toBe(true);
  });

  it('draws p50 and p95 of both times in hours, and the confidence distribution by percentile', () => {
    // Act
    const text = body();

    // Assert
    for (const metric of ['FirstResponseTime', 'ResolutionTime']) {
      for (const statistic of ['p50', 'p95']) {
        const id = `${metric.charAt(0).toLowerCase()}${metric.slice(1)}${statistic}`;
        expect(text).toContain(`"expression":"${id} / 3600"`);
        expect(text).toContain(`"${metric}","service","${serviceName}",{"label":"${statistic}","id":"${id}"`);
      }
    }
    for (const statistic of ['p10', 'p25', 'p50', 'p75', 'p90']) {
      expect(text).toContain(
        `"ModelConfidence","service","${serviceName}",{"label":"${statistic}","stat":"${statistic}"}`,
      );
    }
    expect(text).toContain('"expression":"100 * FILL(escalated, 0) / decided"');
    expect(text).toContain('"expression":"100 * FILL(joins, 0) / contacts"');
  });

  it('charts the depth of every dead-letter queue and the state of every alarm', () => {
    // Arrange
    const queues = [
      stack.mentionQueue.deadLetterQueue,
      ...stack.teamQueues.queues.map((team) => team.deadLetterQueue),
      stack.productFeedback.deadLetterQueue,
      stack.slaSchedule.deadLetterQueue,
    ];

    // Act
    const text = body();
    const widgets = JSON.parse(text.replace(/<[^>]*>/g, 'X')).widgets as {
      type: string;
      properties: { alarms?: string[] };
    }[];

    // Assert
    for (const queue of queues) {
      expect(text).toContain(
        `"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<${logicalId(queue)}.QueueName>"`,
      );
    }
    expect(widgets.find((widget) => widget.type === 'alarm')?.properties.alarms).toHaveLength(queues.length + 1);
  });

  it('outputs its URL, with the SLA topic, the product feedback queue and the monitor’s dead letters', () => {
    // Act
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assert
    expect(outputs.DashboardUrl?.Value).toEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'AWS::Region' },
          '.console.aws.amazon.com/cloudwatch/home?region=',
          { Ref: 'AWS::Region' },
          '#dashboards/dashboard/',
          ref(stack.dashboard.dashboard),
        ],
      ],
    });
    expect(outputs.SlaAlertTopicArn?.Value).toEqual(ref(stack.slaNotifications.topic));
    expect(outputs.ProductFeedbackQueueUrl?.Value).toEqual(ref(stack.productFeedback.queue));
    expect(outputs.ProductFeedbackQueueArn?.Value).toEqual(arnOf(stack.productFeedback.queue));
    expect(outputs.SlaMonitorDeadLetterQueueUrl?.Value).toEqual(ref(stack.slaSchedule.deadLetterQueue));
  });
});
