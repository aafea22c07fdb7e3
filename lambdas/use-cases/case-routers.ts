import type { RoutingRules } from '../domain/routing-rules.ts';
import type { DuePolicy } from '../domain/service-levels.ts';
import type { RoutingHints } from './place-service-need.ts';
import { type RouteCasePorts, routeCase } from './route-case.ts';

/** Routes each newly opened case by the rules: what escalate and triage hand to `placeServiceNeed`. */
export const newCaseRouter =
  (ports: RouteCasePorts, rules: RoutingRules, duePolicy?: DuePolicy) =>
  async (caseId: string, hints: RoutingHints): Promise<void> => {
    await routeCase(caseId, ports, rules, { ...hints, ...(duePolicy ? { duePolicy } : {}) });
  };

/** Sends a case to the team a person chose, recorded as their choice: triage's `assign`. */
export const teamAssigner =
  (ports: RouteCasePorts, rules: RoutingRules, duePolicy?: DuePolicy) =>
  async (caseId: string, team: string, actor: string): Promise<void> => {
    await routeCase(caseId, ports, rules, { queue: team, actor, reroute: true, ...(duePolicy ? { duePolicy } : {}) });
  };
