import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UrgencySignal } from '../../lambdas/domain/classification.ts';
import {
  defaultSurgePolicy,
  emptyWindow,
  endIncident,
  incidentCaseIdOf,
  joinWindow,
  maxGroups,
  pruneWindow,
  type SurgePolicy,
  type SurgeSample,
  type SurgeWindowState,
  signatureOf,
  similarityTo,
  surgeLaneOf,
  surgeTermsOf,
  windowExpiry,
} from '../../lambdas/domain/surge.ts';

const outage = { urgencySignals: ['outage'] as UrgencySignal[] };
const plain = { urgencySignals: [] as UrgencySignal[] };
const policy: SurgePolicy = { ...defaultSurgePolicy, threshold: 3 };

const at = (minute: number, second = 0): string => new Date(Date.UTC(2030, 0, 2, 10, minute, second)).toISOString();

const sample = (id: string, text: string, when: string, signals = outage): SurgeSample => ({
  mentionId: `x:${id}`,
  at: when,
  conversation: `x:${id}`,
  terms: surgeTermsOf(text, signals),
});

/** Folds the samples in one after the other, as consumers would; returns the last step and every decision. */
const replay = (
  samples: readonly SurgeSample[],
  options: SurgePolicy = policy,
  start = emptyWindow('outage-technical'),
) => {
  let state: SurgeWindowState = start;
  const decisions = samples.map((value) => {
    const step = joinWindow(state, value, options);
    state = step.state;
    return step.decision;
  });
  return { state, decisions };
};

describe('surgeTermsOf', () => {
  it('keeps the content words, stemmed, once each, sorted, with the outage signal', () => {
    // Act
    const terms = surgeTermsOf(
      "The APP keeps crashing!! @brand it crashed again https://t.co/x 3 times, can't log in",
      outage,
    );
    // Assert
    expect(terms).toEqual(['app', 'crash', 'keep', 'log', '~outage']);
  });

  it('meets inflections of one word and leaves words that only look inflected', () => {
    // Act / Assert
    expect(surgeTermsOf('crashes crashed crashing', plain)).toEqual(['crash']);
    expect(surgeTermsOf('logging stopped', plain)).toEqual(['log', 'stop']);
    expect(surgeTermsOf('address miss', plain)).toEqual(['address', 'miss']);
  });

  it('brings no terms for a mention of stop words only, and leaves out signals that say nothing of the subject', () => {
    // Act / Assert
    expect(surgeTermsOf('why is this still not working?? 😡 @brand', { urgencySignals: ['reach', 'direct'] })).toEqual([
      'work',
    ]);
    expect(surgeTermsOf('why is this still like this??', plain)).toEqual(['like']);
    expect(surgeTermsOf('why?? 123', plain)).toEqual([]);
  });
});

describe('surgeLaneOf', () => {
  it('counts anything carrying the outage signal as an outage, whatever its topic', () => {
    // Act / Assert
    expect(surgeLaneOf({ topic: 'account-access', urgencySignals: ['outage'] })).toBe('outage-technical');
    expect(surgeLaneOf({ topic: 'billing', urgencySignals: ['outage', 'churn'] })).toBe('outage-technical');
  });

  it('counts everything else in its own topic', () => {
    // Act / Assert
    expect(surgeLaneOf({ topic: 'billing', urgencySignals: ['churn'] })).toBe('billing');
    expect(surgeLaneOf({ topic: 'orders-delivery' })).toBe('orders-delivery');
  });
});

describe('similarityTo', () => {
  const group = { samples: 4, terms: { app: 3, down: 3, '~outage': 4, crash: 1 } };

  it('is high for paraphrases of what the group says and nothing for other subjects', () => {
    // Act
    const paraphrase = similarityTo(surgeTermsOf("can't log in, site down", outage), group);
    const other = similarityTo(surgeTermsOf('charged twice for my subscription', plain), group);
    // Assert
    expect(paraphrase).toBeGreaterThan(defaultSurgePolicy.similarity);
    expect(other).toBe(0);
  });

  it('is 1 for a mention saying exactly what every mention of the group said', () => {
    // Act / Assert
    expect(similarityTo(['app', 'down'], { samples: 2, terms: { app: 2, down: 2 } })).toBeCloseTo(1, 10);
    expect(similarityTo([], group)).toBe(0);
  });
});

