import busboy from 'busboy';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { OpenAPIRegistry, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { AnyZodObject, ZodTypeAny } from 'zod';
import type { UploadedFile } from '../modules/contracts/documents.service.js';
import { can, PERMISSIONS, type Action, type Actor, type ResourceId } from '../modules/users/permissions.js';
import { badRequest, DomainError, forbidden, msg, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { answerOnce, claimKey, IDEMPOTENCY_HEADER, idempotencyKeyOf, requestHash, sendReplay, type Reservation } from './idempotency.js';
import { ErrorBody, IdPath, z } from './schemas.js';
import { dropRest, incompleteBody, receiveUpload, type StreamedUpload, type UploadSpec } from './upload.js';
import { megabytes, messageOfIssue } from '../shared/validation.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The user the request acts for (session cookie, or an API token); set by the API's authentication. */
    actor?: Actor;
    /** How the actor was recognised. */
    authVia?: 'session' | 'token';
  }
}

type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * What a handler answers: JSON with a status, nothing (204), or its own response (a file). A `raw` writer that fails
 * before sending its headers gets the usual error answer; after them, the connection is cut (the file is broken).
 */
export type Reply = { status?: number; json: unknown } | { status: 204 } | { raw: (res: Response) => void | Promise<void> };

export interface Ctx<P, Q, B> {
  req: Request;
  actor: Actor;
  params: P;
  query: Q;
  /** The body as parsed by the endpoint's schema (services still validate and normalise it themselves). */
  body: B;
  file?: UploadedFile;
  /** An `upload` endpoint's file, streamed. */
  upload?: StreamedUpload;
}

type Out<T> = T extends ZodTypeAny ? z.output<T> : undefined;

export interface Endpoint<P extends AnyZodObject | undefined, Q extends AnyZodObject | undefined, B extends AnyZodObject | undefined> {
  method: Method;
  /** OpenAPI style, relative to /api/v1: `/leads/{id}/convert`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** No credentials needed (login). */
  public?: boolean;
  /** Checked before the request is read, so a role that may not gets 403 whatever it sends. */
  permission?: [ResourceId, Action];
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out (its fields have another way in, the query). */
  bodyOptional?: true;
  /**
   * Query parameters the schema does not name are refused (400) unless `ignore`d: for filters a page passes on
   * with whatever else is in its address (statistics, the duplicates check, the import's options).
   */
  unknownQuery?: 'ignore';
  /** Also accept multipart/form-data with the body's fields and one file in this field. */
  multipartFile?: { field: string; maxBytes: () => number; description: string };
  /**
   * The body is a file streamed to the handler as `upload` (an import), read only after the permission check: the
   * raw body or a multipart form. Its options are the query parameters and the form's fields sent before the file
   * (the fields win; the file's name, when it has one, is `fileNameOption`), validated together by `query`. Takes
   * no Idempotency-Key (a stream cannot be compared); whatever the client still sends after the answer is dropped.
   */
  upload?: UploadSpec & { description: string; fileDescription: string; fileNameOption?: string };
  /**
   * A POST takes an `Idempotency-Key` unless this is false: for answers that must not be stored (a token's secret)
   * or that act on the session rather than on data.
   */
  idempotent?: false;
  /** `contentType`: a file's type, or several (an export as .xlsx or CSV). */
  responses: Record<number, { description: string; schema?: ZodTypeAny; contentType?: string | string[] }>;
  handler: (ctx: Ctx<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>;
}

/** Path ids: digits only (else 400); ids beyond an integer column's range are simply not found. */
export const intId = (raw: string): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) throw notFound();
  return n;
};
export const bigId = (raw: string): string => {
  if (!/^\d{1,18}$/.test(raw) || /^0+$/.test(raw)) throw notFound();
  return raw.replace(/^0+/, '');
};

