import express, { type Response, type Router } from 'express';
import { currentUser } from '../../admin/auth.js';
import { intId } from '../../api/endpoint.js';
import { forbidden } from '../../shared/errors.js';
import type { Document } from './document.entity.js';
import { readDocument } from './documents.service.js';

/** RFC 6266/5987 header, so Cyrillic file names survive and nothing can break out of the quotes. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Sends a stored document as a download that the browser will not try to interpret. */
export function sendDocument(res: Response, doc: Document): void {
  res.set({
    'Content-Type': doc.contentType,
    'Content-Length': String(doc.data.length),
    'Content-Disposition': contentDisposition(doc.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.end(doc.data);
}

/** GET /documents/:id — a contract's document, for users who may see contracts. */
export function documentsRouter(): Router {
  const router = express.Router();
  router.get('/documents/:id', async (req, res, next) => {
    try {
      const actor = await currentUser(req);
      if (!actor) throw forbidden();
      // The API's rule for path ids: an id beyond the integer column's range is simply not found.
      sendDocument(res, await readDocument(actor, intId(req.params.id)));
    } catch (e) {
      next(e);
    }
  });
  return router;
}
