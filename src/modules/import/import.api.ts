import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { API_SECURITY, errorResponse, incompleteBody, jsonBody, permissionFirst, rolesOf } from '../../api/endpoint.js';
import { BigId, z } from '../../api/schemas.js';
import { FIELDS } from './columns.js';
import { DELIMITERS, ENCODINGS } from './csv-reader.js';
import { badRequest, DomainError, msg, validationError } from '../../shared/errors.js';
import { errorBody } from '../../shared/http.js';
import { apiLanguage, reportLanguage } from '../../shared/i18n/language.js';
import { decodeURIComponentOrAsIs } from '../../shared/uri.js';
import { importLeads, importLimit, ImportTooLarge, previewImport, renderImportErrors, undoLastImport, writeErrorReport } from './import.service.js';

/** Multipart framing around the file may add this much to Content-Length. */
const MULTIPART_SLACK = 64 * 1024;
const RAW_TYPES = /^(text\/(csv|plain|tab-separated-values)|application\/(octet-stream|csv|vnd\.ms-excel))\b/i;

interface Upload {
  file: AsyncIterable<Buffer>;
  fields: Record<string, string>;
  fileName?: string;
}

/**
 * The uploaded file as a stream: the raw body (`text/csv` and the like) or the multipart field `file` (fields sent
 * before it count as options). A body cut short or broken (the client went away, the form never ends) fails the
 * stream with a 400, so the import rolls back and the client, if still there, is told why.
 */
function receiveUpload(req: Request): Promise<Upload> {
  const type = req.get('content-type') ?? '';
  const declared = Number(req.get('content-length') ?? NaN);
  if (declared > importLimit() + (type.startsWith('multipart/') ? MULTIPART_SLACK : 0)) return Promise.reject(new ImportTooLarge());
  if (RAW_TYPES.test(type) || !type) {
    return Promise.resolve({ file: wholeBody(req), fields: {}, fileName: req.get('x-file-name') ? decodeURIComponentOrAsIs(req.get('x-file-name')!) : undefined });
  }
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(validationError({ file: msg('import.sendFileAs') }, msg('request.unsupportedContentType')));
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: importLimit() + 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(unreadableForm());
      return;
    }
    const fields: Record<string, string> = {};
    let found = false;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      // busboy fails the part's stream when the body breaks off inside it, maybe before anyone reads it: a stream
      // failing with no listener would end the process. The reader below still gets the error.
      stream.on('error', () => undefined);
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ file: filePart(stream), fields, fileName: info.filename });
    });
    bb.on('error', () => (found ? undefined : reject(unreadableForm())));
    bb.on('close', () => {
      if (!found) reject(validationError({ file: msg('import.noFileField') }, msg('import.noFile')));
    });
    // A client gone mid-body never ends the form; failing it fails the file part too.
    req.on('close', () => {
      if (!req.complete) bb.destroy(incompleteBody());
    });
    req.pipe(bb);
  });
}

const unreadableForm = () => badRequest(msg('request.multipartUnparsable'));

/** The file part's chunks; the part failing (the form broken or cut short) is the client's error, not ours. */
async function* filePart(stream: Readable): AsyncIterable<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    throw e instanceof DomainError ? e : unreadableForm();
  }
}

/** The raw body; an upload cut short fails instead of ending early, so a partial file is never imported. */
async function* wholeBody(req: Request): AsyncIterable<Buffer> {
  try {
    for await (const chunk of req) yield chunk as Buffer;
  } catch {
    throw incompleteBody();
  }
  if (!req.complete) throw incompleteBody();
}

/** Whatever the client still sends is read and dropped: an answer given mid-body would otherwise break its upload. */
function dropRest(req: Request, res: Response): void {
  if (req.complete) return;
  res.set('connection', 'close');
  req.unpipe();
  req.resume();
}

function fail(req: Request, res: Response, next: NextFunction, e: unknown): void {
  dropRest(req, res);
  if (e instanceof ImportTooLarge) {
    const { message, fields } = e.render(apiLanguage(req));
    res.status(413).json(errorBody('too_large', message, { fields }));
    return;
  }
  next(e);
}

const options = (req: Request, upload: Upload) => ({ ...req.query, ...upload.fields, fileName: upload.fileName ?? req.query.fileName });

