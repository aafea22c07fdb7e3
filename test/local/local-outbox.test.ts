import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../lambdas/domain/reply.ts';
import { LocalOutbox, localExternalId, outboxPathIn } from '../../lambdas/local/local-outbox.ts';

const reply = (replyId: string): Reply => ({
  replyId,
  itemId: 'x:1001',
  mentionId: 'x:1001',
  network: 'x',
  kind: 'public',
  text: 'Sorry to hear that, we are looking into it now.',
  state: 'sending',
  createdBy: 'sam',
  createdAt: '2030-01-02T10:00:00.000Z',
  inReplyTo: '1001',
});

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('LocalOutbox', () => {
  it('appends each sent reply as one JSON line to <dataDir>/outbox.ndjson, creating the directory', async () => {
    // Arrange
    const file = outboxPathIn(path.join(dataDir, 'nested'));
    const outbox = new LocalOutbox(file);
    // Act
    const first = await outbox.send(reply('reply-1'));
    const second = await outbox.send(reply('reply-2'));
    // Assert
    expect(file).toBe(path.join(dataDir, 'nested', 'outbox.ndjson'));
    expect(linesOf(file)).toEqual([
      { externalId: first.externalId, reply: reply('reply-1') },
      { externalId: second.externalId, reply: reply('reply-2') },
    ]);
    expect(outbox.sent().map((entry) => entry.reply.replyId)).toEqual(['reply-1', 'reply-2']);
  });

  it('answers an id of its own, the same for the same reply', async () => {
    // Arrange
    const outbox = new LocalOutbox();
    // Act
    const first = await outbox.send(reply('reply-1'));
    const again = await new LocalOutbox().send(reply('reply-1'));
    const other = await outbox.send(reply('reply-2'));
    // Assert
    expect(first.externalId).toMatch(/^local-[0-9a-f]{16}$/);
    expect(first.externalId).toBe(localExternalId('reply-1'));
    expect(again).toEqual(first);
    expect(other.externalId).not.toBe(first.externalId);
  });

  it('keeps replies in memory only when given no file', async () => {
    // Arrange
    const outbox = new LocalOutbox();
    // Act
    await outbox.send(reply('reply-1'));
    // Assert
    expect(outbox.sent()).toEqual([{ externalId: localExternalId('reply-1'), reply: reply('reply-1') }]);
    expect(existsSync(outboxPathIn(dataDir))).toBe(false);
  });

  it('records a reply each time it is handed one, as a network would post it twice', async () => {
    // Arrange
    const outbox = new LocalOutbox();
    // Act
    await outbox.send(reply('reply-1'));
    await outbox.send(reply('reply-1'));
    // Assert
    expect(outbox.sent()).toHaveLength(2);
  });

  it('reads back what an earlier run sent', async () => {
    // Arrange
    const file = outboxPathIn(dataDir);
    await new LocalOutbox(file).send(reply('reply-1'));
    // Act
    const reopened = new LocalOutbox(file);
    await reopened.send(reply('reply-2'));
    // Assert
    expect(reopened.sent().map((entry) => entry.reply.replyId)).toEqual(['reply-1', 'reply-2']);
  });

  it('cuts off a last line a crash left unfinished, so the next reply starts a line of its own', async () => {
    // Arrange
    const file = outboxPathIn(dataDir);
    await new LocalOutbox(file).send(reply('reply-1'));
    appendFileSync(file, '{"externalId":"local-', 'utf8');
    // Act
    const reopened = new LocalOutbox(file);
    await reopened.send(reply('reply-2'));
    // Assert
    expect(linesOf(file).map((line) => line.reply.replyId)).toEqual(['reply-1', 'reply-2']);
  });

  it('refuses an outbox with a line that is not an entry, naming the file and line', () => {
    // Arrange
    const file = outboxPathIn(dataDir);
    writeFileSync(file, `${JSON.stringify({ externalId: 'local-1', reply: reply('reply-1') })}\n{"externalId":"x"}\n`);
    // Act / Assert
    expect(() => new LocalOutbox(file)).toThrow(`${file} line 2 is not an outbox entry`);
  });

  it('refuses to send something that is not a reply', async () => {
    // Arrange
    const outbox = new LocalOutbox();
    // Act
    const sending = outbox.send({ ...reply('reply-1'), network: 'review' } as unknown as Reply);
    // Assert
    await expect(sending).rejects.toThrow();
    expect(outbox.sent()).toEqual([]);
  });
});
