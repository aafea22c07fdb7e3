import type { MentionRecord } from '../domain/disposition.ts';
import { DomainError } from '../domain/errors.ts';
import type { MentionStore } from '../ports/mention-store.ts';

/**
 * A mention with its disposition. A mention that was accepted but not yet decided is not found
 * yet; the reply says so, so that a client knows to look again.
 */
export const getMention = async (
  mentionId: string,
  ports: { readonly mentions: MentionStore },
): Promise<MentionRecord> => {
  const record = await ports.mentions.getRecord(mentionId);
  if (!record) {
    throw new DomainError('NOT_FOUND', `no disposition is recorded for mention ${mentionId} (yet)`, {
      details: { mentionId },
    });
  }
  return record;
};
