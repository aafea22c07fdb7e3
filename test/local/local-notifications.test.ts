import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlaNotification } from '../../lambdas/domain/sla-check.ts';
import { LocalNotifications, notificationsPathIn } from '../../lambdas/local/local-notifications.ts';

const notification = (caseId: string): SlaNotification => ({
  id: `sla:${caseId}:resolution:due-soon`,
  caseId,
  queue: 'orders',
  kind: 'resolution:due-soon',
  priority: 'P1',
  message: `Case ${caseId}: resolution is due Fri 11 Jan 10:00 GMT, in 20 min.`,
  dueAt: '2030-01-11T10:00:00.000Z',
  raisedAt: '2030-01-11T09:40:00.000Z',
});

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'notifications-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('LocalNotifications', () => {
  it('appends each notification as a JSON line to <dataDir>/notifications.ndjson and reads them back on restart', async () => {
    // Arrange
    const file = notificationsPathIn(path.join(dataDir, 'nested'));
    const first = new LocalNotifications(file);

    // Act
    await first.notify(notification('case-1'));
    await first.notify(notification('case-2'));
    const restarted = new LocalNotifications(file);

    // Assert
    expect(file).toBe(path.join(dataDir, 'nested', 'notifications.ndjson'));
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).caseId),
    ).toEqual(['case-1', 'case-2']);
    expect(restarted.sent()).toEqual([notification('case-1'), notification('case-2')]);
  });

  it('cuts off a line a crash left half-written, and names the line of anything else it cannot read', async () => {
    // Arrange
    const file = notificationsPathIn(dataDir);
    await new LocalNotifications(file).notify(notification('case-1'));
    appendFileSync(file, '{"id":"sla:case-2');

    // Act
    const recovered = new LocalNotifications(file);
    appendFileSync(file, '{"id": 1}\n');

    // Assert
    expect(recovered.sent()).toHaveLength(1);
    expect(() => new LocalNotifications(file)).toThrow(
      `${file} line 2 is not an SLA notification: fix or remove the line`,
    );
  });

  it('refuses to keep what is not a notification', async () => {
    // Act
    const attempt = new LocalNotifications().notify({ ...notification('case-1'), kind: 'nothing' } as never);
    // Assert
    await expect(attempt).rejects.toThrow();
  });
});
