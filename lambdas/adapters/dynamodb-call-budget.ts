import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallBudget } from '../ports/call-budget.ts';
import { isConditionalCheckFailed, storeUnavailable } from './dynamodb-errors.ts';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const secondsPerDay = 86_400;

export interface DynamoDbCallBudgetOptions {
  /** What is budgeted; part of the key, `budget#<name>#<day>`. Default `comprehend`. */
  readonly name?: string;
  /** Days after the budgeted day starts when its counter expires by TTL. Default 3. */
  readonly keepDays?: number;
}

/**
 * A daily call budget on the lookups table (partition key `lookupKey`, TTL attribute
 * `expiresAt`): one counter item per day, `budget#comprehend#2026-11-02`, raised with one atomic
 * `UpdateItem` (`ADD calls :n`) on the condition that it stays within the limit, so concurrent
 * functions can never spend more than `limitPerDay` between them. A refused request takes nothing.
 * The counter expires by TTL a few days after its day.
 */
export class DynamoDbCallBudget implements CallBudget {
  private readonly name: string;
  private readonly keepDays: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limitPerDay: number,
    options: DynamoDbCallBudgetOptions = {},
  ) {
    if (!Number.isInteger(limitPerDay) || limitPerDay < 0) {
      throw new RangeError(`limitPerDay must be a whole number of calls, got ${limitPerDay}`);
    }
    this.name = options.name ?? 'comprehend';
    this.keepDays = options.keepDays ?? 3;
  }

  /** The key of the counter for `day`. */
  keyOf(day: string): string {
    return `budget#${this.name}#${day}`;
  }

  async tryConsume(calls: number, day: string): Promise<boolean> {
    if (!Number.isInteger(calls) || calls < 0) throw new RangeError(`calls must be a whole number, got ${calls}`);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    if (!dayPattern.test(day) || Number.isNaN(dayStart)) {
      throw new RangeError(`day must be a UTC date as YYYY-MM-DD, got ${JSON.stringify(day)}`);
    }
    if (calls === 0) return true;
    if (calls > this.limitPerDay) return false;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { lookupKey: this.keyOf(day) },
          UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :expiresAt) ADD calls :n',
          ConditionExpression: 'attribute_not_exists(calls) OR calls <= :max',
          ExpressionAttributeValues: {
            ':n': calls,
            ':max': this.limitPerDay - calls,
            ':expiresAt': Math.floor(dayStart / 1000) + this.keepDays * secondsPerDay,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw storeUnavailable(`taking ${calls} from the ${this.name} budget of ${day}`, error);
    }
  }
}
