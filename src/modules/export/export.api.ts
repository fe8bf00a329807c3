import type { AnyZodObject } from 'zod';
import type { Api } from '../../api/endpoint.js';
import { queryLang, z } from '../../api/schemas.js';
import { fileLanguage } from '../../shared/i18n/language.js';
import type { Language } from '../../shared/i18n/render.js';
import { ListQuery as CampaignListQuery } from '../campaigns/campaigns.api.js';
import { ListQuery as ContractListQuery } from '../contracts/contracts.api.js';
import { ListQuery as CustomerListQuery } from '../customers/customers.api.js';
import { ListQuery as LeadListQuery } from '../leads/leads.api.js';
import { ListQuery as ServiceListQuery } from '../services/services.api.js';
import type { ResourceId } from '../users/permissions.js';
import { ListQuery as UserListQuery } from '../users/users.api.js';
import { csvFormatFor } from '../../shared/csv.js';
import { CSV_DELIMITERS, EXPORT_FORMATS, MAX_EXPORT_IDS, openExport } from './export.service.js';

/** Each list's own query schema: the export takes the same filters and sort. */
const LIST_QUERIES: Record<ResourceId, AnyZodObject> = {
  services: ServiceListQuery,
  campaigns: CampaignListQuery,
  leads: LeadListQuery,
  contracts: ContractListQuery,
  customers: CustomerListQuery,
  users: UserListQuery,
};

const exportParams = {
  lang: queryLang,
  format: z.enum(EXPORT_FORMATS).default('xlsx').openapi({ description: 'xlsx (default) or csv' }),
  delimiter: z
    .enum(CSV_DELIMITERS)
    .optional()
    .openapi({ description: 'CSV only: `;` with decimal commas (what a Russian Excel opens with a double click) or `,` with decimal points; by default the one of the answer\'s language (`;` in Russian, `,` in English)' }),
  ids: z
    .string()
    .max(MAX_EXPORT_IDS * 20)
    .regex(/^\d{1,18}(,\d{1,18})*$/)
    .optional()
    .openapi({ description: `Only these records (comma-separated ids, at most ${MAX_EXPORT_IDS}), within the filters`, example: '12,15,31' }),
};


const FILE = 'The file, streamed: .xlsx (a bold frozen header row; numbers, money and dates as typed cells, text as text) or CSV (UTF-8 with BOM)';

/**
 * GET /{resource}/export for every list. Registered before the resources' own routes, so `/leads/export` is not
 * taken for `/leads/{id}`.
 */
export function exportApi(api: Api): void {
  for (const resource of Object.keys(LIST_QUERIES) as ResourceId[]) {
    const query = LIST_QUERIES[resource].omit({ limit: true, cursor: true }).extend(exportParams);
    api.add({
      method: 'get',
      path: `/${resource}/export`,
      tag: resource,
      summary: `Export the ${resource} list (the list's filters and sort, every row) as .xlsx or CSV`,
      description:
        'The rows the list would return page by page, in its order, from one consistent snapshot, streamed as they are read. ' +
        'Headers in the language of `lang`, else the panel\'s for its session, else Accept-Language. CSV: `;` with decimal commas by default, `,` with points; ' +
        'cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe. ' +
        '.xlsx: such text is a text cell, never a formula. An empty result is a file with the header row only.',
      permission: [resource, 'list'],
      query,
      responses: {
        200: { description: FILE, contentType: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] },
        429: { description: 'Too many exports are running in this app process (at most 3 at once): try again later' },
      },
      handler: async ({ req, actor, query: q }) => {
        const { format, delimiter, ids, lang, ...listQuery } = q as { format: 'xlsx' | 'csv'; delimiter?: ';' | ','; ids?: string; lang?: Language } & Record<string, unknown>;
        const language = fileLanguage(req, lang);
        const opened = await openExport(actor, resource, listQuery, {
          format,
          // without one, the CSV follows the reader's spreadsheet: `;` and decimal commas in Russian, `,` in English
          delimiter: delimiter ?? csvFormatFor(language).delimiter,
          language,
          ids: ids ? [...new Set(ids.split(','))] : undefined,
        });
        return {
          raw: (res) => {
            try {
              res.status(200);
              res.setHeader('Content-Type', opened.contentType);
              res.attachment(opened.fileName);
              res.setHeader('Cache-Control', 'no-store');
            } catch (e) {
              opened.cancel();
              throw e;
            }
            void opened.send(res);
          },
        };
      },
    });
  }
}