describe('joinWindow', () => {
  const paraphrases = [
    'the app is down',
    "can't log in, site down",
    'your app keeps crashing every time I open it',
    'app down again, cannot check my account',
    'is your app down? getting a server error',
    "app won't load, been trying for 20 minutes",
    'your site has gone down again',
  ];

  it('counts paraphrases of one outage into one group and opens one incident at the threshold', () => {
    // Act
    const { state, decisions } = replay(paraphrases.map((text, i) => sample(String(i), text, at(i))));
    // Assert
    expect(decisions.map((decision) => decision.kind)).toEqual([
      'none',
      'none',
      'open',
      'attach',
      'attach',
      'attach',
      'attach',
    ]);
    expect(state.groups).toHaveLength(1);
    const [group] = state.groups;
    const opened = decisions[2];
    expect(opened).toMatchObject({ kind: 'open', incident: { openedBy: 'x:2', openedAt: at(2) } });
    expect(opened?.kind === 'open' && opened.earlier.map((member) => member.mentionId)).toEqual(['x:0', 'x:1']);
    expect(group?.incident?.caseId).toBe(incidentCaseIdOf(group?.id ?? ''));
    expect(group?.incident?.caseId).toMatch(/^incident-outage-technical-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(group?.incident?.signature).toBe('outage-technical:app+down+crash');
    // Frozen at the threshold: later mentions are the incident's to count.
    expect(group?.members.map((member) => member.mentionId)).toEqual(['x:0', 'x:1', 'x:2']);
    expect(group?.samples).toBe(7);
    expect(
      decisions.slice(3).every((decision) => decision.kind === 'attach' && decision.incident === group?.incident),
    ).toBe(true);
  });

  it('groups the paraphrases of one outage together whatever order they come in', () => {
    // Arrange
    const more = [
      ...paraphrases,
      'the app keeps crashing, fix it',
      'website not loading for me, is it down',
      'the whole site is offline, what is happening',
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(more, { minLength: more.length }), (order) => {
        // Act
        const { state } = replay(
          order.map((text, i) => sample(String(i), text, at(i))),
          { ...policy, threshold: 100 },
        );
        // Assert
        expect(state.groups).toHaveLength(1);
      }),
    );
  });

  it('keeps other subjects of the same lane in groups of their own, below the threshold', () => {
    // Arrange: two delivery complaints and two about the tracking page, alternating.
    const texts = [
      'my parcel never arrived',
      'tracking page shows an error for my order',
      'parcel still not arrived, where is it',
      'order tracking page error again',
    ];
    // Act
    const { state, decisions } = replay(
      texts.map((text, i) => sample(String(i), text, at(i), plain)),
      policy,
      emptyWindow('orders-delivery'),
    );
    // Assert
    expect(decisions.map((decision) => decision.kind)).toEqual(['none', 'none', 'none', 'none']);
    expect(state.groups.map((group) => group.members.map((member) => member.mentionId))).toEqual([
      ['x:0', 'x:2'],
      ['x:1', 'x:3'],
    ]);
  });

  it('answers a mention it counted before as it did then, without changing the window', () => {
    // Arrange
    const samples = paraphrases.slice(0, 4).map((text, i) => sample(String(i), text, at(i)));
    const { state } = replay(samples);
    // Act: each is delivered again a minute later.
    const again = samples.map((value) => joinWindow(state, { ...value, at: at(5) }, policy));
    // Assert: the members and the opener are known; the one that attached attaches again (the
    // incident register, not the window, keeps it from being counted twice).
    expect(again.map((step) => step.decision.kind)).toEqual(['attach', 'attach', 'open', 'attach']);
    expect(again.slice(0, 3).every((step) => !step.changed && step.state === state)).toBe(true);
    expect(again[3]?.state.groups).toHaveLength(1);
  });

  it('counts only what arrived within the window: a member exactly one window old is out', () => {
    // Arrange
    const windowed = { ...policy, windowMinutes: 15 };
    const first = sample('0', 'the app is down', at(0));
    const second = sample('1', 'app down for me too', at(5));
    // Act
    const justInside = replay([first, second, sample('2', 'app is down again', at(14, 59))], windowed);
    const justOutside = replay([first, second, sample('2', 'app is down again', at(15, 0))], windowed);
    // Assert
    expect(justInside.decisions.at(-1)?.kind).toBe('open');
    expect(justOutside.decisions.at(-1)).toMatchObject({ kind: 'none', members: 2 });
    expect(justOutside.state.groups[0]?.members.map((member) => member.mentionId)).toEqual(['x:1', 'x:2']);
  });

  it('forgets a group whose members all left the window, and starts afresh', () => {
    // Arrange
    const { state } = replay([sample('0', 'the app is down', at(0)), sample('1', 'app down', at(1))]);
    // Act
    const later = joinWindow(state, sample('2', 'app is down', at(40)), policy);
    // Assert
    expect(later.decision).toMatchObject({ kind: 'none', members: 1 });
    expect(later.state.groups).toHaveLength(1);
    expect(later.state.groups[0]?.id).not.toBe(state.groups[0]?.id);
  });

  it('keeps an incident catching mentions while it is busy, and lets it go after a long silence', () => {
    // Arrange
    const { state } = replay(paraphrases.slice(0, 3).map((text, i) => sample(String(i), text, at(i))));
    const idle = { ...policy, incidentIdleMinutes: 60 };
    // Act
    const busy = joinWindow(state, sample('9', 'app is down', at(2 + 59)), idle);
    const silent = joinWindow(state, sample('9', 'app is down', at(2 + 60)), idle);
    // Assert
    expect(busy.decision.kind).toBe('attach');
    expect(silent.decision).toMatchObject({ kind: 'none', members: 1 });
  });

  it('leaves a mention with no terms out, unchanged', () => {
    // Act
    const step = joinWindow(emptyWindow('other'), sample('0', 'why?? 123', at(0), plain), policy);
    // Assert
    expect(step).toMatchObject({ decision: { kind: 'none', members: 0 }, changed: false });
    expect(step.state.groups).toEqual([]);
  });

  it('keeps at most maxGroups groups, forgetting the quietest that are not incidents', () => {
    // Arrange: an incident first, then a crowd of one-off mentions with nothing in common.
    const opened = replay(paraphrases.slice(0, 3).map((text, i) => sample(String(i), text, at(0, i))));
    let state = opened.state;
    for (let i = 0; i < maxGroups + 5; i += 1) {
      state = joinWindow(
        state,
        { mentionId: `x:solo-${i}`, at: at(1, i % 60), conversation: `x:s${i}`, terms: [`w${i}`] },
        policy,
      ).state;
    }
    // Assert
    expect(state.groups).toHaveLength(maxGroups);
    expect(state.groups.some((group) => group.incident !== undefined)).toBe(true);
    expect(state.groups.some((group) => group.members[0]?.mentionId === 'x:solo-0')).toBe(false);
  });
});

