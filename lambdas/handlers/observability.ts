import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const serviceName = 'social-service-bridge';
export const metricsNamespace = 'SocialServiceBridge';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Logger and metrics for one function; settings such as the log level come from POWERTOOLS_* variables. */
export const observability = (functionName: string): Observability => ({
  logger: new Logger({
    serviceName,
    persistentKeys: { function: functionName },
  }),
  metrics: new Metrics({
    serviceName,
    namespace: metricsNamespace,
    defaultDimensions: { function: functionName },
  }),
});
