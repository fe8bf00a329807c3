/**
 * The rules of a lead, in one place and free of the database: the limits of its fields, the statuses an edit may
 * move between, the contact rule and which campaigns take leads. The leads service, the CSV importer and both
 * adapters (the panel's resource, the REST API's schemas) ask this module; the columns of `leads` are sized by the
 * same numbers (migrations/1764000000000-CreateCrmSchema.ts).
 */
import type { CampaignStatus } from '../campaigns/campaign.values.js';
import { msg, validationError, type Message } from '../../shared/errors.js';
import type { LeadStatus } from './lead.entity.js';

/** The longest value of each field, in characters. */
export const LEAD_LIMITS = { lastName: 100, firstName: 100, middleName: 100, phone: 40, email: 254, notes: 20_000 } as const;

/** The statuses an edit may set and move between; «converted» and «lost» are set by their own actions. */
export const WORKING_STATUSES = ['new', 'in_progress'] as const satisfies readonly LeadStatus[];
export type WorkingStatus = (typeof WORKING_STATUSES)[number];

export const isWorkingStatus = (status: unknown): status is WorkingStatus => (WORKING_STATUSES as readonly unknown[]).includes(status);

/**
 * The working statuses as SQL after a status column, `IN ('new', 'in_progress')`: «Мои лиды», the open leads of a
 * manager, what may be assigned. Word for word the predicate of the partial index leads_assignee_working_idx
 * (migrations/1764000000700-AddLeadAssignee.ts), so that the planner reads that index.
 */
export const WORKING_IN_SQL = `IN (${WORKING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The contact rule: a lead is reachable by a phone or an e-mail (or both). */
export const hasContact = (phone: string | null | undefined, email: string | null | undefined): boolean => !!(phone || email);

/**
 * Whether a campaign takes leads: it must exist and be launched (active or finished; a finished campaign still
 * receives late answers). The refusal is the campaign field's message; null when it does.
 */
export function campaignRefusal(campaign: { status: CampaignStatus | string } | null | undefined): Message | null {
  if (!campaign) return msg('campaign.notFound');
  if (campaign.status === 'draft') return msg('campaign.notLaunched');
  return null;
}

/** Throws the campaign field's refusal unless the campaign takes leads. */
export function assertCampaignTakesLeads(campaign: { status: CampaignStatus | string } | null | undefined): void {
  const refusal = campaignRefusal(campaign);
  if (refusal) throw validationError({ campaignId: refusal });
}

/** The roles a responsible manager of a lead has (one of them). */
export const ASSIGNEE_ROLES = ['manager', 'admin'] as const;

/** Whether a user may be made (and stay) responsible for leads: active, with one of ASSIGNEE_ROLES. */
export const mayOwnLeads = (user: { active: boolean; roles: readonly string[] }): boolean =>
  user.active && user.roles.some((r) => (ASSIGNEE_ROLES as readonly string[]).includes(r));

/**
 * Whether a user may be the responsible manager of a lead: an existing, active user with the manager or admin role.
 * The refusal is the assignee field's message; null when they may.
 */
export function assigneeRefusal(user: { active: boolean; roles: readonly string[]; fullName: string } | null | undefined, id: number | string): Message | null {
  if (!user) return msg('lead.assigneeUnknown', { id: String(id) });
  if (!user.roles.some((r) => (ASSIGNEE_ROLES as readonly string[]).includes(r))) return msg('lead.assigneeNotManager', { name: user.fullName });
  if (!user.active) return msg('lead.assigneeInactive', { name: user.fullName });
  return null;
}