describe('endIncident, pruneWindow, windowExpiry, signatureOf', () => {
  it('forgets an ended incident, so the next mention starts a new group', () => {
    // Arrange
    const { state } = replay(
      ['app down', 'app is down', 'the app is down'].map((text, i) => sample(String(i), text, at(i))),
    );
    const caseId = state.groups[0]?.incident?.caseId ?? '';
    // Act
    const ended = endIncident(state, caseId);
    const next = joinWindow(ended, sample('9', 'app is down', at(4)), policy);
    // Assert
    expect(ended.groups).toEqual([]);
    expect(endIncident(ended, caseId)).toBe(ended);
    expect(next.decision).toMatchObject({ kind: 'none', members: 1 });
  });

  it('returns the very same window when nothing is pruned', () => {
    // Arrange
    const { state } = replay([sample('0', 'app down', at(0))]);
    // Act / Assert
    expect(pruneWindow(state, at(1), policy)).toBe(state);
  });

  it('keeps a window one window long, or as long as an incident may idle when it holds one', () => {
    // Arrange
    const quiet = replay([sample('0', 'app down', at(0))]).state;
    const busy = replay(
      ['app down', 'app is down', 'the app is down'].map((text, i) => sample(String(i), text, at(i))),
    ).state;
    // Act / Assert
    expect(windowExpiry(quiet, at(0), policy).toISOString()).toBe(at(15));
    expect(windowExpiry(busy, at(0), policy).getTime() - Date.parse(at(0))).toBe(policy.incidentIdleMinutes * 60_000);
  });

  it('names a group by its lane and its three most used words, signals left out', () => {
    // Act / Assert
    expect(signatureOf('billing', { terms: { '~outage': 9, charg: 5, twice: 4, refund: 4, month: 1 } })).toBe(
      'billing:charg+refund+twice',
    );
    expect(signatureOf('other', { terms: { '~outage': 2 } })).toBe('other:alike');
  });
});
