import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelledFileError, readLabelledFile } from '../../lambdas/model-training/labelled-file.ts';
import { tempDir } from './support.ts';

describe('readLabelledFile', () => {
  const dir = tempDir();

  it('reads a CSV with text and intent, optional topic and sentiment, labels case-insensitively', () => {
    // Arrange
    const file = join(dir, 'triage.csv');
    writeFileSync(
      file,
      'text,intent,topic,sentiment\n"Late again, ugh",Complaint,travel-disruption,negative\nthanks!,praise,,\n,request,,\n',
    );
    // Act
    const rows = readLabelledFile(file);
    // Assert
    expect(rows).toEqual([
      {
        text: 'Late again, ugh',
        intent: 'complaint',
        topic: 'travel-disruption',
        sentiment: 'negative',
        source: 'data:triage.csv',
      },
      { text: 'thanks!', intent: 'praise', source: 'data:triage.csv' },
    ]);
  });

  it('reads NDJSON and names the line of a bad label', () => {
    // Arrange
    const file = join(dir, 'history.ndjson');
    writeFileSync(
      file,
      '{"text":"where is my order","intent":"request"}\n\n{"text":"x","intent":"request","topic":"weather"}\n',
    );
    // Act / Assert
    expect(() => readLabelledFile(file)).toThrow(LabelledFileError);
    expect(() => readLabelledFile(file)).toThrow(/line 3: topic "weather" is not one of billing/);
  });

  it('asks for the text and intent columns', () => {
    // Arrange
    const file = join(dir, 'wrong.csv');
    writeFileSync(file, 'message,label\nhello,chatter\n');
    // Act / Assert
    expect(() => readLabelledFile(file)).toThrow(/needs a "text" and an "intent" column/);
  });
});
