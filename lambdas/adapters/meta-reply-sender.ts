import { DomainError } from '../domain/errors.ts';
import type { ReplyTokens } from '../config/reply-settings.ts';
import type { Reply } from '../domain/reply.ts';
import type { ReplySender } from '../ports/reply-sender.ts';
import { type ProviderExplanation, postToProvider } from './reply-http.ts';

/**
 * Replies on Facebook, Instagram and Messenger through the Meta Graph API, as the brand's Page
 * (Page access token with pages_messaging, pages_manage_engagement, instagram_manage_comments and
 * instagram_manage_messages as the reply kinds need):
 *
 * | reply | request |
 * | --- | --- |
 * | Facebook, public | `POST /{post-or-comment-id}/comments` `message` — https://developers.facebook.com/docs/graph-api/reference/object/comments |
 * | Instagram, public | `POST /{ig-comment-id}/replies` `message` — https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies |
 * | Messenger or Instagram DM | `POST /me/messages` `recipient={"id"}`, `messaging_type=RESPONSE`, `message={"text"}` — https://developers.facebook.com/docs/messenger-platform/reference/send-api, https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message |
 * | Facebook or Instagram, direct, to a public comment or post | `POST /me/messages` `recipient={"comment_id"}` (or `{"post_id"}`), `message={"text"}`: a private reply — https://developers.facebook.com/docs/messenger-platform/discovery/private-replies, https://developers.facebook.com/docs/messenger-platform/instagram/features/private-replies |
 *
 * on `https://graph.facebook.com/{version}`. `/me` is the Page the token belongs to (Instagram
 * messaging with Facebook Login goes through the linked Page). The parameters are sent form-encoded
 * in the body, as Meta's Send API reference does with `curl -d`, `access_token` among them: it never
 * appears in a URL, where proxies and logs would keep it. The externalId is the new comment's `id`,
 * or the message's `message_id`.
 *
 * Errors (`{"error": {message, type, code, error_subcode, is_transient, fbtrace_id}}`) are retryable
 * when Meta marks them transient or their code is one Meta's error-handling and rate-limiting guides
 * say to wait out (1, 2, 4, 17, 32, 341, 613, 80000–80014) —
 * https://developers.facebook.com/docs/graph-api/guides/error-handling,
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting.
 */
export interface MetaReplySenderOptions {
  readonly fetch?: typeof fetch;
  readonly baseUrl?: string;
  /**
   * Graph API version. v25.0 is available until July 2028 (Graph API changelog,
   * https://developers.facebook.com/docs/graph-api/changelog/versions/); v21.0 stops on 21 January 2027.
   */
  readonly graphVersion?: string;
  /** Under the calling Lambda's time-out, so a hung call is recorded as failed rather than lost. */
  readonly timeoutMs?: number;
}

export const graphApiBaseUrl = 'https://graph.facebook.com';
export const defaultGraphVersion = 'v25.0';
const defaultTimeoutMs = 8000;

const transientCodes = new Set([1, 2, 4, 17, 32, 341, 613]);
const isBusinessUseCaseLimit = (code: number): boolean => code >= 80_000 && code <= 80_014;

const explainMeta = (body: unknown): ProviderExplanation => {
  const error: unknown = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return {};
  const {
    message,
    code,
    is_transient: transient,
  } = error as { message?: unknown; code?: unknown; is_transient?: unknown };
  const numeric = typeof code === 'number' ? code : undefined;
  return {
    ...(typeof message === 'string' && message !== '' ? { message } : {}),
    ...(numeric === undefined ? {} : { code: numeric }),
    transient:
      transient === true || (numeric !== undefined && (transientCodes.has(numeric) || isBusinessUseCaseLimit(numeric))),
  };
};

const idIn = (body: unknown, field: 'id' | 'message_id'): string | undefined => {
  const value: unknown =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const refused = (message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('DEPENDENCY_UNAVAILABLE', message, { retryable: false, details: { provider: 'meta', ...details } });

interface GraphRequest {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly idField: 'id' | 'message_id';
}

export class MetaReplySender implements ReplySender {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  /**
   * @param tokens the reply tokens, read on every send (so a replaced token is picked up); this
   *   sender uses `metaPageAccessToken`, the brand Page's access token.
   */
  constructor(
    private readonly tokens: () => Promise<ReplyTokens>,
    options: MetaReplySenderOptions = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    const version = options.graphVersion ?? defaultGraphVersion;
    this.baseUrl = `${(options.baseUrl ?? graphApiBaseUrl).replace(/\/+$/u, '')}/${version}`;
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  }

  async send(reply: Reply): Promise<{ externalId: string }> {
    const request = requestFor(reply);
    const token = (await this.tokens()).metaPageAccessToken?.trim();
    if (!token) {
      throw refused('no Meta Page access token is configured (metaPageAccessToken in the reply tokens secret)');
    }
    const body = await postToProvider({
      provider: 'Meta',
      fetch: this.fetch,
      url: `${this.baseUrl}/${request.path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...request.params, access_token: token }).toString(),
      timeoutMs: this.timeoutMs,
      explain: explainMeta,
    });
    const externalId = idIn(body, request.idField);
    if (externalId === undefined) {
      throw refused(
        'Meta accepted the reply but named no id for it; look at the conversation before sending it again',
        {
          error: 'no-id',
        },
      );
    }
    return { externalId };
  }
}

const node = (id: string): string => encodeURIComponent(id);

/** The Graph API call that carries `reply` (see the table above). */
const requestFor = (reply: Reply): GraphRequest => {
  if (reply.network === 'x') throw refused('the Meta sender cannot send an X reply');
  if (reply.kind === 'public') {
    if (reply.network === 'facebook') {
      return { path: `${node(reply.inReplyTo)}/comments`, params: { message: reply.text }, idField: 'id' };
    }
    if (reply.network === 'instagram') {
      return { path: `${node(reply.inReplyTo)}/replies`, params: { message: reply.text }, idField: 'id' };
    }
    throw refused('Messenger has no public replies; send a direct one');
  }
  const message = JSON.stringify({ text: reply.text });
  if (reply.recipientId !== undefined) {
    return {
      path: 'me/messages',
      params: { recipient: JSON.stringify({ id: reply.recipientId }), messaging_type: 'RESPONSE', message },
      idField: 'message_id',
    };
  }
  if (reply.privateReply !== undefined && reply.network !== 'messenger') {
    const key = reply.privateReply === 'post' ? 'post_id' : 'comment_id';
    return {
      path: 'me/messages',
      params: { recipient: JSON.stringify({ [key]: reply.inReplyTo }), message },
      idField: 'message_id',
    };
  }
  throw refused('a direct reply on Meta needs the recipient’s id or the comment it privately answers');
};
