import { type Case, bridgeActor } from '../domain/case.ts';
import { type ContactCasePolicy, NewContactCase, newContactCase } from '../domain/contact-case.ts';
import { parseOrThrow } from '../domain/validation.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import { refreshServiceHold, type ServiceHoldPorts } from './refresh-service-hold.ts';

export interface CreateContactCasePorts extends ServiceHoldPorts {
  readonly fingerprints: Fingerprints;
  /** Service levels and the queues' business hours the due times are counted in. */
  readonly casePolicy: ContactCasePolicy;
}

export interface CreateContactCaseRequest {
  readonly body: unknown;
  /** The caller's `idempotency-key`, else the gateway's request id: retries of one request agree. */
  readonly requestKey: string;
  readonly actor?: string;
}

/**
 * Opens a case for a customer from the phone, store or e-mail channel and starts their
 * marketing hold. Idempotent on the caller's `caseId` (or idempotency key): a retried request
 * returns the case the first one opened, `created: false`.
 */
export const createContactCase = async (
  request: CreateContactCaseRequest,
  ports: CreateContactCasePorts,
): Promise<{ created: boolean; case: Case }> => {
  const input = parseOrThrow(NewContactCase, request.body, 'the case');
  const caseId = input.caseId ?? `case-${ports.fingerprints.digest(`contact:${request.requestKey}`)}`;
  const opened = newContactCase(caseId, input, ports.clock.now(), request.actor ?? bridgeActor, ports.casePolicy);
  const result = await ports.cases.createCase(opened);
  await refreshServiceHold(input.customerId, ports);
  return result;
};
