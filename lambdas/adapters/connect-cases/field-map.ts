import { z } from 'zod';
import '../../domain/zod-messages.ts';
import { CaseStatus } from '../../domain/case.ts';
import { Priority } from '../../domain/classification.ts';

/**
 * System fields Amazon Connect fills in itself (admin guide, "System case fields"). The bridge
 * reads some of them but may never write them, so none may stand in for a field it writes.
 */
export const systemFields = {
  customerProfile: 'customer_id',
  created: 'created_datetime',
  lastUpdated: 'last_updated_datetime',
} as const;

const readOnlySystemFields: ReadonlySet<string> = new Set([
  'case_id',
  'reference_number',
  'created_datetime',
  'last_updated_datetime',
  'last_closed_datetime',
  'last_updated_user',
]);

const fieldId = (what: string) =>
  z
    .string({ error: `to the id of the Connect Cases field that holds ${what}` })
    .trim()
    .min(1, `to the id of the Connect Cases field that holds ${what} (it is empty)`)
    .max(500, `to the id of the Connect Cases field that holds ${what} (at most 500 characters)`);

const optionValue = (what: string) =>
  z
    .string({ error: `to the value of the option ${what}` })
    .trim()
    .min(1, `to the value of the option ${what} (it is empty)`);

const profileArn = /^arn:aws[a-z-]*:profile:[a-z0-9-]+:\d{12}:domains\/[^/]+\/profiles\/\S+$/;

/** Which Connect Cases field each part of a case lives in; ids as ListFields gives them. */
export const CaseFieldIds = z.strictObject({
  title: fieldId('the case title (the system field is "title")'),
  status: fieldId('the case status (the system field is "status")'),
  /** Optional: the first contact's summary, written once when the case is opened. */
  summary: fieldId('the case summary (the system field is "summary")').optional(),
  caseId: fieldId("the bridge's own case id (a custom single-line text field)"),
  partyKey: fieldId("the bridge's party key (a custom single-line text field)"),
  customerId: fieldId("the bridge's customer id (a custom single-line text field, not customer_id)").refine(
    (id) => id !== systemFields.customerProfile,
    `to a custom text field: customer_id holds a Customer Profiles ARN, not the bridge's customer id`,
  ),
  priority: fieldId('the priority (a custom single-select or text field)'),
  topic: fieldId('the topic (a custom single-select or text field)'),
  queue: fieldId('the team queue (a custom text field)').optional(),
  assignee: fieldId('the assignee (a custom text field)').optional(),
  bridgeState: fieldId("the bridge's own state (a custom multi-line text field, hidden from agents' layouts)"),
});
export type CaseFieldIds = z.infer<typeof CaseFieldIds>;

const statusValues = z.strictObject(
  Object.fromEntries(
    CaseStatus.options.map((status) => [status, optionValue(`of the Connect status field that stands for ${status}`)]),
  ) as Record<CaseStatus, ReturnType<typeof optionValue>>,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `only for the statuses ${CaseStatus.options.join(', ')} (not ${issue.keys.join(', ')})`
        : undefined,
  },
);

const priorityValues = z.strictObject(
  Object.fromEntries(
    Priority.options.map((priority) => [priority, optionValue(`of the priority field that stands for ${priority}`)]),
  ) as Record<Priority, ReturnType<typeof optionValue>>,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `only for the priorities ${Priority.options.join(', ')} (not ${issue.keys.join(', ')})`
        : undefined,
  },
);

/**
 * How the bridge's cases lie in an Amazon Connect Cases domain: the operator's choice, given as
 * JSON in CONNECT_CASES_FIELD_MAP and validated before the function takes any work.
 */
export const FieldMap = z
  .strictObject({
    fields: CaseFieldIds,
    /** Our statuses to option values of the status field; two statuses may share one option. */
    statusValues,
    /** Our priorities to option values of the priority field; absent means P1..P4 as they are. */
    priorityValues: priorityValues.optional(),
    /**
     * The Customer Profiles ARN of a linked customer, with `{customerId}` where the bridge's
     * customer id goes; absent when customer ids are not profile ids.
     */
    customerProfileArn: z
      .string({ error: 'to a Customer Profiles profile ARN containing {customerId}' })
      .refine(
        (arn) => arn.includes('{customerId}') && profileArn.test(arn.replace('{customerId}', 'x')),
        'to a Customer Profiles profile ARN containing {customerId}, e.g. arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/{customerId}',
      )
      .optional(),
    /** The profile that CreateCase's required customer_id gets when the party is not a known customer. */
    unlinkedProfileArn: z
      .string({ error: 'to the Customer Profiles profile ARN that cases of not-yet-linked social accounts get' })
      .regex(
        profileArn,
        'to a Customer Profiles profile ARN, e.g. arn:aws:profile:eu-west-1:111122223333:domains/acme/profiles/0a1b2c',
      ),
  })
  .superRefine((map, ctx) => {
    const seen = new Map<string, string>();
    for (const [part, id] of Object.entries(map.fields)) {
      if (id === undefined) continue;
      const other = seen.get(id);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', part],
          message: `to a field of its own: ${id} already holds ${other}`,
        });
      }
      seen.set(id, part);
      if (readOnlySystemFields.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', part],
          message: `to a field the bridge may write: ${id} is filled in by Amazon Connect`,
        });
      }
    }
  });
export type FieldMap = z.infer<typeof FieldMap>;

/** The option value the priority field takes for `priority`. */
export const priorityValueOf = (map: FieldMap, priority: Priority): string =>
  map.priorityValues?.[priority] ?? priority;

/** Our priority for an option value of the priority field, if it stands for one. */
export const priorityFromValue = (map: FieldMap, value: string | undefined): Priority | undefined =>
  Priority.options.find((priority) => priorityValueOf(map, priority) === value);

/**
 * Our status for an option of the status field. Several statuses may share one option, so the
 * status the bridge last wrote wins when it still matches; otherwise the first match in working
 * order, so a case an agent reopened in Connect reads as open rather than new.
 */
export const statusFromValue = (map: FieldMap, value: string | undefined, written?: CaseStatus): CaseStatus => {
  if (written !== undefined && map.statusValues[written] === value) return written;
  const preference: readonly CaseStatus[] = ['open', 'pending', 'resolved', 'closed', 'new'];
  return preference.find((status) => map.statusValues[status] === value) ?? (value === 'closed' ? 'closed' : 'open');
};

/** The Customer Profiles ARN CreateCase needs in customer_id for a case of this customer (or of nobody known). */
export const profileArnOf = (map: FieldMap, customerId: string | undefined): string =>
  customerId !== undefined && map.customerProfileArn !== undefined
    ? map.customerProfileArn.replace('{customerId}', customerId)
    : map.unlinkedProfileArn;

/** The customer id inside a profile ARN built from customerProfileArn, if it is one. */
export const customerIdFromProfileArn = (map: FieldMap, arn: string | undefined): string | undefined => {
  if (arn === undefined || map.customerProfileArn === undefined || arn === map.unlinkedProfileArn) return undefined;
  const [before, after] = map.customerProfileArn.split('{customerId}') as [string, string];
  if (!arn.startsWith(before) || !arn.endsWith(after) || arn.length <= before.length + after.length) return undefined;
  return arn.slice(before.length, arn.length - after.length);
};