function parseOrThrow<S extends ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'options'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  let unknownKeys = false;
  let rootType = false;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      unknownKeys = true;
      for (const k of issue.keys) fields[k] = msg('field.unknown');
      continue;
    }
    if (!issue.path.length && issue.code === 'invalid_type') rootType = true;
    const key = issue.path.length ? String(issue.path[0]) : '_';
    fields[key] ??= messageOfIssue(issue);
  }
  if (where === 'params') throw badRequest(msg('request.invalidId'), fields);
  if (rootType) throw badRequest(msg('request.notAnObject'));
  if (unknownKeys) {
    const keys = result.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
    throw badRequest(msg('request.unknownFields', { fields: keys.join(', ') }), fields);
  }
  if (where === 'query') throw validationError(fields, msg('request.invalidQuery'));
  throw validationError(fields); // a body, or an upload's options: a message per field
}

/** The first field (top-level key) holding a NUL character, which no text column can store. */
function fieldWithNul(value: unknown, key = '_', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? key : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = fieldWithNul(v, depth === 0 ? k : key, depth + 1);
    if (found) return found;
  }
  return null;
}

function refuseNul(value: unknown): void {
  const field = fieldWithNul(value);
  if (field) throw validationError({ [field]: msg('field.invalidCharacter') });
}

const isMultipart = (req: Request) => (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

export { incompleteBody };

/** Reads a multipart body: text fields plus at most one file, with hard limits (too big is 413, never a crash). */
function readMultipart(req: Request, fileField: string, maxBytes: number): Promise<{ fields: Record<string, string>; file?: UploadedFile }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes + 1, files: 1, fields: 30, fieldSize: 64 * 1024, parts: 40 } });
    } catch {
      return reject(badRequest(msg('request.unparsable')));
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let failed: DomainError | undefined;
    const fail = (e: DomainError) => {
      failed ??= e;
    };
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new DomainError('validation', msg('value.tooLong'), { [name]: msg('value.tooLong') }));
      if (name in fields) fail(badRequest(msg('request.unparsable'), { [name]: msg('request.fieldRepeated') }));
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      // busboy also fails the part's stream when the body breaks off inside it; the form's own error answers that,
      // but a stream failing with no listener would end the process.
      stream.on('error', () => fail(badRequest(msg('request.unparsable'))));
      if (name !== fileField) {
        stream.resume();
        fail(badRequest(msg('request.unknownFields', { fields: name }), { [name]: msg('field.unknown') }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= maxBytes + 1) chunks.push(c);
      });
      stream.on('limit', () => {
        const tooLarge = msg('file.tooLarge', { mb: megabytes(maxBytes) });
        fail(new DomainError('validation', tooLarge, { [fileField]: tooLarge }));
      });
      stream.on('end', () => {
        const buffer = Buffer.concat(chunks);
        file = { name: info.filename || 'document', size: buffer.length, buffer };
      });
    });
    bb.on('partsLimit', () => fail(badRequest(msg('request.tooLarge'))));
    bb.on('filesLimit', () => fail(badRequest(msg('request.unparsable'), { [fileField]: msg('request.oneFileOnly') })));
    bb.on('fieldsLimit', () => fail(badRequest(msg('request.tooLarge'))));
    bb.on('error', () => reject(failed ?? badRequest(msg('request.unparsable'))));
    bb.on('close', () => (failed ? reject(failed) : resolve({ fields, file })));
    // A client gone mid-body never ends the form: without this the request would wait for it forever.
    req.on('close', () => {
      if (!req.complete) {
        fail(incompleteBody());
        bb.destroy(failed);
      }
    });
    req.pipe(bb);
  });
}

/** Largest JSON body the API reads; documents travel as multipart with their own limit. */
export const JSON_LIMIT = '1mb';

/**
 * The API's JSON body parser. Mounted per route, after that route's 401/403 checks, never router-wide: a body is read
 * only for someone allowed to send it.
 */
export const jsonBody = express.json({ limit: JSON_LIMIT });

/** Roles allowed by the permission table, for the documentation. */
export const rolesOf = ([resource, action]: [ResourceId, Action]) => (PERMISSIONS[resource][action] ?? []).join(', ');

/** A documented error response: the common error body. */
export const errorResponse = (description: string): ResponseConfig => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** Either credential: an API token or the panel session. */
export const API_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

