import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { en as panelEn } from '../../admin/locale/en.js';
import { ru as panelRu } from '../../admin/locale/ru.js';
import type { Language } from '../../shared/i18n/render.js';
import { COMPANY_TIME_ZONE, type SortCast } from '../../shared/keyset.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { CAMPAIGN_SORTS, campaignsFilter, type CampaignListQuery } from '../campaigns/campaigns.service.js';
import { Contract } from '../contracts/contract.entity.js';
import { CONTRACT_SORTS, contractsFilter, type ContractListQuery } from '../contracts/contracts.service.js';
import { CUSTOMER_SORTS, customersFilter, type CustomerListQuery } from '../customers/conversion.service.js';
import { Customer } from '../customers/customer.entity.js';
import { Lead } from '../leads/lead.entity.js';
import { LEAD_SORTS, leadsFilter, type LeadListQuery } from '../leads/leads.service.js';
import { Service } from '../services/service.entity.js';
import { SERVICE_SORTS, servicesFilter, type ServiceListQuery } from '../services/services.service.js';
import type { ResourceId } from '../users/permissions.js';
import { User } from '../users/user.entity.js';
import { USER_SORTS, usersFilter, type UserListQuery } from '../users/users.service.js';

/**
 * How a column is written. Every value comes from PostgreSQL as text (no parsing on the way): `int` and `money` become
 * numbers, `date` and `instant` dates (instants as Moscow wall time, the product's calendar), `enum`, `roles` and
 * `bool` the labels the panel shows, `text` stays text.
 */
export type ColumnKind = 'int' | 'text' | 'money' | 'date' | 'instant' | 'enum' | 'roles' | 'bool';

export interface ExportColumn {
  /** The SQL expression, over the main alias `e` and the spec's joins. */
  sql: string;
  kind: ColumnKind;
  header: Record<Language, string>;
  /** .xlsx column width in characters. */
  width: number;
  /** enum/roles/bool: value → label per language. */
  labels?: Record<Language, Record<string, string>>;
}

export interface ExportSpec {
  resource: ResourceId;
  entity: EntityTarget<ObjectLiteral>;
  /** The list's own WHERE (the function the list service uses). */
  filter: (qb: SelectQueryBuilder<ObjectLiteral>, query: Record<string, unknown>) => SelectQueryBuilder<ObjectLiteral>;
  sorts: Record<string, SortCast>;
  defaultSort: string;
  joins?: (qb: SelectQueryBuilder<ObjectLiteral>) => void;
  columns: ExportColumn[];
}

/** An instant as Moscow wall time, `YYYY-MM-DD HH:MM:SS` (what Excel reads as a date-time in any locale). */
const instant = (column: string) => `to_char(${column} AT TIME ZONE '${COMPANY_TIME_ZONE}', 'YYYY-MM-DD HH24:MI:SS')`;

type PanelResources = typeof panelRu.resources;
/** The panel's label of a property, so the file's headers are the list's column titles. */
const label = <R extends keyof PanelResources>(resource: R, property: keyof PanelResources[R]['properties']): Record<Language, string> => ({
  ru: (panelRu.resources[resource].properties as Record<string, string>)[property as string],
  en: (panelEn.resources[resource].properties as Record<string, string>)[property as string],
});
const both = (ru: string, en: string): Record<Language, string> => ({ ru, en });

const yesNo = { ru: { true: 'Да', false: 'Нет' }, en: { true: 'Yes', false: 'No' } };

const ID = { sql: 'e.id', kind: 'int', width: 10 } as const;

