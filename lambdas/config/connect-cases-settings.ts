import { z } from 'zod';
import '../domain/zod-messages.ts';
import { FieldMap } from '../adapters/connect-cases/field-map.ts';

/** The environment variables the Amazon Connect Cases adapter reads (set when CASE_SYSTEM is `connect`). */
export const connectCasesEnv = {
  domainId: 'CONNECT_CASES_DOMAIN_ID',
  templateId: 'CONNECT_CASES_TEMPLATE_ID',
  fieldMap: 'CONNECT_CASES_FIELD_MAP',
} as const;

/** The CDK context keys an operator sets to switch to Amazon Connect Cases (see docs/connect-cases.md). */
export const connectCasesContextKeys = {
  caseSystem: 'caseSystem',
  domainId: 'connectCasesDomainId',
  templateId: 'connectCasesTemplateId',
  fieldMap: 'connectCasesFieldMap',
} as const;

/**
 * The IAM actions the adapter needs: exactly the commands it sends. Grant them on
 * {@link connectCasesResourceArns}; `cases:TagResource` is not among them, as no request carries tags.
 */
export const connectCasesActions = [
  'cases:CreateCase',
  'cases:CreateRelatedItem',
  'cases:GetCase',
  'cases:SearchCases',
  'cases:SearchRelatedItems',
  'cases:UpdateCase',
  'cases:UpdateRelatedItem',
] as const;

/**
 * The resources to grant them on (Service Authorization Reference, "Resource types defined by
 * Amazon Connect Cases"): the domain, and everything under it — its cases, their related items,
 * its fields and its templates.
 */
export const connectCasesResourceArns = (where: {
  partition: string;
  region: string;
  account: string;
  domainId: string;
}): [string, string] => {
  const domain = `arn:${where.partition}:cases:${where.region}:${where.account}:domain/${where.domainId}`;
  return [domain, `${domain}/*`];
};

const required = (what: string) =>
  z
    .string({ error: `to ${what}` })
    .trim()
    .min(1, `to ${what} (it is empty)`);

/** The field map arrives as JSON text; a parse failure becomes an issue that says so. */
const fieldMapJson = z
  .string({ error: 'to the JSON field map (see docs/connect-cases.md)' })
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      ctx.issues.push({
        code: 'custom',
        input: text,
        message: `to the JSON field map (see docs/connect-cases.md); it is not JSON: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  })
  .pipe(FieldMap);

/** What the Amazon Connect Cases adapter needs; parsed with `loadConfig`, which names what to set. */
export const ConnectCasesSettings = z.object({
  [connectCasesEnv.domainId]: required('the id of the Amazon Connect Cases domain'),
  [connectCasesEnv.templateId]: required('the id of the case template new cases are created from'),
  [connectCasesEnv.fieldMap]: fieldMapJson,
});
export type ConnectCasesSettings = z.output<typeof ConnectCasesSettings>;
