import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '../../lib/definitions.ts';
import { documentClient } from '../adapters/dynamodb-document-client.ts';
import { dynamoDbPorts } from '../adapters/dynamodb-ports.ts';
import { RuleBasedClassifier } from '../adapters/rule-based-classifier.ts';
import { Sha256Fingerprints } from '../adapters/sha256-fingerprints.ts';
import { SqsDeadLetters } from '../adapters/sqs-dead-letters.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config/load-config.ts';
import { EscalateSettings, escalatePolicyFrom, tableNamesFrom } from '../config/settings.ts';
import { createEscalateHandler } from '../handlers/escalate.ts';
import { observability } from '../handlers/observability.ts';

const settings = loadConfig(EscalateSettings, process.env);

export const handler = createEscalateHandler(
  {
    ...dynamoDbPorts(documentClient(), tableNamesFrom(settings), systemClock),
    classifier: new RuleBasedClassifier(),
    fingerprints: new Sha256Fingerprints(),
    clock: systemClock,
  },
  new SqsDeadLetters(new SQSClient({}), settings[queues.mentions.deadLetter.envVar]),
  escalatePolicyFrom(settings),
  observability('escalate'),
);
