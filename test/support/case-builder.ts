import { Case, type CaseInput } from '../../lambdas/domain/case.ts';

/** A valid open phone case for customer C1, with any field overridden. */
export const aCase = (overrides: Partial<CaseInput> = {}): Case =>
  Case.parse({
    caseId: 'case-1',
    party: { kind: 'customer', customerId: 'C1' },
    originChannel: 'phone',
    status: 'open',
    priority: 'P3',
    topic: 'billing',
    queue: 'billing',
    due: { firstResponseAt: '2030-01-02T14:00:00.000Z', resolutionAt: '2030-01-05T10:00:00.000Z' },
    conversations: [],
    timeline: [
      {
        at: '2030-01-02T10:00:00.000Z',
        channel: 'phone',
        kind: 'call',
        summary: 'Charged twice',
        interactionId: 'call-1',
      },
    ],
    createdAt: '2030-01-02T10:00:00.000Z',
    updatedAt: '2030-01-02T10:00:00.000Z',
    ...overrides,
  });
