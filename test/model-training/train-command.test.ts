import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../bin/cli/train-command.ts';
import { UsageError } from '../../bin/cli/usage-error.ts';
import { loadModel } from '../../lambdas/domain/model/linear-model.ts';
import { captured, labelledHistory, tempDir } from './support.ts';

describe('bridge train --data', () => {
  const dir = tempDir();
  const data = join(dir, 'history.ndjson');
  writeFileSync(data, labelledHistory());

  it('trains on a labelled history and writes a model that loads and predicts its labels', async () => {
    // Arrange
    const out = join(dir, 'model.json');
    // Act
    const { result, out: printed } = await captured(() =>
      trainCommand(['--data', data, '--out', out, '--epochs', '5', '--holdout', '0']),
    );
    // Assert
    expect(result).toBe(0);
    expect(printed).toMatch(/complaint 6 · request 6 · praise 6/);
    expect(printed).toMatch(/held-out macro-F1/);
    const model = loadModel(JSON.parse(readFileSync(out, 'utf8')));
    expect(model.labels.intent).toEqual(['complaint', 'request', 'praise']);
    expect(model.version).toMatch(/^linear-1\.0\.0\+[0-9a-f]{8}$/);
    expect(model.predict('my parcel never arrived').intent.label).toBe('complaint');
  });

  it('is reproducible: the same data and seed give a byte-identical model.json', async () => {
    // Arrange
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const c = join(dir, 'c.json');
    // Act
    await captured(() => trainCommand(['--data', data, '--out', a, '--epochs', '2', '--seed', '3']));
    await captured(() => trainCommand(['--data', data, '--out', b, '--epochs', '2', '--seed', '3']));
    await captured(() => trainCommand(['--data', data, '--out', c, '--epochs', '2', '--seed', '4']));
    // Assert
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
  });

  it('names the row of a label outside the taxonomy and fails', async () => {
    // Arrange
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'text,intent\nmy parcel is late,complaint\nwhat a rant,rant\n');
    // Act
    const { result, err } = await captured(() => trainCommand(['--data', bad, '--out', join(dir, 'x.json')]));
    // Assert
    expect(result).toBe(1);
    expect(err).toMatch(/row 3: intent "rant" is not one of complaint, request/);
  });

  it('fails with a clear sentence when the permissive data folder is absent', async () => {
    // Arrange
    const missing = join(dir, 'no-such-folder');
    // Act
    const { result, err } = await captured(() =>
      trainCommand(['--permissive-dir', missing, '--out', join(dir, 'y.json')]),
    );
    // Assert
    expect(result).toBe(1);
    expect(err).toContain(`the permissive training data is not at ${missing}`);
  });

  it.each([
    [['--with-default'], /--with-default goes with --data/],
    [['--epochs', '0'], /--epochs takes a whole number of at least 1/],
    [['--holdout', '1.5'], /--holdout takes a share/],
    [['--bogus'], /Unknown option/],
  ])('rejects %j as a usage error', async (args, message) => {
    // Arrange / Act / Assert
    await expect(trainCommand(args)).rejects.toThrow(UsageError);
    await expect(trainCommand(args)).rejects.toThrow(message);
  });
});
