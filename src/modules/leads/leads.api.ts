import { Api, bigId } from '../../api/endpoint.js';
import { BigId, IdIn, IdPath, Instant, listQuery, page, queryAssignee, queryDate, queryId, querySearch, z } from '../../api/schemas.js';
import { badRequest, msg } from '../../shared/errors.js';
import { assignableUsers, assignLeads, takeLead, unassignLeads, type LeadSelection } from './assignment.service.js';
import type { Config } from '../../config.js';
import { contractBodyFields, ContractOut, toContract } from '../contracts/contracts.api.js';
import { getContract } from '../contracts/contracts.service.js';
import { conversionDefaults, convertLead } from '../customers/conversion.service.js';
import { CustomerOut, toCustomer } from '../customers/customers.api.js';
import { LEAD_STATUSES, type Lead } from './lead.entity.js';
import { LEAD_LIMITS, WORKING_STATUSES } from './lead.rules.js';
import { createLead, deleteLeads, getLead, listLeads, markLeadLost, updateLead } from './leads.service.js';
import { documentFileOf, WITH_DOCUMENT } from '../contracts/contracts.api.js';

export const LeadOut = z
  .object({
    id: BigId, lastName: z.string(), firstName: z.string(), middleName: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: 'E.164 where it could be parsed', example: '+79123456789' }),
    email: z.string().nullable(), campaignId: z.number().int(), status: z.enum(LEAD_STATUSES), notes: z.string(),
    lostReason: z.string().nullable(), importBatchId: BigId.nullable(),
    assigneeId: z.number().int().nullable().openapi({ description: 'The responsible manager (a user id); null: nobody' }),
    createdAt: Instant,
  })
  .openapi('Lead');

export const toLead = (l: Lead): z.infer<typeof LeadOut> => ({
  id: String(l.id), lastName: l.lastName, firstName: l.firstName, middleName: l.middleName, phone: l.phone, email: l.email,
  campaignId: l.campaignId, status: l.status, notes: l.notes, lostReason: l.lostReason,
  importBatchId: l.importBatchId === null ? null : String(l.importBatchId), assigneeId: l.assigneeId, createdAt: l.createdAt.toISOString(),
});

const optionalString = (max: number) => z.string().max(max).nullable().optional();
const LeadIn = z.object({
  lastName: z.string().max(LEAD_LIMITS.lastName).openapi({ example: 'Иванов' }),
  firstName: z.string().max(LEAD_LIMITS.firstName).openapi({ example: 'Иван' }),
  middleName: optionalString(LEAD_LIMITS.middleName),
  phone: optionalString(LEAD_LIMITS.phone).openapi({ description: 'Any common notation; stored as E.164 (8 (912) 345-67-89 → +79123456789)' }),
  email: optionalString(LEAD_LIMITS.email).openapi({ description: 'Stored lower-cased. A phone or an e-mail is required.' }),
  campaignId: IdIn.openapi({ description: 'A launched (active or finished) campaign' }),
  notes: optionalString(LEAD_LIMITS.notes),
  status: z.enum(WORKING_STATUSES).optional().openapi({ description: 'converted and lost are set by their actions' }),
});

/** Only when recording a lead: its responsible manager (an active manager or admin). Changed later by assign/unassign. */
const NewLeadIn = LeadIn.extend({
  assigneeId: IdIn.nullable().optional().openapi({ description: 'The responsible manager (an active manager or admin); later changed by /leads/assign' }),
});

const ConvertIn = z.object({
  name: contractBodyFields.name,
  serviceId: contractBodyFields.serviceId.optional().openapi({ description: 'Defaults to the campaign\'s service' }),
  amount: contractBodyFields.amount.optional().openapi({ description: 'Defaults to the service\'s price' }),
  signedOn: contractBodyFields.signedOn.optional().openapi({ description: 'Defaults to today' }),
  startsOn: contractBodyFields.startsOn,
  endsOn: contractBodyFields.endsOn,
});

const ConversionOut = z.object({ customer: CustomerOut, contract: ContractOut }).openapi('Conversion');
const DefaultsOut = z
  .object({ name: z.string(), serviceId: z.number().int(), serviceName: z.string(), amount: z.string(), signedOn: z.string() })
  .openapi('ConversionDefaults');

