import { z } from 'zod';
import { ConfigError } from './load-config.ts';

/** The secrets the webhook connectors share with X and Meta. */
export const ConnectorSecretsSchema = z.object({
  xConsumerSecret: z
    .string({ error: 'the X app’s consumer secret (API key secret)' })
    .min(1, 'the X app’s consumer secret (API key secret), which is empty'),
  metaAppSecret: z
    .string({ error: 'the Meta app secret (App settings → Basic)' })
    .min(1, 'the Meta app secret (App settings → Basic), which is empty'),
  metaVerifyToken: z
    .string({ error: 'the verify token you enter in the Meta app’s webhook settings' })
    .min(1, 'the verify token you enter in the Meta app’s webhook settings, which is empty'),
});
export type ConnectorSecrets = z.infer<typeof ConnectorSecretsSchema>;

/** Validates secrets from wherever they came, naming each missing one and where it belongs. */
export const parseConnectorSecrets = (value: unknown, where: string): ConnectorSecrets => {
  const result = ConnectorSecretsSchema.safeParse(value);
  if (result.success) return result.data;
  const missing = result.error.issues.map(
    (issue) => `"${issue.path.join('.') || '(the whole secret)'}" (${issue.message})`,
  );
  throw new ConfigError(`The webhook connectors cannot start: set ${missing.join(', ')} in ${where}.`);
};