const IdempotencyHeader = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      description:
        'Makes a retry safe: the first answer to a request with this key (per user) is kept for 24 hours, and a repeat of the same ' +
        'request gets it again, with the header `Idempotent-Replayed: true`, instead of acting twice. 1–255 printable ASCII characters, ' +
        'e.g. a UUID. The same key with a different request: 422 `idempotency_key_reused`; while the first is running: 409 ' +
        '`idempotency_in_progress`. Server errors (5xx, such as 503) are not kept, so a retry after them acts.',
      example: '3f0e9a4c-8d2b-4c55-9a51-0c6f2b7d1e42',
    }),
});

/** Whether a POST endpoint takes an Idempotency-Key (keys belong to a user, so not the public login). */
const takesIdempotencyKey = (ep: { method: Method; public?: boolean; idempotent?: false; upload?: unknown }) =>
  ep.method === 'post' && !ep.public && ep.idempotent !== false && !ep.upload;

/** A file's content in the OpenAPI document. */
const binary = (description: string) => z.string().openapi({ type: 'string', format: 'binary', description });

/**
 * The API's building block: one endpoint = one express route + one OpenAPI operation, from the same zod schemas.
 * The request is read in a fixed order: who (401) → may they (403) → Idempotency-Key (400) → path (400) → query
 * and body (400/422) → the key's first answer, if any (replay, 409, 422) → the service (404/409/422).
 */
export class Api {
  readonly router: Router = express.Router();

  constructor(readonly registry: OpenAPIRegistry) {}

