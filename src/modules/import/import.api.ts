import type { Limits } from '../../config.js';
import { Api, type Endpoint } from '../../api/endpoint.js';
import { BigId, describeFields, queryLang, z } from '../../api/schemas.js';
import { msg, validationError } from '../../shared/errors.js';
import { apiLanguage, fileLanguage } from '../../shared/i18n/language.js';
import { FIELDS } from './columns.js';
import { DELIMITERS, ENCODINGS } from './csv-reader.js';
import {
  importLeads, importOptionsSchema, ImportTooLarge, previewImport, previewOptionsSchema, renderImportErrors, undoLastImport, undoSchema, writeErrorReport,
} from './import.service.js';

// ---- Inputs: the service's own schemas, described ----

const previewDocs = {
  encoding: { description: 'Encoding of the file (default: detected)' },
  delimiter: { type: 'string' as const, enum: [',', ';', 'tab'], description: 'Column delimiter: ",", ";" or "tab" (default: detected)' },
  mapping: { type: 'string' as const, description: 'Columns as JSON: `{"lastName":0,"firstName":1,"phone":2}` (field → 0-based column; default: proposed from the header)' },
};
const PreviewOptions = describeFields(previewOptionsSchema, previewDocs);
const ImportOptions = describeFields(importOptionsSchema, {
  ...previewDocs,
  // Required, but in the query or in the form: neither alone must have it.
  campaignId: { type: 'string' as const, param: { required: false }, description: 'The launched campaign the leads go to; required (here or as a multipart field)', example: '1' },
  dryRun: { type: 'string' as const, enum: ['true', 'false'], description: 'Check everything and roll back (default false)' },
  duplicates: { description: 'Rows repeating the phone or e-mail of an earlier row or lead: skipped (default) or created anyway' },
  fileName: { description: 'Name of the file, kept with the batch (also: multipart file name, or X-File-Name header URL-encoded)' },
});
const UndoQuery = describeFields(undoSchema.partial(), {
  campaignId: { type: 'string' as const, description: 'The campaign whose last import is undone (or in the body)', example: '1' },
});
const UndoBody = describeFields(undoSchema.partial(), {
  campaignId: { description: 'The campaign whose last import is undone (or in the query)', example: 1 },
});
const ReportQuery = z.object({ lang: queryLang });
const BatchPath = z.object({
  // Checked by the service (422 for a bad id, as the report's link is built from a batchId).
  batchId: z.string().openapi({ param: { name: 'batchId', in: 'path', description: 'Import batch id (batchId of the import)' }, example: '1' }),
});

// ---- Outputs ----

const Encoding = z.enum(ENCODINGS as unknown as [string, ...string[]]).openapi({ description: 'Character encoding of the file' });
const Delimiter = z.enum(DELIMITERS).openapi({ description: 'Column delimiter (a tab is "\\t")' });
const MappingOut = z
  .object(Object.fromEntries(FIELDS.map((f) => [f, z.number().int().min(0).optional()])) as Record<(typeof FIELDS)[number], z.ZodOptional<z.ZodNumber>>)
  .openapi('ImportMapping', { description: 'Lead field → 0-based column index of the file; a field left out is not imported' });

const ImportSummaryOut = z
  .object({
    batchId: BigId.nullable().openapi({ description: 'The import batch (for undo and the error report); null for a dry run' }),
    dryRun: z.boolean(),
    rows: z.number().int().openapi({ description: 'Data rows read (the header not counted)' }),
    created: z.number().int().openapi({ description: 'Leads created (for a dry run: that would be created)' }),
    duplicates: z.number().int(),
    invalid: z.number().int(),
    errors: z
      .array(z.object({ line: z.number().int(), reason: z.string().openapi({ description: 'What is wrong with the row, in the language of Accept-Language' }) }))
      .openapi({ description: 'The first 100 rejected rows; all are in the batch error report' }),
    encoding: Encoding,
    delimiter: Delimiter,
    columns: z.array(z.string()).openapi({ description: 'The header row' }),
    mapping: MappingOut,
  })
  .openapi('ImportSummary');

const ImportPreviewOut = z
  .object({
    encoding: Encoding,
    delimiter: Delimiter,
    columns: z.array(z.string()).openapi({ description: 'The header row' }),
    mapping: MappingOut,
    sample: z.array(z.array(z.string())).openapi({ description: 'Up to 5 data rows' }),
  })
  .openapi('ImportPreview');

const UndoOut = z.object({ batchId: BigId, deleted: z.number().int().openapi({ description: 'Leads deleted' }) }).openapi('ImportUndo');


