import type { ReplyPolicy } from '../domain/reply.ts';
import { type CloseTheLoopPorts, closeTheLoop } from './close-the-loop.ts';

/** What follows a case's resolution, from whichever channel it came. Idempotent: safe to call again. */
export type AfterResolution = (caseId: string) => Promise<void>;

/**
 * Closing the loop: the customer hears on the social thread they started that it is sorted
 * (drafted for approval, or sent when no approval is configured). A failure propagates, so the
 * caller's retry (which resolves nothing twice) finishes it.
 */
export const closingTheLoop =
  (ports: CloseTheLoopPorts, policy: ReplyPolicy): AfterResolution =>
  async (caseId) => {
    await closeTheLoop(caseId, ports, policy);
  };
