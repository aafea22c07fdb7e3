import { approve, type Reply } from '../domain/reply.ts';
import { carryOut, type ReplyPorts, replyOrNotFound } from './send-reply.ts';

/**
 * `approver` approves a reply and it is sent (see `sendReply` for what sending answers). Four eyes:
 * whoever drafted the reply may not approve it (FORBIDDEN), leads included; the route lets only
 * leads call this. Approving a draft sends it at once, approving a failed reply sends it again, and
 * approving one being sent or already sent changes nothing.
 */
export const approveReply = async (
  input: { readonly replyId: string; readonly approver: string },
  ports: ReplyPorts,
): Promise<Reply> => {
  const reply = await replyOrNotFound(input.replyId, ports.replies);
  return carryOut(approve(reply, input.approver), ports);
};
