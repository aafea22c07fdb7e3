import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { slaEnv } from '../../lambdas/config/sla-settings.ts';

/** What publishing to an encrypted topic takes of its key: a data key for the message, as SNS asks for it. */
const publishKeyActions = ['kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * The SNS topic SLA alerts go to: the SLA monitor's notices (a case due soon, a due time missed)
 * and the stack's alarms (the breach rate, dead letters). People and systems subscribe to it
 * (email, chat, a pager); the stack adds no subscription, as it cannot know who is on call.
 *
 * Encrypted with a key of its own, rotated yearly: CloudWatch alarms can publish to a topic under
 * a customer-managed key only, since the key policy must let them use it (the AWS-managed
 * `aws/sns` key's policy cannot be changed). The key and the topic's policy let CloudWatch alarms
 * of this account and Region in, and nothing else of CloudWatch; the topic refuses requests
 * without TLS. The topic holds no data, only messages in flight, so it and its key go with the stack.
 */
export class SlaNotifications extends Construct {
  readonly key: Key;
  readonly topic: Topic;
  /** The alarm action that publishes to the topic. */
  readonly alarmAction: IAlarmAction;
  private readonly topicArnForKey: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Social Service Bridge SLA alert topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // Named, so that the key's policy can name the topic's ARN without referring to the topic
    // (which refers to the key): `<stack name>-sla-alerts`.
    const topicName = `${Stack.of(this).stackName}-sla-alerts`;
    this.topicArnForKey = Stack.of(this).formatArn({ service: 'sns', resource: topicName });
    this.topic = new Topic(this, 'Topic', {
      topicName,
      displayName: 'Social Service Bridge SLA alerts',
      masterKey: this.key,
      enforceSSL: true,
    });

    // CloudWatch alarms publish as the cloudwatch.amazonaws.com principal: only this account's alarms, in this Region.
    const alarmsOfThisAccount = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
    };
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: alarmsOfThisAccount,
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsEncryptForTheTopic',
        principals: [cloudWatch],
        actions: publishKeyActions,
        resources: ['*'],
        conditions: {
          ...alarmsOfThisAccount,
          StringEquals: { ...alarmsOfThisAccount.StringEquals, ...this.forTopic() },
        },
      }),
    );
    this.alarmAction = new SnsAction(this.topic);
  }

  /**
   * A publisher (the SLA monitor): may publish to the topic and use the key for this topic's
   * messages only, and learns the topic from `NOTIFY=sns:<arn>`. Written out rather than with
   * `grantPublish`, which allows `kms:GenerateDataKey*` on the key for any purpose.
   */
  bindPublisher(fn: LambdaFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: publishKeyActions,
        resources: [this.key.keyArn],
        conditions: { StringEquals: this.forTopic() },
      }),
    );
    fn.addEnvironment(slaEnv.notify, `sns:${this.topic.topicArn}`);
  }

  /** SNS encrypts each message under a data key whose encryption context names the topic. */
  private forTopic(): Record<string, string> {
    return { 'kms:EncryptionContext:aws:sns:topicArn': this.topicArnForKey };
  }
}
