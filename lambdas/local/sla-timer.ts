import type { Context } from 'aws-lambda';
import { functions } from '../../lib/definitions.ts';
import type { SlaMonitorSummary } from '../handlers/sla-monitor.ts';
import { lambdaContext } from './lambda-context.ts';

/** The SLA monitor's handler, as `createSlaMonitorHandler` builds it. */
export type SlaMonitorHandler = (event: unknown, context: Context) => Promise<SlaMonitorSummary>;

export interface SlaTimerOptions {
  /** How often the handler runs (`slaMonitorMinutes` from lib/definitions.ts). */
  readonly everyMinutes: number;
  /** A run that failed; the next tick runs again, as the schedule would. */
  readonly onError?: (error: unknown) => void;
}

export interface SlaTimer {
  /** Runs the monitor now (after a run under way, never beside it) and answers what it did. */
  runNow(): Promise<SlaMonitorSummary>;
  /** No more runs; resolves once a run under way has finished. */
  stop(): Promise<void>;
}

/** What EventBridge Scheduler hands the function; the monitor reads nothing from it. */
const scheduledEvent = (at: Date) => ({
  version: '0',
  id: `local-sla-monitor-${at.getTime()}`,
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  account: '000000000000',
  time: at.toISOString(),
  region: 'local',
  resources: ['arn:aws:scheduler:local:000000000000:schedule/default/sla-monitor'],
  detail: {},
});

/**
 * The local runtime's stand-in for the SLA monitor's schedule: invokes the handler every
 * `everyMinutes`, one run at a time (a tick while a run is under way is skipped, so runs never
 * overlap on one machine). The timer does not keep the process alive. Tests call `runNow()`
 * after moving their clock instead of waiting.
 */
export const startSlaTimer = (handler: SlaMonitorHandler, options: SlaTimerOptions): SlaTimer => {
  let running: Promise<SlaMonitorSummary> | undefined;
  let stopped = false;
  const run = (): Promise<SlaMonitorSummary> => {
    const next = (running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => handler(scheduledEvent(new Date()), lambdaContext(functions.slaMonitor)));
    running = next;
    void next
      .finally(() => {
        if (running === next) running = undefined;
      })
      .catch(() => undefined);
    return next;
  };
  const timer = setInterval(() => {
    if (stopped || running !== undefined) return;
    run().catch((error: unknown) => options.onError?.(error));
  }, options.everyMinutes * 60_000);
  timer.unref();
  return {
    runNow: () => {
      if (stopped) return Promise.reject(new Error('the SLA timer is stopped'));
      return run();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
};
