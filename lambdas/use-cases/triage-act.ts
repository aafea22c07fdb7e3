import type { Intent } from '../domain/classification.ts';
import { DomainError } from '../domain/errors.ts';
import { interactionFor, conversationKey } from '../domain/new-case.ts';
import type { MentionRecord } from '../domain/disposition.ts';
import type { TriageAction } from '../domain/triage-action.ts';
import type { TrainingLabel, TriageHistoryEntry, TriageItem } from '../domain/triage-item.ts';
import type { MentionStore } from '../ports/mention-store.ts';
import type { TriageStore } from '../ports/triage-store.ts';
import type { IdentityDirectory } from '../ports/identity-directory.ts';
import { defaultConfidence } from '../domain/identity.ts';
import { type AcknowledgeIdeaPorts, acknowledgeIdea } from './acknowledge-idea.ts';
import { linkIdentity, type MergeOffer } from './link-identity.ts';
import { customerOf, type PlacementPolicy, type PlacementPorts, placeServiceNeed } from './place-service-need.ts';
import { refreshServiceHold } from './refresh-service-hold.ts';

export interface TriageActPorts extends PlacementPorts {
  readonly triage: TriageStore;
  readonly mentions: MentionStore;
  readonly directory: IdentityDirectory;
  /** Where ideas are acknowledged and passed on to the product team. */
  readonly ideas: AcknowledgeIdeaPorts;
  /** Sends a case to a team's queue (routing), explained as a person's choice. */
  readonly assignTeam: (caseId: string, team: string, actor: string) => Promise<void>;
  /** Drafts a reply on the item's thread (public) or asking the author to write privately (direct). */
  readonly draftReply: (request: {
    readonly item: TriageItem;
    readonly record: MentionRecord;
    readonly kind: 'public' | 'direct';
    readonly text: string;
    readonly actor: string;
  }) => Promise<unknown>;
}

export interface TriageActOutcome {
  readonly item: TriageItem;
  readonly caseId?: string;
  readonly mergeOffers?: readonly MergeOffer[];
  readonly reply?: unknown;
}

const labelFor = (record: MentionRecord, intent: Intent, actor: string, at: string): TrainingLabel => ({
  text: record.mention.text,
  intent,
  ...(record.classification ? { topic: record.classification.topic } : {}),
  mentionId: record.mention.mentionId,
  labelledBy: actor,
  labelledAt: at,
});

/** What the person said the mention was, when they confirm it as a service need. */
const needIntent = (record: MentionRecord): Intent =>
  record.classification?.intent === 'request' ? 'request' : 'complaint';

const openOnly = (item: TriageItem): void => {
  if (item.state !== 'open') {
    throw new DomainError(
      'CONFLICT',
      `triage item ${item.itemId} was already settled by ${item.outcome?.by ?? 'someone'}`,
      {
        details: { itemId: item.itemId, outcome: item.outcome },
      },
    );
  }
};

/**
 * Carries out one triage action for `actor`, records it in the item's history (who, when, before,
 * after), and saves the item only if nobody changed it meanwhile. Confirming and merging put the
 * mention on a case; dismissing closes an opened case and keeps a training label; linking ties
 * the author to a customer. Acting again on a settled item is refused (CONFLICT).
 */