export const ListQuery = listQuery(['id', 'createdAt', 'lastName'] as const).extend({
  status: z.enum([...LEAD_STATUSES, 'working']).optional().openapi({ description: 'A status, or `working`: new and in progress («Мои лиды»: assigneeId=<me>&status=working)' }),
  campaignId: queryId.optional(),
  serviceId: queryId.optional().openapi({ description: 'Leads of campaigns of this service' }),
  importBatchId: z.string().regex(/^\d{1,18}$/).optional(),
  createdFrom: queryDate.optional(),
  createdTo: queryDate.optional(),
  search: querySearch.optional().openapi({ description: 'Part of the full name, e-mail or phone' }),
  assigneeId: queryAssignee.optional(),
  fullName: querySearch.optional().openapi({ description: 'The name only: ё as е, any case, the words in any order' }),
  phone: querySearch.optional().openapi({ description: 'The phone only, typed any way (8 (912) 345-67-89, 345-67-89)' }),
  email: querySearch.optional().openapi({ description: 'Part of the e-mail only' }),
  createdById: queryId.optional().openapi({ description: 'The user who recorded the lead' }),
});

/** The filter of a bulk assign/unassign: the list's filters (no paging). */
const SelectionFilter = ListQuery.omit({ limit: true, cursor: true, sort: true }).strict();
const SelectionIn = z.object({
  ids: z.array(BigId).min(1).optional().openapi({ description: 'The leads to change; every one must exist and be working, or nothing changes' }),
  filter: SelectionFilter.optional().openapi({ description: 'Instead of ids: every working lead the list\'s filter matches (at least one condition)' }),
}).openapi({ description: 'At most MAX_BULK_ASSIGN_LEADS leads (100,000 unless configured) change at once; more is refused whole (400)' });
const AssignIn = SelectionIn.extend({ assigneeId: IdIn.openapi({ description: 'An active manager or admin' }) }).openapi('AssignLeads');
const UnassignIn = SelectionIn.openapi('UnassignLeads');
const AssigneeOut = z.object({ id: z.number().int(), fullName: z.string() }).openapi('Assignee');
const ChangedOut = z.object({ changed: z.number().int().openapi({ description: 'How many leads changed' }) }).openapi('LeadsChanged');

/** The ids or the filter of a bulk body (exactly one of them), as the service takes it. */
function selectionOf(body: { ids?: string[]; filter?: z.infer<typeof SelectionFilter> }): LeadSelection {
  if (body.ids && body.filter) throw badRequest(msg('lead.assignFilterEmpty'), { filter: msg('lead.assignFilterEmpty') });
  if (body.ids) return { ids: body.ids };
  // Already read by SelectionFilter as the list's query is (`campaignId: "5"` is 5): the endpoint passes the parsed body.
  if (body.filter) return { filter: body.filter };
  throw badRequest(msg('lead.assignNoneChosen'), { ids: msg('lead.assignNoneChosen') });
}