/** /api/v1/leads/import…: CSV import of leads, its error report and undo (the same service as the panel's page). */
export function importApi(): Router {
  const router = express.Router();

  // The permission comes before a byte of the body is read: a refused user's upload is never parsed.
  const mayImport = permissionFirst('leads', 'import');

  router.post('/leads/import', mayImport, async (req, res, next) => {
    try {
      const upload = await receiveUpload(req);
      const summary = await importLeads(req.actor, upload.file, options(req, upload));
      res.status(summary.batchId ? 201 : 200).json({ ...summary, errors: renderImportErrors(summary.errors, apiLanguage(req)) });
    } catch (e) {
      fail(req, res, next, e);
    }
  });

  router.post('/leads/import/preview', mayImport, async (req, res, next) => {
    try {
      const upload = await receiveUpload(req);
      const preview = await previewImport(req.actor, upload.file, options(req, upload));
      dropRest(req, res);
      res.json(preview);
    } catch (e) {
      fail(req, res, next, e);
    }
  });

  router.post('/leads/import/undo', mayImport, jsonBody, async (req, res, next) => {
    try {
      res.json(await undoLastImport(req.actor, { campaignId: req.query.campaignId ?? req.body?.campaignId }));
    } catch (e) {
      next(e);
    }
  });

  router.get('/leads/import/batches/:batchId/errors.csv', async (req, res, next) => {
    try {
      let started = false;
      await writeErrorReport(req.actor, req.params.batchId, reportLanguage(req), async (chunk) => {
        if (!started) {
          started = true;
          res.type('text/csv; charset=utf-8').attachment(`import-${req.params.batchId}-errors.csv`);
        }
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      });
      res.end();
    } catch (e) {
      if (res.headersSent) res.destroy();
      else next(e);
    }
  });

  return router;
}

// ---- OpenAPI: the routes above, described (they stay plain routers: uploads are streamed) ----

const Encoding = z.enum(ENCODINGS as unknown as [string, ...string[]]).openapi({ description: 'Character encoding of the file' });
const Delimiter = z.enum(DELIMITERS).openapi({ description: 'Column delimiter (a tab is "\\t")' });
const MappingOut = z
  .object(Object.fromEntries(FIELDS.map((f) => [f, z.number().int().min(0).optional()])) as Record<(typeof FIELDS)[number], z.ZodOptional<z.ZodNumber>>)
  .openapi('ImportMapping', { description: 'Lead field → 0-based column index of the file; a field left out is not imported' });

const encodingIn = z.enum(ENCODINGS as unknown as [string, ...string[]]).optional().openapi({ description: 'Encoding of the file (default: detected)' });
const delimiterIn = z.enum([',', ';', 'tab']).optional().openapi({ description: 'Column delimiter: ",", ";" or "tab" (default: detected)' });
const mappingIn = z.string().optional().openapi({ description: 'Columns as JSON: `{"lastName":0,"firstName":1,"phone":2}` (field → 0-based column; default: proposed from the header)' });
const previewOptions = { encoding: encodingIn, delimiter: delimiterIn, mapping: mappingIn };
const importOptions = {
  campaignId: z.string().regex(/^\d{1,15}$/).optional().openapi({ description: 'The launched campaign the leads go to; required (here or as a multipart field)', example: '1' }),
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'Check everything and roll back (default false)' }),
  duplicates: z.enum(['skip', 'create']).optional().openapi({ description: 'Rows repeating the phone or e-mail of an earlier row or lead: skipped (default) or created anyway' }),
  assigneeIds: z.string().regex(/^\d{1,15}(,\d{1,15}){0,99}$/).optional().openapi({
    description: 'Responsible managers of the imported leads, comma-separated user ids (active managers or admins): one for the whole file, or several given in turn row by row (spread evenly). Default: none',
    example: '3,7',
  }),
  ...previewOptions,
  fileName: z.string().max(255).optional().openapi({ description: 'Name of the file, kept with the batch (also: multipart file name, or X-File-Name header URL-encoded)' }),
};
const fileSchema = z.string().openapi({ type: 'string', format: 'binary', description: 'The CSV file (UTF-8, Windows-1251 or UTF-16; ",", ";" or tab)' });
/** The file as the raw body, or multipart with the options first and then the field `file`. */
const uploadBody = (options: Record<string, z.ZodTypeAny>) => ({
  required: true,
  description: 'The CSV file as the raw body (text/csv, text/plain, application/octet-stream …), or multipart/form-data with option fields followed by the file in `file`. Options may also be query parameters; multipart fields win.',
  content: {
    'text/csv': { schema: fileSchema },
    'application/octet-stream': { schema: fileSchema },
    'multipart/form-data': { schema: z.object({ ...options, file: fileSchema }) },
  },
});

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

