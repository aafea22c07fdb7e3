import type { MentionStore } from '../ports/mention-store.ts';
import type { TriageStore } from '../ports/triage-store.ts';

/** The case a mention is on: the one its triage item settled on, else the one its disposition names. */
export const caseOfMention =
  (ports: { readonly triage: Pick<TriageStore, 'get'>; readonly mentions: Pick<MentionStore, 'getRecord'> }) =>
  async (mentionId: string): Promise<string | undefined> => {
    const item = await ports.triage.get(mentionId);
    return item?.caseId ?? item?.outcome?.caseId ?? (await ports.mentions.getRecord(mentionId))?.disposition.caseId;
  };
