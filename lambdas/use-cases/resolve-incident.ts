import { bridgeActor, type Case } from '../domain/case.ts';
import { Topic } from '../domain/classification.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import { closureReplyText, isIncident } from '../domain/incident.ts';
import type { Mention } from '../domain/mention.ts';
import { endIncident, type SurgePolicy, windowExpiry } from '../domain/surge.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { Fingerprints } from '../ports/fingerprints.ts';
import type { IncidentRegister } from '../ports/incident-register.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { ReplyStore } from '../ports/reply-store.ts';
import type { SurgeWindow } from '../ports/surge-window.ts';
import { draftReply } from './draft-reply.ts';

export interface ResolveIncidentPorts {
  readonly cases: CaseSystem;
  readonly windows: SurgeWindow;
  readonly incidents: IncidentRegister;
  readonly mentions: Pick<MentionStore, 'getRecord'>;
  readonly replies: ReplyStore;
  readonly events: EventPublisher;
  readonly fingerprints: Fingerprints;
  readonly clock: Clock;
}

export interface ClosureCount {
  /** Closure replies drafted by this call. */
  readonly drafted: number;
  /** People who had theirs drafted already (an earlier call). */
  readonly existing: number;
  /** People the bridge cannot answer where they posted (a review, an import): the team's to reach. */
  readonly unreachable: number;
}

export interface ResolveIncidentOutcome {
  readonly incident: Case;
  /** False when the incident was resolved already: this call only finished what was missing. */
  readonly resolved: boolean;
  readonly closures: ClosureCount;
}

/** Mention records read at once while drafting closures. */
const readConcurrency = 16;

/** The id of one person's closure reply: one per person per incident, however often it is resolved. */
export const closureIdOf = (incidentCaseId: string, authorKey: string, fingerprints: Fingerprints): string =>
  `closure-${fingerprints.digest(`${incidentCaseId}\u0000${authorKey}`)}`;

const authorKeyOf = (mention: Pick<Mention, 'network' | 'author'>): string => `${mention.network}:${mention.author.id}`;

/** Maps in slices of `size` at once: thousands of members, but a bounded number of reads in flight. */
const inSlices = async <T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  }
  return results;
};

/**
 * The mention each person of the incident is answered on: their latest one still up (deleted
 * posts are not answered), one person per network account.
 */
const latestPerAuthor = (records: readonly (MentionRecord | undefined)[]): Mention[] => {
  const latest = new Map<string, Mention>();
  for (const record of records) {
    if (record === undefined || record.mention.deletedAt !== undefined) continue;
    const key = authorKeyOf(record.mention);
    const known = latest.get(key);
    const later =
      known === undefined ||
      record.mention.createdAt > known.createdAt ||
      (record.mention.createdAt === known.createdAt && record.mention.mentionId > known.mentionId);
    if (later) latest.set(key, record.mention);
  }
  return [...latest.values()].sort((a, b) => a.mentionId.localeCompare(b.mentionId));
};

/** The lane the incident's surge was counted in (its topic when it opened; a person may change the case's since). */
const laneOf = (value: Case): Topic => Topic.safeParse(value.incident?.topic).data ?? value.topic;

/** The group of the incident is taken out of its lane's window, so later mentions start afresh. */
const forgetGroup = async (value: Case, ports: ResolveIncidentPorts, policy: SurgePolicy): Promise<void> => {
  const lane = laneOf(value);
  const at = ports.clock.now().toISOString();
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const { state, version } = await ports.windows.read(lane);
    const next = endIncident(state, value.caseId);
    if (next === state || (await ports.windows.write(next, version, windowExpiry(next, at, policy)))) return;
  }
  throw new DomainError('CONFLICT', `the ${lane} surge window kept changing; try again`, {
    retryable: true,
    details: { lane, caseId: value.caseId },
  });
};

/**
 * Resolves an incident: its parent case becomes `resolved` (audited as `actor`'s), its group
 * leaves the surge window (a problem that comes back is a new incident), it leaves the open
 * incidents, and every person in it gets a closure reply drafted — one per person (network
 * account), on their latest mention still up, public where they posted in public and direct
 * where they wrote directly; drafts only: the social team reviews and sends them. Finally
 * `incident.resolved` is published.
 *
 * Idempotent: resolving again changes nothing that is done, and drafts what an interrupted call
 * left out (closure ids are fixed by incident and person). Throws NOT_FOUND for no such case,
 * VALIDATION_FAILED for a case that is not an incident, CONFLICT for one that was closed.
 */
export const resolveIncident = async (
  incidentCaseId: string,
  actor: string,
  ports: ResolveIncidentPorts,
  policy: SurgePolicy,
): Promise<ResolveIncidentOutcome> => {
  const found = await ports.cases.getCase(incidentCaseId);
  if (found === undefined) {
    throw new DomainError('NOT_FOUND', `no incident ${incidentCaseId}`, { details: { caseId: incidentCaseId } });
  }
  if (!isIncident(found)) {
    throw new DomainError('VALIDATION_FAILED', `case ${incidentCaseId} is not an incident; resolve it as a case`, {
      details: { caseId: incidentCaseId, kind: found.kind },
    });
  }
  const at = ports.clock.now().toISOString();
  const outcome = await ports.cases.changeCase(
    incidentCaseId,
    { kind: 'status', to: 'resolved', note: 'incident resolved; closure replies drafted for the people in it' },
    at,
    actor,
  );
  await forgetGroup(found, ports, policy);
  await ports.incidents.markEnded(incidentCaseId);

  const members = await ports.incidents.members(incidentCaseId);
  const people = latestPerAuthor(await inSlices(members, readConcurrency, (id) => ports.mentions.getRecord(id)));
  const drafts = await inSlices(people, readConcurrency, async (mention) => {
    const kind = mention.direct || mention.network === 'messenger' ? 'direct' : 'public';
    try {
      const { created } = await draftReply(
        {
          itemId: incidentCaseId,
          mention,
          kind,
          text: closureReplyText(laneOf(found), mention.author.handle),
          createdBy: bridgeActor,
          replyId: closureIdOf(incidentCaseId, authorKeyOf(mention), ports.fingerprints),
        },
        ports,
      );
      return created ? 'drafted' : 'existing';
    } catch (error) {
      if (isDomainError(error) && error.code === 'VALIDATION_FAILED') return 'unreachable';
      throw error;
    }
  });
  const closures: ClosureCount = {
    drafted: drafts.filter((result) => result === 'drafted').length,
    existing: drafts.filter((result) => result === 'existing').length,
    unreachable: drafts.filter((result) => result === 'unreachable').length,
  };
  await ports.events.publish([
    {
      id: `incident.resolved:${incidentCaseId}`,
      type: 'incident.resolved',
      at: outcome.case.resolvedAt ?? at,
      detail: {
        caseId: incidentCaseId,
        topic: laneOf(found),
        ...(found.incident === undefined ? {} : { signature: found.incident.signature }),
        resolvedBy: actor,
        mentions: members.length,
        people: people.length,
        closureReplies: closures.drafted + closures.existing,
      },
    },
  ]);
  return { incident: outcome.case, resolved: outcome.changed, closures };
};
