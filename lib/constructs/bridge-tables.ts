import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type KeyAttribute, type TableDefinition, type TableName, tables } from '../definitions.ts';

/** Item reads; `DescribeTable` as well, as CDK's own `grantReadData` gives it. */
const readActions = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const writeActions = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

const allTableNames = Object.keys(tables) as TableName[];

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * The bridge's DynamoDB tables, one per entry of `tables` in definitions.ts: on-demand, point-in-time
 * recovery, encrypted with the AWS-managed KMS key, kept when the stack goes (RETAIN + deletion protection).
 *
 * Grants name the table and each of its indexes by ARN (no `index/*` wildcard), so what a function
 * may touch follows the definitions exactly.
 */
export class BridgeTables extends Construct {
  readonly tables: { readonly [name in TableName]: Table };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const built = {} as Record<TableName, Table>;
    for (const name of allTableNames) built[name] = this.build(tables[name]);
    this.tables = built;
  }

  /** Read access (items and indexes) to the named tables; all tables when none are named. */
  grantReadData(fn: LambdaFunction, names: readonly TableName[] = allTableNames): void {
    for (const name of names) {
      fn.addToRolePolicy(new PolicyStatement({ actions: readActions, resources: this.tableAndIndexArns(name) }));
    }
  }

  /** Read and write access to the named tables; all tables when none are named. */
  grantReadWriteData(fn: LambdaFunction, names: readonly TableName[] = allTableNames): void {
    this.grantReadData(fn, names);
    for (const name of names) {
      fn.addToRolePolicy(new PolicyStatement({ actions: writeActions, resources: [this.tables[name].tableArn] }));
    }
  }

  /** Sets each named table's `envVar` to its physical name; all tables when none are named. No access is granted. */
  bindEnvironment(fn: LambdaFunction, names: readonly TableName[] = allTableNames): void {
    for (const name of names) fn.addEnvironment(tables[name].envVar, this.tables[name].tableName);
  }

  private tableAndIndexArns(name: TableName): string[] {
    const table = this.tables[name];
    const definition: TableDefinition = tables[name];
    return [table.tableArn, ...definition.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)];
  }

  private build(definition: TableDefinition): Table {
    const table = new Table(this, definition.id, {
      partitionKey: attribute(definition.partitionKey),
      ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      });
    }
    return table;
  }
}
