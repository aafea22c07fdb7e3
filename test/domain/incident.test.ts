import { describe, expect, it } from 'vitest';
import { Case, partyKeyOf } from '../../lambdas/domain/case.ts';
import { Topic } from '../../lambdas/domain/classification.ts';
import {
  closureReplyText,
  holdingStatementText,
  incidentPartyOf,
  isIncident,
  newIncidentCase,
} from '../../lambdas/domain/incident.ts';
import { checkReplyText, replyNetworks } from '../../lambdas/domain/reply.ts';

const facts = {
  caseId: 'incident-outage-technical-abc-12345678',
  topic: 'outage-technical',
  signature: 'outage-technical:app+down+crash',
  startedAt: '2030-01-02T10:00:00.000Z',
  mentions: 10,
  priority: 'P3',
  network: 'x',
} as const;

describe('newIncidentCase', () => {
  it('opens a valid incident case for the surge, routed by its topic, with an empty timeline', () => {
    // Act
    const opened = newIncidentCase(facts, new Date('2030-01-02T10:09:00.000Z'));
    // Assert
    expect(Case.parse(opened)).toEqual(opened);
    expect(opened).toMatchObject({
      caseId: facts.caseId,
      kind: 'incident',
      status: 'open',
      topic: 'outage-technical',
      queue: 'tech-support',
      timeline: [],
      conversations: [],
      flags: [],
      incident: { topic: 'outage-technical', signature: facts.signature, startedAt: facts.startedAt, mentions: 10 },
    });
    expect(isIncident(opened)).toBe(true);
    expect(opened.audit).toEqual([
      expect.objectContaining({
        action: 'created',
        actor: 'bridge',
        note: '10 mentions about outage-technical since 2030-01-02T10:00:00.000Z',
      }),
    ]);
  });

  it('is at least P2, and keeps a P1', () => {
    // Act / Assert
    expect(newIncidentCase(facts, new Date(facts.startedAt)).priority).toBe('P2');
    expect(newIncidentCase({ ...facts, priority: 'P4' }, new Date(facts.startedAt)).priority).toBe('P2');
    expect(newIncidentCase({ ...facts, priority: 'P1' }, new Date(facts.startedAt)).priority).toBe('P1');
  });

  it("is nobody's case: its party key is the incident's own", () => {
    // Act
    const party = incidentPartyOf(facts.caseId, 'facebook');
    // Assert
    expect(partyKeyOf(party)).toBe(`social#facebook#${facts.caseId}`);
  });
});

describe('incident replies', () => {
  it('words a holding statement for every topic that passes the reply checks on every network', () => {
    // Act / Assert
    for (const topic of Topic.options) {
      for (const network of replyNetworks) {
        const kind = network === 'messenger' ? 'direct' : 'public';
        expect(() => checkReplyText(holdingStatementText(topic), network, kind)).not.toThrow();
      }
    }
    expect(holdingStatementText('outage-technical')).toMatch(
      /^We know many of you are having trouble with our app and website/,
    );
  });

  it('greets each person by handle in the closure reply, unless the handle reads as personal data', () => {
    // Act / Assert
    expect(closureReplyText('outage-technical', '@ana_s')).toBe(
      'Hi @ana_s, the trouble with our app and website is fixed now. Thank you for your patience, and sorry for the disruption.',
    );
    expect(closureReplyText('billing', '4155550100')).toMatch(
      /^Hi, the trouble with billing and payments is fixed now/,
    );
    expect(() =>
      checkReplyText(closureReplyText('lost-damaged-property', 'a'.repeat(50)), 'x', 'public'),
    ).not.toThrow();
  });
});
