import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Request, Response } from 'express';
import { db } from '../db/current.js';
import type { UploadedFile } from '../modules/contracts/documents.service.js';
import { badRequest, DomainError, msg, type ErrorCode, type FieldErrors, type Message } from '../shared/errors.js';
import { errorBody, httpError } from '../shared/http.js';
import { apiLanguage } from '../shared/i18n/language.js';
import { isMessageCode, type Language } from '../shared/i18n/render.js';
import { logger } from '../shared/logger.js';
import type { Reply } from './endpoint.js';

/**
 * `Idempotency-Key` on the API's POSTs (as Stripe's, and the IETF draft httpapi-idempotency-key-header): the first
 * request with a key reserves it for its user; its final answer is kept for a day and a repeat of the same request
 * gets that answer again (`Idempotent-Replayed: true`) instead of acting twice.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long an answer is kept; an older key is free again. */
const KEEP = `interval '1 day'`;
/**
 * A reservation that never got its answer (its process died, or the database went away before the answer could be
 * stored) stops blocking retries after this long. Every request that reserves a key finishes well within it.
 */
const ABANDONED_AFTER = `interval '60 seconds'`;
const PRUNE_EVERY_MS = 10 * 60_000;
let lastPrune = 0;

export interface Reservation {
  actorId: number;
  key: string;
  /** The reservation's created_at, exactly: only the request that holds it may answer or give it back. */
  since: string;
}

interface Answer {
  status: number;
  body: unknown;
}

/** The request's key: undefined without the header; 400 unless 1–255 printable ASCII characters (quotes allowed). */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.get(IDEMPOTENCY_HEADER);
  if (raw === undefined) return undefined;
  // The draft sends the key as a structured-field string ("…"); most clients send it bare.
  const value = /^"(.*)"$/.exec(raw.trim())?.[1] ?? raw.trim();
  if (!/^[\x20-\x7e]{1,255}$/.test(value)) throw badRequest(msg('idempotency.invalidKey'));
  return value;
}