  add<P extends AnyZodObject | undefined, Q extends AnyZodObject | undefined, B extends AnyZodObject | undefined>(ep: Endpoint<P, Q, B>): void {
    this.registry.registerPath(this.describe(ep));
    const expressPath = ep.path.replace(/\{(\w+)\}/g, ':$1');
    // who (401) and may they (403) come before the JSON body is read.
    const gate = (req: Request, _res: Response, next: NextFunction): void => {
      if (!ep.public && !req.actor) return next(new DomainError('unauthenticated', msg('auth.required')));
      if (ep.permission && !can(req.actor, ...ep.permission)) return next(forbidden());
      next();
    };
    const querySchema = ep.unknownQuery === 'ignore' ? (ep.query ?? z.object({})) : (ep.query ?? z.object({})).strict();
    // An upload's body is the file, read by the handler; any other body is JSON (or a form with a file).
    const bodyReader = ep.upload ? [] : [jsonBody];
    this.router[ep.method](expressPath, gate, ...bodyReader, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const key = takesIdempotencyKey(ep) ? idempotencyKeyOf(req) : undefined;
        const params = ep.params ? parseOrThrow(ep.params, { ...req.params }, 'params') : undefined;
        refuseNul(req.query);
        if (ep.upload) {
          const upload = await receiveUpload(req, ep.upload);
          const name = ep.upload.fileNameOption;
          const options = { ...(req.query as object), ...upload.fields, ...(name ? { [name]: upload.fileName ?? req.query[name] } : {}) };
          refuseNul(upload.fields);
          const query = parseOrThrow(querySchema, options, 'options');
          const reply = await ep.handler({ req, actor: req.actor!, params: params as Out<P>, query: query as Out<Q>, body: undefined as Out<B>, upload });
          dropRest(req, res);
          return await this.send(res, reply);
        }
        const query = parseOrThrow(querySchema, { ...(req.query as object) }, 'query');
        let rawBody: unknown = req.body;
        let file: UploadedFile | undefined;
        if (ep.multipartFile && isMultipart(req)) {
          const parsed = await readMultipart(req, ep.multipartFile.field, ep.multipartFile.maxBytes());
          rawBody = parsed.fields;
          file = parsed.file;
        } else if (ep.body && rawBody === undefined && Number(req.get('content-length') ?? 0) > 0) {
          throw badRequest(msg(ep.multipartFile ? 'request.jsonOrMultipartExpected' : 'request.jsonExpected'));
        }
        refuseNul(rawBody);
        const body = ep.body ? parseOrThrow(ep.body.strict(), rawBody ?? {}, 'body') : parseOrThrow(z.object({}).strict(), rawBody ?? {}, 'body');
        if (ep.body) rawBody = rawBody ?? {};
        let reservation: Reservation | undefined;
        if (key !== undefined) {
          const claim = await claimKey(req.actor!.id, key, { method: req.method, path: req.baseUrl + req.path, hash: await requestHash({ query: req.query, body: rawBody, file }) });
          if ('replay' in claim) return sendReplay(req, res, claim.replay);
          reservation = claim.reserved;
        }
        const reply = await answerOnce(req, reservation, () =>
          ep.handler({
            req,
            actor: req.actor!,
            params: params as Out<P>,
            query: query as Out<Q>,
            body: (ep.body ? body : undefined) as Out<B>,
            file,
          }),
        );
        await this.send(res, reply);
      } catch (e) {
        if (ep.upload) dropRest(req, res);
        if (res.headersSent) res.destroy();
        else next(e);
      }
    });
  }

  private async send(res: Response, reply: Reply): Promise<void> {
    if ('raw' in reply) return reply.raw(res);
    if (!('json' in reply)) return void res.status(204).end();
    res.status(reply.status ?? 200).json(reply.json);
  }

  private describe(ep: Endpoint<AnyZodObject | undefined, AnyZodObject | undefined, AnyZodObject | undefined>): RouteConfig {
    const error = errorResponse;
    const responses: Record<string, ResponseConfig> = {};
    for (const [status, r] of Object.entries(ep.responses)) {
      if (Number(status) >= 400 && !r.schema) {
        responses[status] = error(r.description);
        continue;
      }
      const types = typeof r.contentType === 'string' ? [r.contentType] : (r.contentType ?? []);
      responses[status] = r.schema
        ? { description: r.description, content: { [types[0] ?? 'application/json']: { schema: r.schema } } }
        : types.length
          ? { description: r.description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }
          : { description: r.description };
    }
    responses['400'] ??= error('Malformed request: bad JSON, unknown fields, non-numeric id');
    if (!ep.public) responses['401'] ??= error('No credentials, or an invalid/revoked token');
    if (ep.permission) responses['403'] ??= error(`The role may not do this (allowed: ${rolesOf(ep.permission)})`);
    if (ep.params) responses['404'] ??= error('No such record');
    if (ep.body || ep.query) responses['422'] ??= error('Validation failed; details.fields has a message per field');
    if (ep.body) responses['413'] ??= error('Body too large');
    const idempotent = takesIdempotencyKey(ep);
    if (idempotent) {
      responses['409'] ??= error('A request with the same Idempotency-Key is still in progress (idempotency_in_progress)');
      responses['422'] ??= error('The Idempotency-Key was used for a different request (idempotency_key_reused)');
    }
    const bodySchema = ep.body?.strict();
    const upload = ep.upload;
    const file = upload && binary(upload.fileDescription);
    return {
      method: ep.method,
      path: ep.path,
      summary: ep.summary,
      description: [ep.description, ep.permission ? `Roles: ${rolesOf(ep.permission)}.` : ep.public ? 'No authentication.' : 'Any signed-in user.']
        .filter(Boolean)
        .join('\n\n'),
      tags: [ep.tag],
      security: ep.public ? [] : API_SECURITY,
      request: {
        headers: idempotent ? IdempotencyHeader : undefined,
        params: ep.params ?? undefined,
        query: ep.query ?? undefined,
        body: upload
          ? {
              required: true,
              description: upload.description,
              content: {
                'text/csv': { schema: file! },
                'application/octet-stream': { schema: file! },
                'multipart/form-data': { schema: (ep.query ?? z.object({})).extend({ [upload.field]: file! }) },
              },
            }
          : bodySchema
          ? {
              required: !ep.bodyOptional,
              content: {
                'application/json': { schema: bodySchema },
                ...(ep.multipartFile
                  ? {
                      'multipart/form-data': {
                        schema: bodySchema.extend({ [ep.multipartFile.field]: z.any().openapi({ type: 'string', format: 'binary', description: ep.multipartFile.description }) }),
                      },
                    }
                  : {}),
              },
            }
          : undefined,
      },
      responses,
    };
  }
}

export { IdPath };
