/**
 * CDK context that switches the stack to Amazon Connect Cases, with a field map the Connect Cases
 * adapter's schema accepts (lambdas/adapters/connect-cases/field-map.ts).
 */
export const connectDomainId = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
export const connectTemplateId = 'b2c3d4e5-6789-01ab-cdef-EXAMPLE22222';

export const connectFieldMap = {
  fields: {
    title: 'title',
    status: 'status',
    caseId: 'bridge_case_id',
    partyKey: 'bridge_party_key',
    customerId: 'bridge_customer_id',
    priority: 'bridge_priority',
    topic: 'bridge_topic',
    bridgeState: 'bridge_state',
  },
  statusValues: { new: 'open', open: 'open', pending: 'open', resolved: 'closed', closed: 'closed' },
  unlinkedProfileArn: 'arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/0a1b2c',
};

export const connectContext = {
  caseSystem: 'connect',
  connectCasesDomainId: connectDomainId,
  connectCasesTemplateId: connectTemplateId,
  connectCasesFieldMap: JSON.stringify(connectFieldMap),
};
