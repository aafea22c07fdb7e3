import { bridgeActor, type Case, isOpenCase } from '../domain/case.ts';
import { DomainError } from '../domain/errors.ts';
import type { Network } from '../domain/mention.ts';
import {
  type CaseFacts,
  routeCase as decideRoute,
  isVipTier,
  overflowThresholds,
  queueNamed,
  type RoutingDecision,
  type RoutingRules,
  type WaitingCounts,
} from '../domain/routing-rules.ts';
import { caseDue, type DuePolicy } from '../domain/service-levels.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import type { TeamQueues } from '../ports/team-queues.ts';
import type { WorkQueue } from '../ports/work-queue.ts';

export interface RouteCasePorts {
  readonly cases: CaseSystem;
  /** Where the waiting cases are counted, for the queues that overflow. */
  readonly work: WorkQueue;
  readonly teamQueues: TeamQueues;
  readonly clock: Clock;
  /** Where the customer's tier comes from; without it, tier and VIP rules never match. */
  readonly directory?: Pick<IdentityDirectory, 'getCustomer'>;
}

export interface RouteCaseOptions {
  /** The language the customer wrote in (the case does not record it); language rules need it. */
  readonly language?: string;
  /** The network of the contact; the latest social entry of the timeline when absent. */
  readonly network?: Network;
  /**
   * A person sends the case to this team queue, whatever the rules say (triage's `assign`).
   * The queue must be declared; hours and overflow do not apply to a person's choice.
   */
  readonly queue?: string;
  /** Who made the choice; the bridge when absent. */
  readonly actor?: string;
  /**
   * Evaluate the rules again for a case routed before (its topic or priority changed). Without
   * it, a case already routed keeps its decision, so a redelivered request routes it once.
   */
  readonly reroute?: boolean;
  /**
   * How due times are counted. With it, a case that moves to another queue gets its due times
   * counted again from its opening, in the new queue's business hours (the rules' queues, unless
   * the policy names others). Without it, a case keeps the due times it was opened with.
   */
  readonly duePolicy?: DuePolicy;
}

export type RouteCaseOutcome =
  | {
      readonly routed: true;
      readonly case: Case;
      readonly decision: RoutingDecision;
      /** False when the case already was where the decision sends it. */
      readonly changed: boolean;
    }
  | { readonly routed: false; readonly case: Case; readonly reason: string };

/** The rule name under which a person's choice of queue is recorded. */
export const assignedRuleName = 'assigned';

const latestNetwork = (value: Case): Network | undefined =>
  value.timeline.findLast((entry) => entry.network !== undefined)?.network;

const tierOf = async (value: Case, ports: RouteCasePorts): Promise<string | undefined> => {
  if (value.party.kind !== 'customer' || ports.directory === undefined) return undefined;
  return (await ports.directory.getCustomer(value.party.customerId))?.tier;
};

/** What the rules may ask of the case. */
const factsOf = async (value: Case, rules: RoutingRules, ports: RouteCasePorts, options: RouteCaseOptions) => {
  const tier = await tierOf(value, ports);
  const network = options.network ?? latestNetwork(value);
  const facts: CaseFacts = {
    topic: value.topic,
    priority: value.priority,
    unknownCustomer: value.party.kind === 'social' || value.flags.includes('unknown-customer'),
    vip: isVipTier(tier, rules),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(network === undefined ? {} : { network }),
    ...(tier === undefined ? {} : { tier }),
  };
  return facts;
};

/**
 * Cases waiting in each queue that overflows, read up to its threshold (more would not change
 * the decision). The case being routed is not counted: it may already wait in one of them.
 */
const waitingCounts = async (caseId: string, rules: RoutingRules, work: WorkQueue): Promise<WaitingCounts> => {
  const entries = await Promise.all(
    Object.entries(overflowThresholds(rules)).map(async ([queue, threshold]) => {
      const waiting = await work.waitingIn(queue, threshold + 1);
      return [queue, waiting.filter((value) => value.caseId !== caseId).length] as const;
    }),
  );
  return Object.fromEntries(entries);
};

const personsChoice = (queue: string, rules: RoutingRules, actor: string): RoutingDecision => {
  if (queueNamed(rules, queue) === undefined) {
    const known = rules.queues.map((value) => value.name).join(', ');
    throw new DomainError('VALIDATION_FAILED', `there is no team queue "${queue}"; the queues are ${known}`, {
      details: { queue, queues: rules.queues.map((value) => value.name) },
    });
  }
  return { rule: assignedRuleName, queue, reason: `assigned to ${queue} by ${actor}` };
};

/** The due times of `value` in `queue`, when the policy is known and the queue is another one. */
const duesIn = (value: Case, queue: string, rules: RoutingRules, policy: DuePolicy | undefined) => {
  if (policy === undefined || queue === value.queue) return {};
  const { due, statedDeadline } = caseDue(
    {
      priority: value.priority,
      queue,
      openedAt: new Date(value.createdAt),
      ...(value.statedDeadline === undefined
        ? {}
        : { deadline: { at: value.statedDeadline.at, phrase: value.statedDeadline.phrase } }),
    },
    { ...policy, queueHours: policy.queueHours ?? rules.queues },
  );
  return { due, ...(statedDeadline === undefined ? {} : { statedDeadline }) };
};

/**
 * Sends an open case to a team queue: the routing rules pick the queue (with the customer's tier
 * from the directory and live waiting counts for overflow), or a person does. The decision and
 * its reason are written on the case (audited as `routed`), then the case is handed to that
 * team's queue, whose consumer puts it in the team's work order. Safe to repeat: a case already
 * routed keeps its decision unless asked to `reroute`, and is handed over again only while it
 * is not yet in its team's work order. A case that is no longer open is left alone. With a
 * `duePolicy`, a case moved to another queue is due by that queue's business hours.
 */
export const routeCase = async (
  caseId: string,
  ports: RouteCasePorts,
  rules: RoutingRules,
  options: RouteCaseOptions = {},
): Promise<RouteCaseOutcome> => {
  const found = await ports.cases.getCase(caseId);
  if (!found) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { details: { caseId } });
  if (!isOpenCase(found)) {
    const why = found.mergedInto === undefined ? `is ${found.status}` : `was merged into ${found.mergedInto}`;
    return { routed: false, case: found, reason: `case ${caseId} ${why}; only open cases are routed` };
  }
  const actor = options.actor ?? bridgeActor;
  if (found.routing !== undefined && options.queue === undefined && options.reroute !== true) {
    // Routed before (a redelivery): keep the decision, and the queue a person may have chosen since.
    if (found.queuedAt === undefined) await ports.teamQueues.enqueue(found.queue, caseId);
    const { rule, queue, reason } = found.routing;
    return { routed: true, case: found, decision: { rule, queue, reason }, changed: false };
  }
  const now = ports.clock.now();
  const decision =
    options.queue === undefined
      ? decideRoute(
          await factsOf(found, rules, ports, options),
          rules,
          now,
          await waitingCounts(caseId, rules, ports.work),
        )
      : personsChoice(options.queue, rules, actor);
  const outcome = await ports.cases.changeCase(
    caseId,
    {
      kind: 'route',
      rule: decision.rule,
      queue: decision.queue,
      reason: decision.reason,
      ...duesIn(found, decision.queue, rules, options.duePolicy),
    },
    now.toISOString(),
    actor,
  );
  // Handed over again while not yet in the work order: the first hand-over may have been lost.
  if (outcome.changed || outcome.case.queuedAt === undefined) await ports.teamQueues.enqueue(decision.queue, caseId);
  return { routed: true, case: outcome.case, decision, changed: outcome.changed };
};
