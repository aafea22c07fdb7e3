import { z } from 'zod';
import { tables } from '../../lib/definitions.ts';
import { ReplySettings } from './reply-settings.ts';
import { RoutingSettings } from './routing-settings.ts';
import {
  CaseJoinTunables,
  CaseSystemSettings,
  caseJoinPolicyFrom,
  EventSettings,
  TableSettings,
  TriageTableSettings,
} from './settings.ts';

/**
 * The triage API: every table a decision touches, the replies, the bus, the case system, how
 * contacts join cases (a confirmation places a need as escalate does), the team queues and the
 * reply settings.
 */
export const TriageApiSettings = TableSettings.extend({
  ...TriageTableSettings.shape,
  [tables.replies.envVar]: z
    .string({ error: 'to the name of the replies table' })
    .trim()
    .min(1, 'to the name of the replies table (it is empty)'),
  ...EventSettings.shape,
  ...CaseSystemSettings.shape,
  ...CaseJoinTunables.shape,
  ...RoutingSettings.shape,
  ...ReplySettings.shape,
});
export type TriageApiSettings = z.output<typeof TriageApiSettings>;

export const triagePolicyFrom = (settings: TriageApiSettings) => caseJoinPolicyFrom(settings);
