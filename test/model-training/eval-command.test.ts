import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand, evalCommandWith, type TextVerdict } from '../../bin/cli/eval-command.ts';
import { UsageError } from '../../bin/cli/usage-error.ts';
import { airlineTweetsFile } from '../../lambdas/model-training/paths.ts';
import { captured, tempDir } from './support.ts';

describe('bridge eval --data', () => {
  const dir = tempDir();
  const file = join(dir, 'labelled.csv');
  writeFileSync(
    file,
    [
      'id,message,tone,confidence',
      '1,my parcel never arrived and nobody answers,negative,0.9',
      '2,thank you so much for the quick help,positive,0.9',
      '3,the app keeps crashing every time I pay,negative,0.8',
      '4,love the new store,positive,0.3',
      '1,my parcel never arrived and nobody answers,negative,0.9',
      '5,no idea,neutral,1',
    ].join('\n'),
  );
  const fixed = (serviceNeed: (text: string) => boolean) => (): ((text: string) => TextVerdict) => (text) => ({
    intent: 'chatter',
    serviceNeed: serviceNeed(text),
    topic: 'other',
    sentiment: 'neutral',
  });

  it('scores an injected predictor with a label map, filters and dedupe, as JSON', async () => {
    // Arrange: a predictor that calls everything with "never" or "crash" a need
    const command = evalCommandWith(fixed((text) => /never|crash/.test(text)));
    // Act
    const { result, out } = await captured(() =>
      command([
        '--data',
        file,
        '--text-column',
        'message',
        '--label-column',
        'tone',
        '--label-map',
        'negative=need,positive=not-need',
        '--filter',
        'confidence>=0.6',
        '--dedupe',
        'id',
        '--json',
      ]),
    );
    // Assert
    expect(result).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ task: 'service-need', rowsScored: 3, macroF1: 1, accuracy: 1 });
    expect(report.confusion).toEqual([
      [2, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('prints per-class precision, recall and F1, macro-F1 and the confusion matrix as text', async () => {
    // Arrange
    const command = evalCommandWith(fixed(() => true));
    // Act
    const { out } = await captured(() =>
      command([
        '--data',
        file,
        '--text-column',
        'message',
        '--label-column',
        'tone',
        '--label-map',
        'negative=need,positive=not-need',
      ]),
    );
    // Assert
    // gold: need 3 (one a duplicate row), not-need 2; the neutral row is not mapped, so left out
    expect(out).toMatch(/need\s+0\.600\s+1\.000\s+0\.750\s+3/);
    expect(out).toMatch(/not-need\s+0\.000\s+0\.000\s+0\.000\s+2/);
    expect(out).toContain('macro-F1 0.375');
    expect(out).toContain('confusion (rows: gold, columns: predicted)');
  });

  it('scores the shipped model by default, on the sentiment task', async () => {
    // Arrange / Act
    const { result, out } = await captured(() =>
      evalCommand([
        '--data',
        file,
        '--text-column',
        'message',
        '--label-column',
        'tone',
        '--task',
        'sentiment',
        '--json',
      ]),
    );
    // Assert
    expect(result).toBe(0);
    const report = JSON.parse(out);
    expect(report.labels).toEqual(['negative', 'neutral', 'positive']);
    expect(report.classifier).toMatch(/^linear-1\.0\.0\+/);
    expect(report.rowsScored).toBe(6);
  });

  it.each([
    [['--data', 'x.csv'], /--data, --text-column and --label-column are needed/],
    [['--preset', 'other'], /--preset knows airline-tweets/],
    [['--service-need', 'vibes', '--preset', 'airline-tweets'], /--service-need is one of intent, intent-or-negative/],
  ])('rejects %j as a usage error', async (args, message) => {
    await expect(evalCommand(args)).rejects.toThrow(UsageError);
    await expect(evalCommand(args)).rejects.toThrow(message);
  });

  it('asks for a label map when the gold labels are not the task’s', async () => {
    await expect(
      evalCommand(['--data', file, '--text-column', 'message', '--label-column', 'tone', '--task', 'intent']),
    ).rejects.toThrow(/gold labels "negative", "positive", "neutral" are not intent labels/);
  });
});

describe('bridge eval --preset airline-tweets', () => {
  it.skipIf(!existsSync(airlineTweetsFile))(
    'reports service-need F1, categories and escalated neutrals (skipped when ../shared/data/airline-tweets is absent)',
    async () => {
      // Arrange / Act
      const { result, out } = await captured(() => evalCommand(['--preset', 'airline-tweets', '--sample', '3']));
      // Assert
      expect(result).toBe(0);
      expect(out).toMatch(/service-need F1 0\.\d{3}/);
      expect(out).toContain('Customer Service Issue');
      expect(out).toMatch(/neutral tweets escalated as service needs: \d+ of 3069/);
    },
  );
});
