import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Classification } from '../../lambdas/domain/classification.ts';

const bridge = join(import.meta.dirname, '..', '..', 'bin', 'bridge.js');

describe('bridge classify', () => {
  it('reads NDJSON on stdin and writes each input with every field of its classification', () => {
    // Arrange
    const input = [
      {
        id: 1,
        text: '@ShopCo my parcel never arrived, I need it by Friday. Order #A-7731',
        createdAt: '2026-11-25T10:00:00Z',
      },
      { id: 2, text: 'Quelle belle journée pour une promenade au parc avec les enfants' },
      { id: 3, text: 'WIN a FREE iPhone!!! click here http://spam.example http://spam2.example' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    // Act
    const run = spawnSync(process.execPath, [bridge, 'classify'], { input, encoding: 'utf8' });
    // Assert
    expect(run.status).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3]);
    for (const row of rows) expect(Classification.parse(row.classification)).toEqual(row.classification);
    expect(rows[0].classification).toMatchObject({
      serviceNeed: true,
      topic: 'orders-delivery',
      deadline: { at: '2026-11-27T23:59:59Z' },
      pii: { caseFields: { orderNumbers: ['A-7731'] } },
      language: { code: 'en' },
    });
    expect(rows[1].classification).toMatchObject({ serviceNeed: false, language: { code: 'fr', supported: true } });
    expect(rows[2].classification.intent).toBe('spam');
  });

  it('reads a CSV with --text-column and says so plainly when the column is missing', () => {
    const ok = spawnSync(process.execPath, [bridge, 'classify', '--format', 'csv', '--text-column', 'Message'], {
      input: 'Message,Author\n"My card was charged twice, refund please",@kim\n',
      encoding: 'utf8',
    });
    const missing = spawnSync(process.execPath, [bridge, 'classify', '--format', 'csv'], {
      input: 'body\nhello\n',
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).classification).toMatchObject({ serviceNeed: true, topic: 'billing' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('the CSV has no "text" column');
  });
});
