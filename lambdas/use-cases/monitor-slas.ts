import { bridgeActor, type Case, type CaseStatus } from '../domain/case.ts';
import { hoursOf, type QueueHours } from '../domain/service-levels.ts';
import {
  type DueSoonPolicy,
  notificationOf,
  type SlaAlertKey,
  type SlaDue,
  slaCheck,
  unnotifiedAlerts,
} from '../domain/sla-check.ts';
import type { CaseSystem } from '../ports/case-system.ts';
import type { Clock } from '../ports/clock.ts';
import type { Notifier } from '../ports/notifier.ts';

export interface MonitorPorts {
  readonly cases: CaseSystem;
  readonly notifier: Notifier;
  readonly clock: Clock;
}

export interface MonitorPolicy {
  readonly dueSoon: DueSoonPolicy;
  /** The queues' hours (the routing file's), for the time zone alerts are written in; UTC for others. */
  readonly queueHours?: readonly QueueHours[];
  /** Cases read per page; 100 when not given. */
  readonly pageSize?: number;
  /** Cases checked at once; 8 when not given. */
  readonly concurrency?: number;
}

/** A case the monitor could not finish, and why; the next run tries it again. */
export interface MonitorProblem {
  readonly caseId: string;
  readonly stage: 'check' | 'notify';
  readonly error: unknown;
}

export interface MonitorOutcome {
  /** Open cases looked at. */
  readonly checked: number;
  /** Alerts raised in this run, by kind. */
  readonly raised: Readonly<Record<SlaAlertKey, number>>;
  /** Cases whose priority an alert raised. */
  readonly escalated: number;
  /** Breaches flagged in this run, one entry each. */
  readonly breaches: readonly SlaDue[];
  /** Notifications handed over (new ones, and earlier ones that had failed). */
  readonly notified: number;
  readonly problems: readonly MonitorProblem[];
}

/** The statuses of cases still being worked: the ones with promises to keep. */
const monitoredStatuses: readonly CaseStatus[] = ['new', 'open', 'pending'];

interface Tally {
  checked: number;
  raised: Record<SlaAlertKey, number>;
  escalated: number;
  breaches: SlaDue[];
  notified: number;
  problems: MonitorProblem[];
}

/**
 * Hands over the notifications `latest` owes: those of alerts raised in this run, and those of
 * alerts raised in an earlier run whose hand-over failed (the case itself is the outbox). An
 * alert that another monitor raised a moment ago (neither ours nor in the case as listed) is left
 * to that monitor. Each hand-over is then recorded, so it is not repeated; should recording fail,
 * the next run hands it over again under the same id, which receivers drop.
 */
const handOver = async (
  latest: Case,
  listed: Case,
  raisedNow: ReadonlySet<SlaAlertKey>,
  ports: MonitorPorts,
  tally: Tally,
): Promise<void> => {
  const owed = unnotifiedAlerts(latest).filter((key) => raisedNow.has(key) || listed.slaAlerts.includes(key));
  for (const key of owed) {
    const notification = notificationOf(latest, key);
    if (notification === undefined) continue;
    try {
      await ports.notifier.notify(notification);
    } catch (error) {
      tally.problems.push({ caseId: latest.caseId, stage: 'notify', error });
      continue;
    }
    tally.notified += 1;
    await ports.cases.changeCase(
      latest.caseId,
      { kind: 'sla-notified', alert: key, notificationId: notification.id },
      ports.clock.now().toISOString(),
      bridgeActor,
    );
  }
};

/** Raises the alerts one case is due, escalating as they say, then notifies. */
const monitorCase = async (listed: Case, ports: MonitorPorts, policy: MonitorPolicy, tally: Tally): Promise<void> => {
  const now = ports.clock.now();
  const timeZone = hoursOf(listed.queue, policy).timeZone;
  let latest = listed;
  const raisedNow = new Set<SlaAlertKey>();
  for (const alert of slaCheck(listed, now, policy.dueSoon, timeZone)) {
    // Versioned and idempotent: of two monitors raising the same alert, one records it and the
    // other is told nothing changed, so only the first notifies.
    const outcome = await ports.cases.changeCase(
      listed.caseId,
      {
        kind: 'sla-alert',
        alert: alert.key,
        dueAt: alert.dueAt,
        message: alert.message,
        ...(alert.escalateTo === undefined ? {} : { escalateTo: alert.escalateTo }),
      },
      now.toISOString(),
      bridgeActor,
    );
    latest = outcome.case;
    if (!outcome.changed) continue;
    raisedNow.add(alert.key);
    tally.raised[alert.key] += 1;
    if (alert.stage === 'breached') tally.breaches.push(alert.due);
    const entry = outcome.case.audit.at(-1);
    if (entry?.before?.priority !== entry?.after?.priority) tally.escalated += 1;
  }
  await handOver(latest, listed, raisedNow, ports, tally);
};

/**
 * The SLA monitor's run (an EventBridge schedule in AWS, a timer locally): reads every case still
 * being worked (`new`, `open`, `pending`), page by page, and for each raises the alerts that are
 * due (see the domain's `slaCheck`): due soon escalates the case one priority step, breached
 * flags it in `breaches`; both tell the owner and the queue through the notifier.
 *
 * Nobody is told twice: an alert is first recorded on the case with a versioned, idempotent
 * change (`slaAlerts`), and only the run that recorded it notifies; the hand-over is then
 * recorded in the case's audit. A notification whose hand-over failed (or was not recorded) is
 * sent again by the next run under the same id — at least once, never under two ids — so the
 * case is its own outbox and receivers drop repeats by id. A resolved case's pending notices are
 * dropped with it: there is nothing left to chase.
 *
 * A case that cannot be checked is reported in `problems` and tried again next run; a case
 * system that cannot be listed fails the run.
 */
export const monitorSlas = async (ports: MonitorPorts, policy: MonitorPolicy): Promise<MonitorOutcome> => {
  const tally: Tally = {
    checked: 0,
    raised: {
      'first-response:due-soon': 0,
      'first-response:breached': 0,
      'resolution:due-soon': 0,
      'resolution:breached': 0,
    },
    escalated: 0,
    breaches: [],
    notified: 0,
    problems: [],
  };
  const pageSize = policy.pageSize ?? 100;
  const concurrency = Math.max(1, policy.concurrency ?? 8);
  const seen = new Set<string>();
  for (const status of monitoredStatuses) {
    let cursor: string | undefined;
    do {
      const page = await ports.cases.listCases({ status, limit: pageSize, ...(cursor ? { cursor } : {}) });
      // A case whose status changed while the pages were read may come up twice: check it once.
      const fresh = page.items.filter((value) => !seen.has(value.caseId));
      for (const value of fresh) seen.add(value.caseId);
      for (let start = 0; start < fresh.length; start += concurrency) {
        await Promise.all(
          fresh.slice(start, start + concurrency).map(async (value) => {
            tally.checked += 1;
            try {
              await monitorCase(value, ports, policy, tally);
            } catch (error) {
              tally.problems.push({ caseId: value.caseId, stage: 'check', error });
            }
          }),
        );
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return tally;
};