/** /leads: people who answered a campaign, and their convert / lost actions. */
export function leadsApi(api: Api, config: Config): void {
  api.add({
    method: 'get', path: '/leads', tag: 'leads', summary: 'List leads (default sort: -id)',
    permission: ['leads', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of leads', schema: page(LeadOut, 'LeadPage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listLeads(actor, query);
      return { json: { items: items.map(toLead), nextCursor } };
    },
  });
  api.add({
    method: 'post', path: '/leads', tag: 'leads', summary: 'Record a lead (normalised and validated as in the panel)',
    permission: ['leads', 'new'], body: NewLeadIn,
    responses: { 201: { description: 'Created', schema: LeadOut } },
    handler: async ({ actor, body }) => ({ status: 201, json: toLead(await createLead(actor, body)) }),
  });
  api.add({
    method: 'get', path: '/leads/assignees', tag: 'leads', summary: 'Who may be made responsible for leads: active managers and admins, by name',
    permission: ['leads', 'list'],
    responses: { 200: { description: 'The users', schema: z.object({ items: z.array(AssigneeOut) }).openapi('Assignees') } },
    handler: async ({ actor }) => ({ json: { items: await assignableUsers(actor) } }),
  });
  api.add({
    method: 'post', path: '/leads/assign', tag: 'leads',
    summary: 'Make an active manager responsible for working leads: `ids`, or every working lead of a list `filter` (one statement, all or none)',
    permission: ['leads', 'assign'], body: AssignIn,
    responses: { 200: { description: 'Assigned', schema: ChangedOut }, 404: { description: 'A lead does not exist' }, 409: { description: 'A chosen lead is converted or lost' } },
    handler: async ({ actor, body }) => ({ json: { changed: await assignLeads(actor, selectionOf(body), { assigneeId: body.assigneeId }, config.limits) } }),
  });
  api.add({
    method: 'post', path: '/leads/unassign', tag: 'leads',
    summary: 'Leave working leads without a responsible manager: `ids` or a list `filter` (one statement, all or none)',
    permission: ['leads', 'unassign'], body: UnassignIn,
    responses: { 200: { description: 'Unassigned', schema: ChangedOut }, 404: { description: 'A lead does not exist' }, 409: { description: 'A chosen lead is converted or lost' } },
    handler: async ({ actor, body }) => ({ json: { changed: await unassignLeads(actor, selectionOf(body), config.limits) } }),
  });
  api.add({
    method: 'post', path: '/leads/{id}/take', tag: 'leads',
    summary: 'Take a new lead nobody is responsible for: it becomes yours and in_progress',
    permission: ['leads', 'take'], params: IdPath,
    responses: { 200: { description: 'Taken', schema: LeadOut }, 409: { description: 'Not new, or someone is already responsible (the message names them)' } },
    handler: async ({ actor, params }) => ({ json: toLead(await takeLead(actor, bigId(params.id))) }),
  });
  api.add({
    method: 'get', path: '/leads/{id}', tag: 'leads', summary: 'Read a lead',
    permission: ['leads', 'show'], params: IdPath,
    responses: { 200: { description: 'The lead', schema: LeadOut } },
    handler: async ({ actor, params }) => ({ json: toLead(await getLead(actor, bigId(params.id))) }),
  });
  api.add({
    method: 'patch', path: '/leads/{id}', tag: 'leads', summary: 'Change a lead (converted and lost leads: notes only)',
    permission: ['leads', 'edit'], params: IdPath, body: LeadIn.partial(),
    responses: { 200: { description: 'Updated', schema: LeadOut }, 409: { description: 'Read-only in its status' } },
    handler: async ({ actor, params, body }) => ({ json: toLead(await updateLead(actor, bigId(params.id), body)) }),
  });
  api.add({
    method: 'delete', path: '/leads/{id}', tag: 'leads', summary: 'Delete a lead (refused once converted)',
    permission: ['leads', 'delete'], params: IdPath,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The lead is a customer' } },
    handler: async ({ actor, params }) => {
      await deleteLeads(actor, [bigId(params.id)]);
      return { status: 204 };
    },
  });
  api.add({
    method: 'get', path: '/leads/{id}/convert', tag: 'leads', summary: 'What a conversion would default to',
    permission: ['leads', 'convert'], params: IdPath,
    responses: { 200: { description: 'Defaults for the contract', schema: DefaultsOut } },
    handler: async ({ actor, params }) => ({ json: await conversionDefaults(actor, bigId(params.id)) }),
  });
  api.add({
    method: 'post', path: '/leads/{id}/convert', tag: 'leads',
    summary: 'Convert a lead into a customer with its first contract (one transaction; a second attempt is 409)',
    description: `JSON, or ${WITH_DOCUMENT}`,
    permission: ['leads', 'convert'], params: IdPath, body: ConvertIn,
    multipartFile: documentFileOf(config),
    responses: { 201: { description: 'Converted', schema: ConversionOut }, 409: { description: 'Already converted, or lost' } },
    handler: async ({ actor, params, body, file }) => {
      const { customer, contract } = await convertLead(actor, bigId(params.id), body, file, config.limits);
      const stored = await getContract(actor, contract.id);
      return { status: 201, json: { customer: toCustomer(customer, stored.amount), contract: toContract(stored) } };
    },
  });
  api.add({
    method: 'post', path: '/leads/{id}/lost', tag: 'leads', summary: 'Mark a working lead as lost, with the reason',
    permission: ['leads', 'markLost'], params: IdPath, body: z.object({ reason: z.string().max(10_000) }),
    responses: { 200: { description: 'Marked lost', schema: LeadOut }, 409: { description: 'Already converted or lost' } },
    handler: async ({ actor, params, body }) => ({ json: toLead(await markLeadLost(actor, bigId(params.id), body)) }),
  });
}
