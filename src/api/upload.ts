import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { badRequest, DomainError, msg } from '../shared/errors.js';
import { decodeURIComponentOrAsIs } from '../shared/uri.js';

/** Multipart framing around the file may add this much to Content-Length. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * A file the endpoint streams to its service (never buffered whole): the raw body of one of `rawTypes` (or of no
 * type), or the multipart field `field`, whose fields sent before it are options beside the query parameters.
 */
export interface UploadSpec {
  field: string;
  rawTypes: RegExp;
  /** The largest file accepted, in bytes (a configured limit); the service counts what it reads as well. */
  maxBytes: number;
  /** The refusal of a file over maxBytes (413, too_large). */
  tooLarge: (maxBytes: number) => DomainError;
  /** The refusal of a body that is neither a raw file nor multipart. */
  wrongType: () => DomainError;
  /** The refusal of a form without the file's field. */
  noFile: () => DomainError;
}

export interface StreamedUpload {
  /** The file's bytes as they arrive; a body cut short or broken fails it with a 400. */
  file: AsyncIterable<Buffer>;
  /** Multipart fields sent before the file. */
  fields: Record<string, string>;
  /** The multipart file name, or the X-File-Name header (URL-encoded) of a raw body. */
  fileName?: string;
}

/** The client stopped sending before the body it announced was complete (nobody may be left to read this). */
export const incompleteBody = () => badRequest(msg('request.incomplete'));

const unreadableForm = () => badRequest(msg('request.multipartUnparsable'));

/**
 * The uploaded file as a stream: the raw body or the multipart field (fields sent before it count as options). A
 * body cut short or broken (the client went away, the form never ends) fails the stream with a 400, so whatever
 * reads it stops (an import rolls back) and the client, if still there, is told why.
 */
export function receiveUpload(req: Request, spec: UploadSpec): Promise<StreamedUpload> {
  const type = req.get('content-type') ?? '';
  const declared = Number(req.get('content-length') ?? NaN);
  if (declared > spec.maxBytes + (type.startsWith('multipart/') ? MULTIPART_SLACK : 0)) return Promise.reject(spec.tooLarge(spec.maxBytes));
  if (spec.rawTypes.test(type) || !type) {
    return Promise.resolve({ file: wholeBody(req), fields: {}, fileName: req.get('x-file-name') ? decodeURIComponentOrAsIs(req.get('x-file-name')!) : undefined });
  }
  if (!type.startsWith('multipart/form-data')) return Promise.reject(spec.wrongType());
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: spec.maxBytes + 1, fields: 20, fieldSize: 64 * 1024 } });
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
      if (name !== spec.field || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ file: filePart(stream), fields, fileName: info.filename });
    });
    bb.on('error', () => (found ? undefined : reject(unreadableForm())));
    bb.on('close', () => {
      if (!found) reject(spec.noFile());
    });
    // A client gone mid-body never ends the form; failing it fails the file part too.
    req.on('close', () => {
      if (!req.complete) bb.destroy(incompleteBody());
    });
    req.pipe(bb);
  });
}

/** The file part's chunks; the part failing (the form broken or cut short) is the client's error, not ours. */
async function* filePart(stream: Readable): AsyncIterable<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    throw e instanceof DomainError ? e : unreadableForm();
  }
}

/** The raw body; an upload cut short fails instead of ending early, so a partial file is never taken whole. */
async function* wholeBody(req: Request): AsyncIterable<Buffer> {
  try {
    for await (const chunk of req) yield chunk as Buffer;
  } catch {
    throw incompleteBody();
  }
  if (!req.complete) throw incompleteBody();
}

/** Whatever the client still sends is read and dropped: an answer given mid-body would otherwise break its upload. */
export function dropRest(req: Request, res: Response): void {
  if (req.complete) return;
  res.set('connection', 'close');
  req.unpipe();
  req.resume();
}
