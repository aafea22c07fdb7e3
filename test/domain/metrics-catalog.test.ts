import { describe, expect, it } from 'vitest';
import { DispositionKind } from '../../lambdas/domain/disposition.ts';
import {
  catalogEntry,
  metricsCatalog,
  metricsOfBreaches,
  metricsOfCaseContact,
  metricsOfCaseUpdate,
  metricsOfComprehendCalls,
  metricsOfDisposition,
  metricsOfFirstResponse,
  metricsOfResolution,
} from '../../lambdas/domain/metrics-catalog.ts';
import { aCase } from '../support/case-builder.ts';
import { aMentionRecord } from '../support/mention-record-builder.ts';

const count = (name: string, value = 1) => ({ name, unit: 'Count', value });

describe('metricsCatalog', () => {
  it('names every metric once, with the service dimension only', () => {
    // Act
    const names = metricsCatalog.map((entry) => entry.name);

    // Assert
    expect(new Set(names).size).toBe(names.length);
    expect(metricsCatalog.every((entry) => entry.dimensions.join() === 'service')).toBe(true);
    for (const kind of DispositionKind.options) expect(names).toContain(`Disposition_${kind}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'MentionsDecided',
        'Escalated',
        'CaseContacts',
        'CrossChannelJoin',
        'ModelConfidence',
        'FirstResponseTime',
        'ResolutionTime',
        'SlaBreaches',
        'SlaBreach_first-response',
        'SlaBreach_resolution',
        'SlaAlerts',
        'ComprehendCalls',
        'ComprehendSpendUsd',
      ]),
    );
  });

  it('measures times in seconds and confidence without a unit, in tenths', () => {
    // Act
    const confidence = catalogEntry('ModelConfidence');

    // Assert
    expect(catalogEntry('FirstResponseTime')).toMatchObject({ unit: 'Seconds', kind: 'value' });
    expect(catalogEntry('ResolutionTime')).toMatchObject({ unit: 'Seconds', kind: 'value' });
    expect(confidence).toMatchObject({ unit: 'None', kind: 'value' });
    expect(confidence?.buckets).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(catalogEntry('NotAMetric')).toBeUndefined();
  });
});

describe('metricsOfDisposition', () => {
  it('counts a new case as decided, escalated and a contact on a case, with the confidence', () => {
    // Act
    const points = metricsOfDisposition({
      disposition: { kind: 'case-created' },
      classification: { confidence: 0.82 },
    });

    // Assert
    expect(points).toEqual([
      count('MentionsDecided'),
      count('Disposition_case-created'),
      count('Escalated'),
      count('CaseContacts'),
      { name: 'ModelConfidence', unit: 'None', value: 0.82 },
    ]);
  });

  it('counts a mention joined to a phone case as a cross-channel join', () => {
    // Act
    const points = metricsOfDisposition({
      disposition: { kind: 'case-appended' },
      classification: { confidence: 0.9 },
      caseOriginChannel: 'phone',
    });

    // Assert
    expect(points.map((point) => point.name)).toEqual([
      'MentionsDecided',
      'Disposition_case-appended',
      'Escalated',
      'CaseContacts',
      'CrossChannelJoin',
      'ModelConfidence',
    ]);
  });

  it('does not count a join to a social case, or to a case whose channel is not known, as cross-channel', () => {
    // Act
    const social = metricsOfDisposition({ disposition: { kind: 'case-appended' }, caseOriginChannel: 'social' });
    const unknown = metricsOfDisposition({ disposition: { kind: 'case-appended' } });

    // Assert
    expect(social.map((point) => point.name)).not.toContain('CrossChannelJoin');
    expect(unknown.map((point) => point.name)).toEqual([
      'MentionsDecided',
      'Disposition_case-appended',
      'Escalated',
      'CaseContacts',
    ]);
  });

  it('counts triage as escalated but not as a contact on a case', () => {
    // Act
    const points = metricsOfDisposition({ disposition: { kind: 'triage' }, classification: { confidence: 0.4 } });

    // Assert
    expect(points.map((point) => point.name)).toEqual([
      'MentionsDecided',
      'Disposition_triage',
      'Escalated',
      'ModelConfidence',
    ]);
  });

  it.each(['chatter', 'spam', 'duplicate', 'rejected'] as const)('does not count %s as escalated', (kind) => {
    // Act
    const points = metricsOfDisposition({ disposition: { kind } });

    // Assert
    expect(points).toEqual([count('MentionsDecided'), count(`Disposition_${kind}`)]);
  });

  it('ignores a case channel given with a new case: opening a case joins nothing', () => {
    // Act
    const points = metricsOfDisposition({ disposition: { kind: 'case-created' }, caseOriginChannel: 'phone' });

    // Assert
    expect(points.map((point) => point.name)).not.toContain('CrossChannelJoin');
  });

  it('reads a stored mention record as it is', () => {
    // Arrange
    const record = aMentionRecord('p-1', { caseId: 'case-1', classification: { confidence: 0.7 } });

    // Act
    const points = metricsOfDisposition(record);

    // Assert
    expect(points).toContainEqual(count(`Disposition_${record.disposition.kind}`));
    expect(points).toContainEqual({ name: 'ModelConfidence', unit: 'None', value: 0.7 });
  });
});

describe('metricsOfCaseContact', () => {
  it('counts a phone call joined to a social case as a cross-channel join, and a new case as a contact only', () => {
    // Act
    const joined = metricsOfCaseContact({ channel: 'phone', caseOriginChannel: 'social' });
    const opened = metricsOfCaseContact({ channel: 'phone' });

    // Assert
    expect(joined).toEqual([count('CaseContacts'), count('CrossChannelJoin')]);
    expect(opened).toEqual([count('CaseContacts')]);
  });
});

describe('times to first response and resolution', () => {
  it('measures from creation to the first response and to the resolution, in seconds', () => {
    // Arrange
    const answered = aCase({ firstRespondedAt: '2030-01-02T10:30:00.000Z' });
    const resolved = aCase({ status: 'resolved', resolvedAt: '2030-01-03T10:00:00.000Z' });

    // Act
    const firstResponse = metricsOfFirstResponse(answered);
    const resolution = metricsOfResolution(resolved);

    // Assert
    expect(firstResponse).toEqual([{ name: 'FirstResponseTime', unit: 'Seconds', value: 1800 }]);
    expect(resolution).toEqual([{ name: 'ResolutionTime', unit: 'Seconds', value: 86_400 }]);
  });

  it('emits nothing before a first response, or for a case that is not resolved', () => {
    // Act
    const unanswered = metricsOfFirstResponse(aCase());
    const reopened = metricsOfResolution(aCase({ status: 'open', resolvedAt: '2030-01-03T10:00:00.000Z' }));

    // Assert
    expect(unanswered).toEqual([]);
    expect(reopened).toEqual([]);
  });
});

describe('metricsOfBreaches', () => {
  it('counts each breach and each kind', () => {
    // Act
    const points = metricsOfBreaches(['first-response', 'resolution']);

    // Assert
    expect(points).toEqual([count('SlaBreaches', 2), count('SlaBreach_first-response'), count('SlaBreach_resolution')]);
    expect(metricsOfBreaches([])).toEqual([]);
  });
});

describe('metricsOfCaseUpdate', () => {
  it('emits what changed: the first response, the resolution, new breaches and new alerts', () => {
    // Arrange
    const before = aCase({ breaches: ['first-response'], slaAlerts: ['first-response:due-soon'] });
    const after = aCase({
      status: 'resolved',
      resolvedAt: '2030-01-02T12:00:00.000Z',
      firstRespondedAt: '2030-01-02T11:00:00.000Z',
      breaches: ['first-response', 'resolution'],
      slaAlerts: ['first-response:due-soon', 'resolution:breached'],
    });

    // Act
    const points = metricsOfCaseUpdate(before, after);

    // Assert
    expect(points).toEqual([
      { name: 'FirstResponseTime', unit: 'Seconds', value: 3600 },
      { name: 'ResolutionTime', unit: 'Seconds', value: 7200 },
      count('SlaBreaches'),
      count('SlaBreach_resolution'),
      count('SlaAlerts'),
    ]);
  });

  it('emits nothing when none of it changed, and a resolution again after a reopening', () => {
    // Arrange
    const resolved = aCase({ status: 'resolved', resolvedAt: '2030-01-02T12:00:00.000Z' });
    const resolvedAgain = aCase({ status: 'resolved', resolvedAt: '2030-01-04T10:00:00.000Z' });

    // Act
    const unchanged = metricsOfCaseUpdate(resolved, resolved);
    const again = metricsOfCaseUpdate(resolved, resolvedAgain);

    // Assert
    expect(unchanged).toEqual([]);
    expect(again).toEqual([{ name: 'ResolutionTime', unit: 'Seconds', value: 2 * 86_400 }]);
  });
});

describe('metricsOfComprehendCalls', () => {
  it('counts the calls and their estimated spend, and nothing for no calls', () => {
    // Act
    const points = metricsOfComprehendCalls(25, 0.0075);

    // Assert
    expect(points).toEqual([count('ComprehendCalls', 25), { name: 'ComprehendSpendUsd', unit: 'None', value: 0.0075 }]);
    expect(metricsOfComprehendCalls(0, 0)).toEqual([]);
  });
});

describe('malformed times', () => {
  it('emits no time for a date that does not parse, rather than NaN', () => {
    // Act
    const points = metricsOfFirstResponse({ createdAt: 'yesterday', firstRespondedAt: '2030-01-02T10:30:00.000Z' });

    // Assert
    expect(points).toEqual([]);
  });
});
