import type { Case } from '../domain/case.ts';
import { isIncident } from '../domain/incident.ts';
import type { Reply } from '../domain/reply.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { IncidentRegister } from '../ports/incident-register.ts';
import type { ReplyStore } from '../ports/reply-store.ts';
import { statementIdOf } from './join-surge.ts';

export interface ListIncidentsPorts {
  readonly cases: Pick<CaseSystem, 'getCase'>;
  readonly incidents: Pick<IncidentRegister, 'openIncidents' | 'memberCount'>;
  readonly replies: Pick<ReplyStore, 'get'>;
}

/** One open incident as the social team sees it. */
export interface IncidentSummary {
  /** The parent case, its `incident.mentions` brought up to date from the register. */
  readonly case: Case;
  /** Mentions in the incident so far (the case's timeline holds a sample of them). */
  readonly mentions: number;
  /** The holding statement drafted when it opened, in whatever state it has reached; absent when none could be drafted. */
  readonly statement?: Reply;
}

/**
 * The open incidents, newest first, each with its parent case, how many mentions it has and its
 * holding statement. Resolved incidents leave the list; their cases stay readable as cases.
 */
export const listIncidents = async (ports: ListIncidentsPorts): Promise<{ items: IncidentSummary[] }> => {
  const ids = await ports.incidents.openIncidents();
  const items = await Promise.all(
    ids.map(async (caseId): Promise<IncidentSummary | undefined> => {
      const [found, mentions, statement] = await Promise.all([
        ports.cases.getCase(caseId),
        ports.incidents.memberCount(caseId),
        ports.replies.get(statementIdOf(caseId)),
      ]);
      if (found === undefined || !isIncident(found)) return undefined;
      const value = found.incident === undefined ? found : { ...found, incident: { ...found.incident, mentions } };
      return { case: value, mentions, ...(statement === undefined ? {} : { statement }) };
    }),
  );
  return {
    items: items
      .filter((item) => item !== undefined)
      .sort((a, b) => b.case.createdAt.localeCompare(a.case.createdAt) || a.case.caseId.localeCompare(b.case.caseId)),
  };
};
