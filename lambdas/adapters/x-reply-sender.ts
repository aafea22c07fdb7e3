import { DomainError } from '../domain/errors.ts';
import type { ReplyTokens } from '../config/reply-settings.ts';
import type { Reply } from '../domain/reply.ts';
import type { ReplySender } from '../ports/reply-sender.ts';
import { type ProviderExplanation, postToProvider } from './reply-http.ts';

/**
 * Replies on X through the X API v2, as the brand's account (OAuth 2.0 user-context access token,
 * scopes tweet.write / dm.write with their read scopes; app-only tokens cannot post or send DMs):
 *
 * - public: `POST https://api.x.com/2/tweets` with `{"text", "reply": {"in_reply_to_tweet_id"}}`,
 *   answered `{"data": {"id", "text"}}` — https://docs.x.com/x-api/posts/manage-tweets/quickstart,
 *   https://docs.x.com/x-api/posts/creation-of-a-post
 * - direct: `POST https://api.x.com/2/dm_conversations/with/{participant_id}/messages` with `{"text"}`,
 *   answered `{"data": {"dm_conversation_id", "dm_event_id"}}` —
 *   https://docs.x.com/x-api/direct-messages/manage/integrate,
 *   https://docs.x.com/x-api/direct-messages/create-dm-message-by-participant-id
 *
 * Both with `Authorization: Bearer <user access token>` and `Content-Type: application/json`.
 * The externalId is the post's id, or the DM event's id.
 */
export interface XReplySenderOptions {
  readonly fetch?: typeof fetch;
  readonly baseUrl?: string;
  /** Under the calling Lambda's time-out, so a hung call is recorded as failed rather than lost. */
  readonly timeoutMs?: number;
}

export const xApiBaseUrl = 'https://api.x.com';
const defaultTimeoutMs = 8000;

interface XProblem {
  readonly title?: unknown;
  readonly detail?: unknown;
  readonly type?: unknown;
  readonly errors?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** X answers problems (`{title, detail, type, status}`), sometimes with `errors: [{message}]` naming the field. */
const explainX = (body: unknown): ProviderExplanation => {
  if (typeof body !== 'object' || body === null) return {};
  const problem = body as XProblem;
  const first: unknown = Array.isArray(problem.errors) ? problem.errors[0] : undefined;
  const specific =
    typeof first === 'object' && first !== null ? text((first as { message?: unknown }).message) : undefined;
  const message = specific ?? text(problem.detail) ?? text(problem.title);
  const code = text(problem.type) ?? text(problem.title);
  return { ...(message === undefined ? {} : { message }), ...(code === undefined ? {} : { code }) };
};

const idIn = (body: unknown, field: 'id' | 'dm_event_id'): string | undefined => {
  const data: unknown = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null ? text((data as Record<string, unknown>)[field]) : undefined;
};

const refused = (message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('DEPENDENCY_UNAVAILABLE', message, { retryable: false, details: { provider: 'x', ...details } });

export class XReplySender implements ReplySender {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  /**
   * @param tokens the reply tokens, read on every send (so a replaced token is picked up); this
   *   sender uses `xUserAccessToken`, the brand account's user access token.
   */
  constructor(
    private readonly tokens: () => Promise<ReplyTokens>,
    options: XReplySenderOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.baseUrl = (options.baseUrl ?? xApiBaseUrl).replace(/\/+$/u, '');
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  }

  async send(reply: Reply): Promise<{ externalId: string }> {
    if (reply.network !== 'x') throw refused(`the X sender cannot send a ${reply.network} reply`);
    const request = this.requestFor(reply);
    const token = (await this.tokens()).xUserAccessToken?.trim();
    if (!token) {
      throw refused('no X user access token is configured (xUserAccessToken in the reply tokens secret)');
    }
    const body = await postToProvider({
      provider: 'X',
      fetch: this.fetch,
      url: request.url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      timeoutMs: this.timeoutMs,
      explain: explainX,
    });
    const externalId = idIn(body, request.idField);
    if (externalId === undefined) {
      throw refused('X accepted the reply but named no id for it; look at the conversation before sending it again', {
        error: 'no-id',
      });
    }
    return { externalId };
  }

  private requestFor(reply: Reply): { url: string; body: unknown; idField: 'id' | 'dm_event_id' } {
    if (reply.kind === 'public') {
      return {
        url: `${this.baseUrl}/2/tweets`,
        body: { text: reply.text, reply: { in_reply_to_tweet_id: reply.inReplyTo } },
        idField: 'id',
      };
    }
    if (reply.recipientId === undefined) throw refused('a direct reply on X needs the recipient’s user id');
    return {
      url: `${this.baseUrl}/2/dm_conversations/with/${encodeURIComponent(reply.recipientId)}/messages`,
      body: { text: reply.text },
      idField: 'dm_event_id',
    };
  }
}
