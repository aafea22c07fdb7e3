import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../lambdas/domain/bridge-event.ts';
import { eventLogPathIn, LocalEventLog } from '../../lambdas/local/local-event-log.ts';

const holdStarted: BridgeEvent = {
  id: 'customer.service-hold:c-1:started:2030-03-01T09:00:00.000Z',
  type: 'customer.service-hold',
  at: '2030-03-01T09:00:01.000Z',
  detail: { customerId: 'c-1', state: 'started', since: '2030-03-01T09:00:00.000Z', caseIds: ['case-1'] },
};

const contacted = (n: number): BridgeEvent => ({
  id: `case.customer-contacted:case-1:x:${n}`,
  type: 'case.customer-contacted',
  at: `2030-03-01T10:00:0${n}.000Z`,
  detail: { caseId: 'case-1', customerId: 'c-1', mentionId: `x:${n}` },
});

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'event-log-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('LocalEventLog', () => {
  it('appends each event as one JSON line to <dataDir>/events.ndjson, creating the directory', async () => {
    // Arrange
    const file = eventLogPathIn(path.join(dataDir, 'not-yet-there'));
    const log = new LocalEventLog(file);

    // Act
    await log.publish([holdStarted, contacted(1)]);
    await log.publish([contacted(2)]);

    // Assert
    expect(path.basename(file)).toBe('events.ndjson');
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(linesOf(file)).toEqual([holdStarted, contacted(1), contacted(2)]);
  });

  it('keeps the events in memory, oldest first, and filters them by type', async () => {
    // Arrange
    const log = new LocalEventLog(eventLogPathIn(dataDir));

    // Act
    await log.publish([contacted(1), holdStarted, contacted(2)]);

    // Assert
    expect(log.events()).toEqual([contacted(1), holdStarted, contacted(2)]);
    expect(log.events('case.customer-contacted')).toEqual([contacted(1), contacted(2)]);
    expect(log.events('customer.service-hold')).toEqual([holdStarted]);
    expect(log.events('case.merge-offered')).toEqual([]);
  });

  it('survives a restart: a new log over the same file starts with what the old one recorded', async () => {
    // Arrange
    const file = eventLogPathIn(dataDir);
    await new LocalEventLog(file).publish([holdStarted, contacted(1)]);

    // Act
    const restarted = new LocalEventLog(file);
    await restarted.publish([contacted(2)]);

    // Assert
    expect(restarted.events()).toEqual([holdStarted, contacted(1), contacted(2)]);
    expect(linesOf(file)).toEqual([holdStarted, contacted(1), contacted(2)]);
  });

  it('records a repeated event again, as the bus would; consumers drop repeats by id', async () => {
    // Arrange
    const log = new LocalEventLog(eventLogPathIn(dataDir));

    // Act
    await log.publish([holdStarted]);
    await log.publish([holdStarted]);

    // Assert
    expect(log.events().map((event) => event.id)).toEqual([holdStarted.id, holdStarted.id]);
  });

  it('lives in memory only when given no file', async () => {
    // Arrange
    const log = new LocalEventLog();

    // Act
    await log.publish([holdStarted]);

    // Assert
    expect(log.events()).toEqual([holdStarted]);
    expect(new LocalEventLog().events()).toEqual([]);
  });

  it('creates no file until something is published', () => {
    // Arrange
    const file = eventLogPathIn(dataDir);

    // Act
    const log = new LocalEventLog(file);

    // Assert
    expect(log.events()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('drops a last line cut short by a crash, and the next event starts on a line of its own', async () => {
    // Arrange
    const file = eventLogPathIn(dataDir);
    writeFileSync(file, `${JSON.stringify(holdStarted)}\n`);
    appendFileSync(file, JSON.stringify(contacted(1)).slice(0, 40));

    // Act
    const log = new LocalEventLog(file);
    await log.publish([contacted(2)]);

    // Assert
    expect(log.events()).toEqual([holdStarted, contacted(2)]);
    expect(linesOf(file)).toEqual([holdStarted, contacted(2)]);
  });

  it('refuses to start over a file with a line that is not an event, naming the file and line', () => {
    // Arrange
    const file = eventLogPathIn(dataDir);
    writeFileSync(file, `${JSON.stringify(holdStarted)}\n${JSON.stringify({ id: 'x', type: 'nope' })}\n`);

    // Act
    const open = () => new LocalEventLog(file);

    // Assert
    expect(open).toThrow(`${file} line 2 is not a bridge event`);
  });

  it('refuses an event that would not load again, and writes nothing', async () => {
    // Arrange
    const file = eventLogPathIn(dataDir);
    const log = new LocalEventLog(file);
    const malformed = { ...holdStarted, type: 'customer.unknown' } as unknown as BridgeEvent;

    // Act
    const publish = log.publish([contacted(1), malformed]);

    // Assert
    await expect(publish).rejects.toThrow();
    expect(existsSync(file)).toBe(false);
    expect(log.events()).toEqual([]);
  });
});
