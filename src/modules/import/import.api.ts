import busboy from 'busboy';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { validationError } from '../../shared/errors.js';
import { errorBody } from '../../shared/http.js';
import { importLeads, importLimit, ImportTooLarge, previewImport, undoLastImport, writeErrorReport } from './import.service.js';

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
 * before it count as options). A client that goes away mid-upload fails the stream, so the import rolls back.
 */
function receiveUpload(req: Request): Promise<Upload> {
  const type = req.get('content-type') ?? '';
  const declared = Number(req.get('content-length') ?? NaN);
  if (declared > importLimit() + (type.startsWith('multipart/') ? MULTIPART_SLACK : 0)) return Promise.reject(new ImportTooLarge());
  if (RAW_TYPES.test(type) || !type) {
    return Promise.resolve({ file: wholeBody(req), fields: {}, fileName: req.get('x-file-name') ? decodeURIComponent(req.get('x-file-name')!) : undefined });
  }
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(validationError({ file: 'Отправьте файл как text/csv или multipart/form-data (поле file)' }, 'Неподдерживаемый тип содержимого'));
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: importLimit() + 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(validationError({ file: 'Не удалось разобрать multipart-запрос' }));
      return;
    }
    const fields: Record<string, string> = {};
    let found = false;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume();
        return;
      }
      found = true;
      req.on('close', () => {
        if (!req.complete) stream.destroy(new Error('The client went away mid-upload'));
      });
      resolve({ file: stream, fields, fileName: info.filename });
    });
    bb.on('error', (e) => (found ? undefined : reject(validationError({ file: `Не удалось разобрать multipart-запрос: ${(e as Error).message}` }))));
    bb.on('close', () => {
      if (!found) reject(validationError({ file: 'Нет файла: ожидается поле file' }, 'Файл не передан'));
    });
    req.pipe(bb);
  });
}

/** The raw body; an upload cut short fails instead of ending early, so a partial file is never imported. */
async function* wholeBody(req: Request): AsyncIterable<Buffer> {
  for await (const chunk of req) yield chunk as Buffer;
  if (!req.complete) throw new Error('The client went away mid-upload');
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
    res.status(413).json(errorBody('too_large', e.message, { fields: e.fields }));
    return;
  }
  next(e);
}

const options = (req: Request, upload: Upload) => ({ ...req.query, ...upload.fields, fileName: upload.fileName ?? req.query.fileName });

/** /api/v1/leads/import…: CSV import of leads, its error report and undo (the same service as the panel's page). */
export function importApi(): Router {
  const router = express.Router();

  router.post('/leads/import', async (req, res, next) => {
    try {
      const upload = await receiveUpload(req);
      const summary = await importLeads(req.actor, upload.file, options(req, upload));
      res.status(summary.batchId ? 201 : 200).json(summary);
    } catch (e) {
      fail(req, res, next, e);
    }
  });

  router.post('/leads/import/preview', async (req, res, next) => {
    try {
      const upload = await receiveUpload(req);
      const preview = await previewImport(req.actor, upload.file, options(req, upload));
      dropRest(req, res);
      res.json(preview);
    } catch (e) {
      fail(req, res, next, e);
    }
  });

  router.post('/leads/import/undo', async (req, res, next) => {
    try {
      res.json(await undoLastImport(req.actor, { campaignId: req.query.campaignId ?? req.body?.campaignId }));
    } catch (e) {
      next(e);
    }
  });

  router.get('/leads/import/batches/:batchId/errors.csv', async (req, res, next) => {
    try {
      let started = false;
      await writeErrorReport(req.actor, req.params.batchId, async (chunk) => {
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
