import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reply } from '../../lambdas/domain/reply.ts';

/** A provider request as recorded in test/fixtures/replies: the token replaced by a placeholder. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** A JSON body, parsed. */
  readonly body?: unknown;
  /** A form-encoded body, as its fields. */
  readonly form?: Record<string, string>;
}

export interface ReplyFixture {
  readonly source: string[];
  readonly reply: Reply;
  readonly request: RecordedRequest;
  readonly response: { readonly status: number; readonly body: unknown };
  readonly externalId: string;
}

const fixturesDir = path.join(import.meta.dirname, '..', 'fixtures', 'replies');

export const replyFixtureNames = (prefix: string): string[] =>
  readdirSync(fixturesDir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .sort();

export const loadReplyFixture = (name: string): ReplyFixture =>
  JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8')) as ReplyFixture;

export interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A fetch that records each call and answers the given answers in turn (the last one repeatedly). */
export const recordingFetch = (...answers: Answer[]): { fetch: typeof fetch; calls: Call[] } => {
  const calls: Call[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    calls.push({ url: String(input), init });
    const answer = answers[Math.min(calls.length, answers.length) - 1] ?? { status: 200, body: {} };
    const text =
      answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status, headers: answer.headers });
  };
  return { fetch: fake as typeof fetch, calls };
};

/** A fetch that never answers, only giving up when the request's signal aborts. */
export const silentFetch = (): typeof fetch =>
  ((_input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    })) as typeof fetch;

/** The call as a recorded request: the token replaced by `placeholder` wherever it appears. */
export const recordedShape = (call: Call, token: string, placeholder: string): RecordedRequest => {
  const hide = (value: string): string => value.split(token).join(placeholder);
  const headers = Object.fromEntries(
    Object.entries((call.init.headers ?? {}) as Record<string, string>).map(([name, value]) => [
      name.toLowerCase(),
      hide(value),
    ]),
  );
  const raw = typeof call.init.body === 'string' ? call.init.body : '';
  const shape = { method: call.init.method ?? 'GET', url: hide(call.url), headers };
  if (headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    return {
      ...shape,
      form: Object.fromEntries([...new URLSearchParams(raw)].map(([key, value]) => [key, hide(value)])),
    };
  }
  return { ...shape, body: JSON.parse(hide(raw)) };
};