/** The columns of each list's export: the list's columns plus the names behind its references. Never a secret. */
export const EXPORTS: Record<ResourceId, ExportSpec> = {
  services: {
    resource: 'services',
    entity: Service,
    filter: (qb, q) => servicesFilter(qb, q as ServiceListQuery),
    sorts: SERVICE_SORTS,
    defaultSort: 'name',
    columns: [
      { ...ID, header: label('services', 'id') },
      { sql: 'e.name', kind: 'text', width: 40, header: label('services', 'name') },
      { sql: 'e.price', kind: 'money', width: 14, header: label('services', 'price') },
      { sql: instant('e.created_at'), kind: 'instant', width: 19, header: label('services', 'createdAt') },
      { sql: instant('e.updated_at'), kind: 'instant', width: 19, header: label('services', 'updatedAt') },
    ],
  },
  campaigns: {
    resource: 'campaigns',
    entity: Campaign,
    filter: (qb, q) => campaignsFilter(qb, q as CampaignListQuery),
    sorts: CAMPAIGN_SORTS,
    defaultSort: '-id',
    joins: (qb) => qb.leftJoin('e.service', 's'),
    columns: [
      { ...ID, header: label('campaigns', 'id') },
      { sql: 'e.name', kind: 'text', width: 36, header: label('campaigns', 'name') },
      { sql: 'e.service_id', kind: 'int', width: 10, header: both('ID услуги', 'Service ID') },
      { sql: 's.name', kind: 'text', width: 30, header: label('campaigns', 'service') },
      {
        sql: 'e.channel::text', kind: 'enum', width: 24, header: label('campaigns', 'channel'),
        labels: { ru: panelRu.resources.campaigns.labels.channel, en: panelEn.resources.campaigns.labels.channel },
      },
      {
        sql: 'e.status::text', kind: 'enum', width: 12, header: label('campaigns', 'status'),
        labels: { ru: panelRu.resources.campaigns.labels.status, en: panelEn.resources.campaigns.labels.status },
      },
      { sql: 'e.budget', kind: 'money', width: 14, header: label('campaigns', 'budget') },
      { sql: instant('e.launched_at'), kind: 'instant', width: 19, header: label('campaigns', 'launchedAt') },
      { sql: instant('e.finished_at'), kind: 'instant', width: 19, header: label('campaigns', 'finishedAt') },
      { sql: instant('e.created_at'), kind: 'instant', width: 19, header: label('campaigns', 'createdAt') },
    ],
  },
  leads: {
    resource: 'leads',
    entity: Lead,
    filter: (qb, q) => leadsFilter(qb, q as LeadListQuery),
    sorts: LEAD_SORTS,
    defaultSort: '-id',
    joins: (qb) => qb.innerJoin('e.campaign', 'c').leftJoin('e.createdBy', 'u').leftJoin('e.assignee', 'a'),
    columns: [
      { ...ID, header: label('leads', 'id') },
      { sql: 'e.full_name', kind: 'text', width: 34, header: label('leads', 'fullName') },
      { sql: 'e.phone', kind: 'text', width: 16, header: label('leads', 'phone') },
      { sql: 'e.email', kind: 'text', width: 30, header: label('leads', 'email') },
      { sql: 'e.campaign_id', kind: 'int', width: 10, header: both('ID кампании', 'Campaign ID') },
      { sql: 'c.name', kind: 'text', width: 30, header: label('leads', 'campaign') },
      {
        sql: 'e.status::text', kind: 'enum', width: 14, header: label('leads', 'status'),
        labels: { ru: panelRu.resources.leads.labels.status, en: panelEn.resources.leads.labels.status },
      },
      { sql: 'a.full_name', kind: 'text', width: 26, header: both('Ответственный', 'Responsible') },
      { sql: 'u.full_name', kind: 'text', width: 26, header: label('leads', 'createdBy') },
      { sql: instant('e.created_at'), kind: 'instant', width: 19, header: label('leads', 'createdAt') },
    ],
  },
  customers: {
    resource: 'customers',
    entity: Customer,
    filter: (qb, q) => customersFilter(qb, q as CustomerListQuery),
    sorts: CUSTOMER_SORTS,
    defaultSort: '-id',
    joins: (qb) => qb.innerJoin('e.lead', 'l').leftJoin('e.convertedBy', 'u'),
    columns: [
      { ...ID, header: label('customers', 'id') },
      { sql: 'e.display_name', kind: 'text', width: 34, header: label('customers', 'displayName') },
      { sql: 'e.lead_id', kind: 'int', width: 10, header: both('ID лида', 'Lead ID') },
      { sql: 'l.phone', kind: 'text', width: 16, header: label('leads', 'phone') },
      { sql: 'l.email', kind: 'text', width: 30, header: label('leads', 'email') },
      {
        sql: 'coalesce((SELECT cs.sales_volume FROM customer_sales cs WHERE cs.customer_id = e.id), 0)::numeric(14,2)',
        kind: 'money', width: 16, header: label('customers', 'salesVolume'),
      },
      { sql: instant('e.converted_at'), kind: 'instant', width: 19, header: label('customers', 'convertedAt') },
      { sql: 'u.full_name', kind: 'text', width: 26, header: label('customers', 'convertedBy') },
    ],
  },
  contracts: {
    resource: 'contracts',
    entity: Contract,
    filter: (qb, q) => contractsFilter(qb, q as ContractListQuery),
    sorts: CONTRACT_SORTS,
    defaultSort: '-id',
    joins: (qb) => qb.innerJoin('e.customer', 'cu').innerJoin('e.service', 's'),
    columns: [
      { ...ID, header: label('contracts', 'id') },
      { sql: 'e.name', kind: 'text', width: 30, header: label('contracts', 'name') },
      { sql: 'e.customer_id', kind: 'int', width: 10, header: both('ID клиента', 'Customer ID') },
      { sql: 'cu.display_name', kind: 'text', width: 34, header: label('contracts', 'customer') },
      { sql: 'e.service_id', kind: 'int', width: 10, header: both('ID услуги', 'Service ID') },
      { sql: 's.name', kind: 'text', width: 30, header: label('contracts', 'service') },
      { sql: 'e.amount', kind: 'money', width: 14, header: label('contracts', 'amount') },
      { sql: 'e.signed_on', kind: 'date', width: 12, header: label('contracts', 'signedOn') },
      { sql: 'e.starts_on', kind: 'date', width: 12, header: label('contracts', 'startsOn') },
      { sql: 'e.ends_on', kind: 'date', width: 12, header: label('contracts', 'endsOn') },
    ],
  },
  users: {
    resource: 'users',
    entity: User,
    filter: (qb, q) => usersFilter(qb, q as UserListQuery),
    sorts: USER_SORTS,
    defaultSort: 'email',
    // Only these columns are selected: the password hash (and anything else) never reaches a file.
    columns: [
      { ...ID, header: label('users', 'id') },
      { sql: 'e.email', kind: 'text', width: 30, header: label('users', 'email') },
      { sql: 'e.full_name', kind: 'text', width: 30, header: label('users', 'fullName') },
      {
        sql: "array_to_string(e.roles, ',')", kind: 'roles', width: 30, header: label('users', 'roles'),
        labels: { ru: panelRu.resources.users.labels.roles, en: panelEn.resources.users.labels.roles },
      },
      { sql: 'e.active::text', kind: 'bool', width: 10, header: label('users', 'active'), labels: yesNo },
      { sql: instant('e.created_at'), kind: 'instant', width: 19, header: label('users', 'createdAt') },
    ],
  },
};