/** The file as the raw body, or multipart with the options first and then the field `file`. */
const uploadOf = (limits: Pick<Limits, 'importBytes'>): Endpoint<undefined, undefined, undefined>['upload'] => ({
  field: 'file',
  rawTypes: /^(text\/(csv|plain|tab-separated-values)|application\/(octet-stream|csv|vnd\.ms-excel))\b/i,
  maxBytes: limits.importBytes,
  tooLarge: (bytes) => new ImportTooLarge(bytes),
  wrongType: () => validationError({ file: msg('import.sendFileAs') }, msg('request.unsupportedContentType')),
  noFile: () => validationError({ file: msg('import.noFileField') }, msg('import.noFile')),
  fileNameOption: 'fileName',
  description:
    'The CSV file as the raw body (text/csv, text/plain, application/octet-stream …), or multipart/form-data with option fields followed by the file in `file`. Options may also be query parameters; multipart fields win.',
  fileDescription: 'The CSV file (UTF-8, Windows-1251 or UTF-16; ",", ";" or tab)',
});

const TOO_LARGE = 'The file is larger than the import limit (MAX_IMPORT_MB)';

/**
 * /api/v1/leads/import…: CSV import of leads, its preview, error report and undo (the same service as the panel's
 * page). The file is streamed to the service, read only once the permission is checked.
 */
export function importApi(api: Api, limits: Pick<Limits, 'importBytes'>): void {
  const upload = uploadOf(limits);
  api.add({
    method: 'post', path: '/leads/import', tag: 'leads',
    summary: 'Import leads from a CSV file into a launched campaign',
    description:
      'Streams the file; rows are checked and normalised as in the panel, duplicates (inside the file and against existing leads, by phone or e-mail) skipped or created as asked; all in one transaction with an import batch and its error report. A dry run does everything and rolls back.',
    permission: ['leads', 'import'], query: ImportOptions, unknownQuery: 'ignore', upload,
    responses: {
      200: { description: 'Dry run: what the import would do (nothing saved)', schema: ImportSummaryOut },
      201: { description: 'Imported: the batch and its figures', schema: ImportSummaryOut },
      413: { description: TOO_LARGE },
      422: { description: 'Bad options (campaign missing, not found or not launched; bad mapping, encoding, delimiter), an empty or unreadable file, or no file; details.fields has a message per field' },
    },
    handler: async ({ req, actor, query, upload: file }) => {
      const summary = await importLeads(actor, file!.file, query, limits);
      return { status: summary.batchId ? 201 : 200, json: { ...summary, errors: renderImportErrors(summary.errors, apiLanguage(req)) } };
    },
  });

  api.add({
    method: 'post', path: '/leads/import/preview', tag: 'leads',
    summary: 'Preview a CSV file: detected encoding, delimiter, header, proposed column mapping and a few rows',
    description: 'Reads only the start of the file; nothing is saved.',
    permission: ['leads', 'import'], query: PreviewOptions, unknownQuery: 'ignore', upload,
    responses: {
      200: { description: 'What the file looks like', schema: ImportPreviewOut },
      413: { description: TOO_LARGE },
      422: { description: 'Bad options, an empty or unreadable file, or no file; details.fields has a message per field' },
    },
    handler: async ({ actor, query, upload: file }) => ({ json: await previewImport(actor, file!.file, query) }),
  });

  api.add({
    method: 'post', path: '/leads/import/undo', tag: 'leads',
    summary: 'Undo the last import into a campaign (deletes the leads it created)',
    description: 'Refused when some of its leads have already become customers, or when it is already undone. campaignId goes in the query or the JSON body.',
    permission: ['leads', 'import'], query: UndoQuery, unknownQuery: 'ignore', body: UndoBody, bodyOptional: true, idempotent: false,
    responses: {
      200: { description: 'Undone', schema: UndoOut },
      404: { description: 'Nothing was imported into this campaign' },
      409: { description: 'The last import is already undone, or some of its leads are customers' },
      422: { description: 'campaignId missing or not an id; details.fields has a message per field' },
    },
    handler: async ({ actor, query, body }) => ({ json: await undoLastImport(actor, { campaignId: query.campaignId ?? body.campaignId }) }),
  });

  api.add({
    method: 'get', path: '/leads/import/batches/{batchId}/errors.csv', tag: 'leads',
    summary: 'The error report of an import batch: every rejected row with its reason, as CSV',
    description:
      'UTF-8 with BOM, in the language of `lang` (else the panel\'s for its session, else Accept-Language), with that language\'s spreadsheet conventions (as Excel opens it): Russian headers and ";", or English headers and ","; line, reason and the row\'s values. Cells a spreadsheet would run as formulas are escaped; phones are written as text formulas (="+79123456789") so that they show as typed.',
    permission: ['leads', 'import'], params: BatchPath, query: ReportQuery, unknownQuery: 'ignore',
    responses: {
      200: { description: 'The report (an attachment)', schema: z.string().openapi({ description: 'CSV text' }), contentType: 'text/csv' },
      404: { description: 'No such import batch' },
      422: { description: 'batchId is not an id' },
    },
    handler: async ({ req, actor, params, query }) => ({
      raw: async (res) => {
        let started = false;
        await writeErrorReport(actor, params.batchId, fileLanguage(req, query.lang), async (chunk) => {
          if (!started) {
            started = true;
            res.type('text/csv; charset=utf-8').attachment(`import-${params.batchId}-errors.csv`);
          }
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        });
        res.end();
      },
    }),
  });
}