/** Registers the four /leads/import… operations in the API's OpenAPI document. */
export function describeImportApi(registry: OpenAPIRegistry): void {
  const roles = rolesOf(['leads', 'import']);
  const json = (description: string, schema: z.ZodTypeAny): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
  const common = {
    400: errorResponse('Malformed request'),
    401: errorResponse('No credentials, or an invalid/revoked token'),
    403: errorResponse(`The role may not do this (allowed: ${roles})`),
  };
  const base = { tags: ['leads'], security: API_SECURITY };
  const rolesLine = `Roles: ${roles}.`;

  registry.registerPath({
    ...base,
    method: 'post',
    path: '/leads/import',
    summary: 'Import leads from a CSV file into a launched campaign',
    description: `Streams the file; rows are checked and normalised as in the panel, duplicates (inside the file and against existing leads, by phone or e-mail) skipped or created as asked; all in one transaction with an import batch and its error report. A dry run does everything and rolls back.\n\n${rolesLine}`,
    request: { query: z.object(importOptions), body: uploadBody(importOptions) },
    responses: {
      200: json('Dry run: what the import would do (nothing saved)', ImportSummaryOut),
      201: json('Imported: the batch and its figures', ImportSummaryOut),
      ...common,
      413: errorResponse('The file is larger than the import limit (MAX_IMPORT_MB)'),
      422: errorResponse('Bad options (campaign missing, not found or not launched; bad mapping, encoding, delimiter), an empty or unreadable file, or no file; details.fields has a message per field'),
    },
  });

  registry.registerPath({
    ...base,
    method: 'post',
    path: '/leads/import/preview',
    summary: 'Preview a CSV file: detected encoding, delimiter, header, proposed column mapping and a few rows',
    description: `Reads only the start of the file; nothing is saved.\n\n${rolesLine}`,
    request: { query: z.object(previewOptions), body: uploadBody(previewOptions) },
    responses: {
      200: json('What the file looks like', ImportPreviewOut),
      ...common,
      413: errorResponse('The file is larger than the import limit (MAX_IMPORT_MB)'),
      422: errorResponse('Bad options, an empty or unreadable file, or no file; details.fields has a message per field'),
    },
  });

  const campaignId = z.union([z.number().int(), z.string().regex(/^\d{1,15}$/)]).openapi({ description: 'The campaign whose last import is undone', example: 1 });
  registry.registerPath({
    ...base,
    method: 'post',
    path: '/leads/import/undo',
    summary: 'Undo the last import into a campaign (deletes the leads it created)',
    description: `Refused when some of its leads have already become customers, or when it is already undone. campaignId goes in the query or the JSON body.\n\n${rolesLine}`,
    request: {
      query: z.object({ campaignId: z.string().regex(/^\d{1,15}$/).optional().openapi({ description: 'The campaign whose last import is undone (or in the body)', example: '1' }) }),
      body: { required: false, content: { 'application/json': { schema: z.object({ campaignId: campaignId.optional() }) } } },
    },
    responses: {
      200: json('Undone', UndoOut),
      ...common,
      404: errorResponse('Nothing was imported into this campaign'),
      409: errorResponse('The last import is already undone, or some of its leads are customers'),
      413: errorResponse('Body too large'),
      422: errorResponse('campaignId missing or not an id; details.fields has a message per field'),
    },
  });

  registry.registerPath({
    ...base,
    method: 'get',
    path: '/leads/import/batches/{batchId}/errors.csv',
    summary: 'The error report of an import batch: every rejected row with its reason, as CSV',
    description: `UTF-8 with BOM, in the language of \`lang\` or else Accept-Language, with that language's spreadsheet conventions (as Excel opens it): Russian headers and ";", or English headers and ","; line, reason and the row's values. Cells a spreadsheet would run as formulas are escaped; phones are written as text formulas (="+79123456789") so that they show as typed.\n\n${rolesLine}`,
    request: {
      params: z.object({ batchId: z.string().openapi({ param: { name: 'batchId', in: 'path', description: 'Import batch id (batchId of the import)' }, example: '1' }) }),
      query: z.object({ lang: z.enum(['ru', 'en']).optional().openapi({ description: 'Language of the report (a link cannot send Accept-Language; the panel sends its own)' }) }),
    },
    responses: {
      200: { description: 'The report (an attachment)', content: { 'text/csv': { schema: z.string().openapi({ description: 'CSV text' }) } } },
      ...common,
      404: errorResponse('No such import batch'),
      422: errorResponse('batchId is not an id'),
    },
  });
}
