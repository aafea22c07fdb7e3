import { DomainError, isDomainError } from '../domain/errors.ts';
import {
  markFailed,
  markSent,
  type Reply,
  type ReplyError,
  type ReplyPolicy,
  requestSend,
  type SendStep,
} from '../domain/reply.ts';
import type { Clock } from '../ports/clock.ts';
import type { ReplySender } from '../ports/reply-sender.ts';
import type { ReplyStore } from '../ports/reply-store.ts';

export interface ReplyPorts {
  readonly replies: ReplyStore;
  readonly sender: ReplySender;
  readonly clock: Clock;
}

/** The stored reply, or NOT_FOUND. */
export const replyOrNotFound = async (replyId: string, replies: ReplyStore): Promise<Reply> => {
  const reply = await replies.get(replyId);
  if (reply === undefined) {
    throw new DomainError('NOT_FOUND', `there is no reply ${replyId}`, { details: { replyId } });
  }
  return reply;
};

const isConflict = (error: unknown): boolean => isDomainError(error) && error.code === 'CONFLICT';

/** How a sender's failure is kept on the reply: its code, message and retryability, never a stack. */
const failureOf = (error: unknown): ReplyError =>
  isDomainError(error)
    ? { code: error.code, message: error.message, retryable: error.retryable }
    : {
        code: 'INTERNAL',
        message: `the sender failed unexpectedly: ${(error as Error).message ?? String(error)}`,
        retryable: false,
      };

/**
 * Carries out a send step. The compare-and-set into `sending` comes first, and only the request
 * that wins it calls the sender: a reply is never sent twice, however many requests race. A
 * request that loses the race answers the reply as it now is.
 */
export const carryOut = async (step: SendStep, ports: ReplyPorts): Promise<Reply> => {
  if (step.action === 'none') return step.reply;
  try {
    await ports.replies.transition(step.reply, step.from);
  } catch (error) {
    if (isConflict(error)) return replyOrNotFound(step.reply.replyId, ports.replies);
    throw error;
  }
  if (step.action === 'await-approval') return step.reply;

  let externalId: string;
  try {
    ({ externalId } = await ports.sender.send(step.reply));
  } catch (error) {
    const failed = markFailed(step.reply, failureOf(error));
    await ports.replies.transition(failed, 'sending');
    return failed;
  }
  const sent = markSent(step.reply, externalId, ports.clock.now().toISOString());
  try {
    await ports.replies.transition(sent, 'sending');
  } catch (error) {
    // Sent, but not recorded: it stays `sending`, which is never sent again, and the id is kept here.
    throw new DomainError(
      'DEPENDENCY_UNAVAILABLE',
      `reply ${sent.replyId} was sent (${externalId}) but recording it failed; it stays "sending" and is not sent again`,
      { retryable: false, cause: error, details: { replyId: sent.replyId, externalId } },
    );
  }
  return sent;
};

/**
 * Sends a drafted (or failed) reply — or, when the policy requires approval and nobody has given
 * it, puts it in `awaiting-approval` and sends nothing. Idempotent: a reply awaiting approval, being
 * sent or sent is answered as it is, and sent at most once. A provider failure does not throw: the
 * reply comes back `failed` with `error` (its `retryable` says whether sending again may work), and
 * sending it again is a retry. Throws NOT_FOUND for an unknown reply and VALIDATION_FAILED for text
 * that may not be sent.
 */
export const sendReply = async (
  input: { readonly replyId: string },
  ports: ReplyPorts,
  policy: ReplyPolicy,
): Promise<Reply> => {
  const reply = await replyOrNotFound(input.replyId, ports.replies);
  return carryOut(requestSend(reply, policy), ports);
};
