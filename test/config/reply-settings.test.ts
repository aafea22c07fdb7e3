import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lambdas/config/load-config.ts';
import {
  parseReplyTokens,
  ReplySettings,
  replyPolicyOf,
  replyTokensFromSecret,
} from '../../lambdas/config/reply-settings.ts';

const secrets = mockClient(SecretsManagerClient);
const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bridge-reply-tokens-Q1w2E3';

describe('reply settings', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads REPLY_APPROVAL_REQUIRED=%s as the approval policy', (value, approvalRequired) => {
    // Act
    const settings = loadConfig(ReplySettings, { REPLY_APPROVAL_REQUIRED: value, REPLY_TOKENS_SECRET_ARN: arn });
    // Assert
    expect(replyPolicyOf(settings)).toEqual({ approvalRequired });
    expect(settings.REPLY_TOKENS_SECRET_ARN).toBe(arn);
  });

  it('stops start-up naming each setting that is missing or wrong', () => {
    // Act / Assert
    expect(() => loadConfig(ReplySettings, { REPLY_APPROVAL_REQUIRED: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig(ReplySettings, { REPLY_APPROVAL_REQUIRED: 'yes' })).toThrow(
      /set REPLY_APPROVAL_REQUIRED: to "true" .* or "false"; set REPLY_TOKENS_SECRET_ARN: to the ARN of the Secrets Manager secret holding the reply tokens/,
    );
  });

  it('reads the tokens from the JSON secret with the exact command', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ xUserAccessToken: 'x-token', metaPageAccessToken: 'meta-token' }),
    });
    // Act
    const tokens = await replyTokensFromSecret(arn)();
    // Assert
    expect(tokens).toEqual({ xUserAccessToken: 'x-token', metaPageAccessToken: 'meta-token' });
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: arn }]);
  });

  it.each([
    ['the token of one network only', { xUserAccessToken: 'x-token' }, { xUserAccessToken: 'x-token' }],
    [
      'empty tokens, as the stack creates it',
      { xUserAccessToken: '', metaPageAccessToken: '' },
      { xUserAccessToken: '', metaPageAccessToken: '' },
    ],
  ])('takes a secret with %s: the senders refuse replies on a network without a token', (_what, value, tokens) => {
    // Assert
    expect(parseReplyTokens(value, 'the secret')).toEqual(tokens);
  });

  it('refuses a malformed token, naming it and where it came from', async () => {
    // Arrange
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ metaPageAccessToken: 42 }) });
    // Act
    const read = replyTokensFromSecret(`${arn}-malformed`)();
    // Assert
    await expect(read).rejects.toThrow(
      `Replies cannot be sent: set "metaPageAccessToken" (the Meta Page access token, as a string) in the Secrets Manager secret ${arn}-malformed.`,
    );
  });
});
