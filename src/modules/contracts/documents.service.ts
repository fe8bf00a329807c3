import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { EntityManager } from 'typeorm';
import type { Limits } from '../../config.js';
import { db } from '../../db/current.js';
import { msg, notFound, validationError } from '../../shared/errors.js';
import { megabytes } from '../../shared/validation.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Document } from './document.entity.js';
import { isWordDocument } from './ole2.js';

/** An uploaded file as the HTTP layers hand it over: a temporary path (formidable/multer) or the bytes. */
export interface UploadedFile {
  name: string;
  size: number;
  path?: string;
  buffer?: Buffer;
}

/** What a contract document may be, judged by its bytes (the extension and the browser's word are not trusted). */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpg: 'image/jpeg',
  cfb: 'application/msword', // .doc is an OLE2 compound file; so are .msi, .xls and more, told apart below
};

/** Keeps a file name readable but harmless: no folders, control characters or header-breaking quotes. */
export function sanitizeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f"<>|:*?/\\]/g, '_').replace(/^\.+/, '').trim();
  return (clean || 'document').slice(-200);
}

/** A file read and found acceptable, ready to store. */
export interface CheckedDocument {
  fileName: string;
  contentType: string;
  data: Buffer;
}

/**
 * Checks size and real type (reading the file): callers do it before their transaction, so that no connection or
 * row lock waits on the disk and the type check.
 */
export async function checkDocument(file: UploadedFile, limits: Pick<Limits, 'documentBytes'>): Promise<CheckedDocument> {
  const maxBytes = limits.documentBytes;
  const tooLarge = msg('file.tooLarge', { mb: megabytes(maxBytes) });
  if (!file.size) throw validationError({ document: msg('file.empty') });
  if (file.size > maxBytes) throw validationError({ document: tooLarge });
  const data = file.buffer ?? (await fs.readFile(file.path!));
  if (data.length > maxBytes) throw validationError({ document: tooLarge });
  const type = await fileTypeFromBuffer(data);
  const contentType = type && ALLOWED[type.ext];
  if (!contentType || (type.ext === 'cfb' && !isWordDocument(data))) throw validationError({ document: msg('document.type') });
  return { fileName: sanitizeFileName(file.name), contentType, data };
}

/** Stores a file checked by checkDocument in PostgreSQL (so any app process can serve it). */
export async function storeDocument(m: EntityManager, file: CheckedDocument, actor: Actor): Promise<Document> {
  const { fileName, contentType, data } = file;
  return m.save(m.create(Document, { fileName, contentType, size: data.length, data, uploadedById: actor.id }));
}

/** Removes the temporary files of a panel form's uploads (express-formidable leaves them in the temp folder). */
export async function discardUploads(files: (UploadedFile | undefined)[]): Promise<void> {
  await Promise.all(files.map((f) => (f?.path ? fs.rm(f.path, { force: true }) : undefined)));
}

/** A contract's document for download, to those who may see contracts. */
export async function readDocument(actor: Actor, documentId: number): Promise<Document> {
  assertCan(actor, 'contracts', 'download');
  const doc = await db().getRepository(Document).createQueryBuilder('d').addSelect('d.data').where('d.id = :id', { id: documentId }).getOne();
  if (!doc) throw notFound('document.notFound');
  return doc;
}

/** A document's file name (no bytes), or undefined when there is none. */
export async function documentFileName(documentId: number): Promise<string | undefined> {
  const [doc] = await db().query(`SELECT file_name FROM documents WHERE id = $1`, [documentId]);
  return doc?.file_name;
}