export const actOnTriageItem = async (
  itemId: string,
  action: TriageAction,
  actor: string,
  ports: TriageActPorts,
  policy: PlacementPolicy,
): Promise<TriageActOutcome> => {
  const item = await ports.triage.get(itemId);
  if (!item) throw new DomainError('NOT_FOUND', `no triage item ${itemId}`, { details: { itemId } });
  const record = await ports.mentions.getRecord(itemId);
  if (!record) throw new DomainError('NOT_FOUND', `no mention ${itemId}`, { details: { itemId } });
  const at = ports.clock.now().toISOString();
  const entry = (before: Record<string, unknown>, after: Record<string, unknown>): TriageHistoryEntry => ({
    at,
    actor,
    action: action.action,
    before,
    after,
  });
  const settle = (caseId: string | undefined, label?: TrainingLabel) => ({
    state: 'done' as const,
    outcome: {
      action: action.action,
      by: actor,
      at,
      ...(caseId === undefined ? {} : { caseId }),
      ...(label === undefined ? {} : { label }),
    },
  });
  const save = (next: Partial<TriageItem>, history: TriageHistoryEntry) =>
    ports.triage.save({ ...item, ...next, updatedAt: at, history: [...item.history, history] }, item.version);

  switch (action.action) {
    case 'confirm': {
      openOnly(item);
      let caseId = item.caseId;
      if (caseId === undefined) {
        const customerId = await customerOf(record.mention, ports.directory);
        const placed = await placeServiceNeed(
          {
            mention: record.mention,
            // As the person left the item: a priority or topic they set is what the case gets.
            classification: {
              ...(record.classification ?? {
                intent: 'complaint',
                serviceNeed: true,
                confidence: 1,
                reasons: [],
                modelVersion: 'triage',
              }),
              priority: item.priority,
              topic: item.topic,
            },
            reason: `confirmed as a service need by ${actor} in triage`,
            customerId,
          },
          ports,
          policy,
        );
        caseId = placed.caseId;
        // The rules routed the new case; a team chosen here beforehand overrides them.
        if (placed.kind === 'case-created' && caseId !== undefined && item.team) {
          await ports.assignTeam(caseId, item.team, actor);
        }
      }
      const label = labelFor(record, needIntent(record), actor, at);
      const saved = await save(
        settle(caseId, label),
        entry({ state: 'open' }, { state: 'done', caseId: caseId ?? null }),
      );
      return { item: saved, ...(caseId === undefined ? {} : { caseId }) };
    }
    case 'dismiss': {
      openOnly(item);
      if (item.caseId !== undefined) {
        const closed = await ports.cases.changeCase(
          item.caseId,
          { kind: 'status', to: 'closed', note: `dismissed in triage as ${action.as}` },
          at,
          actor,
        );
        const { party } = closed.case;
        if (party.kind === 'customer') await refreshServiceHold(party.customerId, ports);
      }
      if (action.as === 'idea') await acknowledgeIdea(record, ports.ideas, { labelledBy: actor });
      const label = labelFor(record, action.as, actor, at);
      const saved = await save(settle(item.caseId, label), entry({ state: 'open' }, { state: 'done', as: action.as }));
      return { item: saved };
    }
    case 'priority':
    case 'topic': {
      const field = action.action;
      const value = action.action === 'priority' ? action.priority : action.topic;
      if (item[field] === value) return { item };
      if (item.caseId !== undefined) {
        await ports.cases.changeCase(
          item.caseId,
          action.action === 'priority'
            ? { kind: 'priority', priority: action.priority }
            : { kind: 'topic', topic: action.topic },
          at,
          actor,
        );
      }
      const saved = await save({ [field]: value }, entry({ [field]: item[field] }, { [field]: value }));
      return { item: saved };
    }
    case 'link': {
      const outcome = await linkIdentity(
        {
          customerId: action.customerId,
          account: { network: item.network, userId: item.author.id, handle: item.author.handle },
          source: 'agent',
          confidence: defaultConfidence.agent,
          actor,
        },
        ports,
      );
      // Identifying the author is all an `identify` item asks; a `decide` item still needs a decision.
      const done = item.kind === 'identify' ? settle(item.caseId) : {};
      const saved = await save(
        { unknownCustomer: false, ...done },
        entry({ unknownCustomer: item.unknownCustomer }, { customerId: action.customerId }),
      );
      return { item: saved, mergeOffers: outcome.mergeOffers };
    }
    case 'merge': {
      openOnly(item);
      let caseId = action.caseId;
      if (item.caseId !== undefined) {
        const merged = await ports.cases.mergeCases(action.caseId, item.caseId, at, actor);
        caseId = merged.target.caseId;
        for (const party of [merged.target.party, merged.source.party]) {
          if (party.kind === 'customer') await refreshServiceHold(party.customerId, ports);
        }
      } else {
        const owner = await ports.conversations.claim(conversationKey(record.mention), action.caseId);
        caseId = (await ports.cases.appendInteraction(owner, interactionFor(record.mention), at)).caseId;
      }
      const label = labelFor(record, needIntent(record), actor, at);
      const saved = await save(settle(caseId, label), entry({ caseId: item.caseId ?? null }, { caseId }));
      return { item: saved, caseId };
    }
    case 'assign': {
      if (item.team === action.team) return { item };
      if (item.caseId !== undefined) await ports.assignTeam(item.caseId, action.team, actor);
      const saved = await save({ team: action.team }, entry({ team: item.team ?? null }, { team: action.team }));
      return { item: saved };
    }
    case 'draft-reply': {
      const reply = await ports.draftReply({ item, record, kind: action.kind, text: action.text, actor });
      const saved = await save({}, entry({}, { reply: action.kind }));
      return { item: saved, reply };
    }
  }
};
