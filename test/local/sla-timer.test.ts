import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SlaMonitorSummary } from '../../lambdas/handlers/sla-monitor.ts';
import { startSlaTimer } from '../../lambdas/local/sla-timer.ts';

const summary = (checked: number): SlaMonitorSummary => ({
  checked,
  raised: {
    'first-response:due-soon': 0,
    'first-response:breached': 0,
    'resolution:due-soon': 0,
    'resolution:breached': 0,
  },
  escalated: 0,
  breaches: { 'first-response': 0, resolution: 0 },
  notified: 0,
  problems: [],
});

/** A handler that takes `ms` per run and records how many runs overlapped at most. */
const slowHandler = (ms: number) => {
  const state = { runs: 0, active: 0, mostAtOnce: 0, events: [] as unknown[] };
  const handler = async (event: unknown) => {
    state.events.push(event);
    state.runs += 1;
    state.active += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.active);
    await new Promise((resolve) => setTimeout(resolve, ms));
    state.active -= 1;
    return summary(state.runs);
  };
  return { handler, state };
};

describe('startSlaTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('invokes the handler every interval with a scheduled event, and not after it is stopped', async () => {
    // Arrange
    vi.useFakeTimers();
    const { handler, state } = slowHandler(10);
    const timer = startSlaTimer(handler, { everyMinutes: 5 });

    // Act
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    const beforeFirstTick = state.runs;
    await vi.advanceTimersByTimeAsync(1 + 10);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await timer.stop();
    await vi.advanceTimersByTimeAsync(15 * 60_000);

    // Assert
    expect(beforeFirstTick).toBe(0);
    expect(state.runs).toBe(2);
    expect(state.events[0]).toMatchObject({ 'detail-type': 'Scheduled Event', detail: {} });
  });

  it('never runs twice at once: runNow waits for a run under way', async () => {
    // Arrange
    const { handler, state } = slowHandler(30);
    const timer = startSlaTimer(handler, { everyMinutes: 5 });

    // Act
    const results = await Promise.all([timer.runNow(), timer.runNow(), timer.runNow()]);
    await timer.stop();

    // Assert
    expect(state.mostAtOnce).toBe(1);
    expect(results.map((result) => result.checked)).toEqual([1, 2, 3]);
  });

  it('waits for the run under way when stopped, and runs no more', async () => {
    // Arrange
    const { handler, state } = slowHandler(50);
    const timer = startSlaTimer(handler, { everyMinutes: 5 });
    const running = timer.runNow();

    // Act
    await timer.stop();

    // Assert
    expect(state.active).toBe(0);
    await expect(running).resolves.toMatchObject({ checked: 1 });
    await expect(timer.runNow()).rejects.toThrow('the SLA timer is stopped');
  });

  it('reports a failed run and keeps going', async () => {
    // Arrange
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const timer = startSlaTimer(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('table unavailable');
        return summary(calls);
      },
      { everyMinutes: 1, onError: (error) => errors.push(error) },
    );

    // Act
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await timer.stop();

    // Assert
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('table unavailable')]);
  });
});