/** JSON with object keys sorted, so that the same request hashes the same whatever order its fields came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** The content's digest of an uploaded file, in memory or on disk. */
async function fileDigest(file: UploadedFile): Promise<string> {
  if (file.buffer) return sha256(file.buffer);
  if (!file.path) return '';
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file.path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What makes two requests "the same": the query, the body's fields and the uploaded file's name and content. */
export async function requestHash(request: { query: unknown; body: unknown; file?: UploadedFile }): Promise<string> {
  const file = request.file ? { name: request.file.name, size: request.file.size, sha256: await fileDigest(request.file) } : null;
  return sha256(canonical({ query: request.query, body: request.body ?? null, file }));
}

/** Deletes keys past their day, at most every few minutes per process (the created_at index makes it cheap). */
async function pruneNowAndThen(): Promise<void> {
  if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = Date.now();
  await db().query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${KEEP}`);
}

/**
 * Reserves the key for this request, or tells what became of the first request with it: its answer (replay), still
 * running (409 `idempotency_in_progress`), or a different request (422 `idempotency_key_reused`).
 */
export async function claimKey(actorId: number, key: string, request: { method: string; path: string; hash: string }): Promise<{ reserved: Reservation } | { replay: Answer }> {
  await pruneNowAndThen();
  const inProgress = new DomainError('idempotency_in_progress', msg('idempotency.inProgress'));
  // Two tries: the first holder may give its key back between our insert and our look.
  for (let attempt = 0; attempt < 2; attempt++) {
    // One statement, so two requests with the same key cannot both take it: the second waits on the first's row.
    const [taken] = await db().query(
      `INSERT INTO idempotency_keys AS k (actor_id, key, method, path, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, clock_timestamp())
       ON CONFLICT (actor_id, key) DO UPDATE
         SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash, status = NULL, body = NULL, created_at = clock_timestamp()
         WHERE k.created_at < now() - ${KEEP}
            OR (k.status IS NULL AND k.created_at < now() - ${ABANDONED_AFTER}
                AND (k.method, k.path, k.request_hash) = (EXCLUDED.method, EXCLUDED.path, EXCLUDED.request_hash))
       RETURNING created_at::text AS since`,
      [actorId, key, request.method, request.path, request.hash],
    );
    if (taken) return { reserved: { actorId, key, since: taken.since } };
    const [first] = await db().query(`SELECT method, path, request_hash, status, body FROM idempotency_keys WHERE actor_id = $1 AND key = $2`, [actorId, key]);
    if (!first) continue;
    if (first.method !== request.method || first.path !== request.path || first.request_hash !== request.hash) {
      throw new DomainError('idempotency_key_reused', msg('idempotency.keyReused'));
    }
    if (first.status === null) throw inProgress;
    return { replay: { status: first.status, body: first.body } };
  }
  throw inProgress;
}

/**
 * Answers worth repeating: successes and refusals that a retry would get again. Rate limits pass; 5xx (an outage
 * included) are not kept either, so a retry acts.
 */
const isFinal = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 408 && status !== 429);

/** Keeps the answer under the reservation, or gives the key back; a failure here must not change the client's answer. */
async function settle(r: Reservation, answer: Answer | null): Promise<void> {
  try {
    if (answer && isFinal(answer.status)) {
      await db().query(
        `UPDATE idempotency_keys SET status = $4, body = $5::json WHERE actor_id = $1 AND key = $2 AND created_at = $3::timestamptz AND status IS NULL`,
        [r.actorId, r.key, r.since, answer.status, answer.body === undefined ? null : JSON.stringify(answer.body)],
      );
    } else {
      await db().query(`DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND created_at = $3::timestamptz AND status IS NULL`, [r.actorId, r.key, r.since]);
    }
  } catch (e) {
    // The reservation then stays until it counts as abandoned; a retry before that gets 409 and tries again.
    logger.warn({ err: e, key: r.key, actorId: r.actorId }, 'could not store the answer of an idempotent request');
  }
}

/** Runs the handler under a reservation (if any) and keeps its answer, or its refusal, for the replays. */
export async function answerOnce(req: Request, reservation: Reservation | undefined, run: () => Promise<Reply>): Promise<Reply> {
  if (!reservation) return run();
  let reply: Reply;
  try {
    reply = await run();
  } catch (e) {
    // Domain refusals as codes (a replay renders them in its own request's language, like a first answer); nothing
    // else is kept.
    await settle(reservation, e instanceof DomainError ? { status: httpError(e, req, 'ru').status, body: storedRefusal(e) } : null);
    throw e;
  }
  await settle(reservation, 'raw' in reply ? null : 'json' in reply ? { status: reply.status ?? 200, body: reply.json } : { status: 204, body: undefined });
  return reply;
}

/** Sends the first request's answer again. */
export function sendReplay(req: Request, res: Response, answer: Answer): void {
  res.set(REPLAYED_HEADER, 'true');
  if (answer.status === 204) return void res.status(204).end();
  const body = answer.status >= 400 ? replayedRefusal(answer.body, apiLanguage(req)) : answer.body;
  res.status(answer.status).json(body);
}

interface StoredRefusal {
  refusal: { code: ErrorCode; text: Message; fields: FieldErrors; details: unknown };
}

const storedRefusal = (e: DomainError): StoredRefusal => ({ refusal: { code: e.code, text: e.text, fields: e.fields, details: e.details ?? null } });

/** A stored refusal in the replay's language. A body stored before refusals were codes is sent as it was. */
function replayedRefusal(body: unknown, lang: Language): unknown {
  const r = (body as Partial<StoredRefusal> | null)?.refusal;
  if (!r || !isMessageCode(r.text?.code) || !Object.values(r.fields ?? {}).every((m) => isMessageCode(m?.code))) return body;
  const rendered = new DomainError(r.code, r.text, r.fields, r.details).render(lang);
  return errorBody(r.code, rendered.message, Object.keys(rendered.fields).length ? { fields: rendered.fields } : r.details);
}
