import type pg from 'pg';
import { z } from 'zod';
import type { Limits } from '../../config.js';
import { db } from '../../db/current.js';
import { CSV_BOM, csvFormatFor, csvLine, SpreadsheetText } from '../../shared/csv.js';
import { DomainError, fieldRefusal, invalidState, msg, type Message, type MessageCode } from '../../shared/errors.js';
import { render, type Language } from '../../shared/i18n/render.js';
import { logger } from '../../shared/logger.js';
import { bool, id, megabytes, parseInput } from '../../shared/validation.js';
import { assertCampaignTakesLeads } from '../leads/lead.rules.js';
import { lockAssignees } from '../leads/assignment.service.js';
import { recordImportEvent } from '../history/history.service.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { assertUsableMapping, parseMapping, proposeMapping, type Mapping } from './columns.js';
import { assertLooksLikeText, CsvReader, decoder, detectDelimiter, detectEncoding, DELIMITERS, ENCODINGS, type Delimiter, type Encoding } from './csv-reader.js';
import { CopyData, StagingCopy } from './copy-stream.js';
import { renderProblems, renderStoredReason, stageRow, STAGING_COLUMNS } from './rows.js';

/** How many problems the summary lists; the full list is in the batch's error report. */
export const ERRORS_SHOWN = 100;
/** Bytes looked at to detect encoding, delimiter and header. */
const SNIFF_BYTES = 64 * 1024;
/** COPY data is sent in pieces of at most this many bytes. */
const COPY_CHUNK = 256 * 1024;
/**
 * The file is decoded and parsed this many bytes at a time, whatever size of chunks it arrives in: V8 puts strings
 * over ~128 KB in its large-object space, which only a full collection frees, so bigger pieces made the heap (and
 * RSS) grow with the file.
 */
const PARSE_PIECE = 32 * 1024;
/**
 * Imports take this advisory lock (transaction-scoped) before they look for duplicates among existing leads, so
 * two imports cannot both miss each other's rows; parsing and COPY still run side by side. One key for all
 * campaigns because duplicates are looked for across all leads.
 */
const IMPORT_LOCK_KEY = 0x1eadb1c;

/** A rejected row: its line and what is wrong with it, as messages (render with renderProblems). */
export interface ImportError {
  line: number;
  problems: Message[];
}

export interface ImportSummary {
  batchId: string | null;
  dryRun: boolean;
  rows: number;
  created: number;
  duplicates: number;
  invalid: number;
  errors: ImportError[];
  encoding: Encoding;
  delimiter: Delimiter;
  columns: string[];
  mapping: Mapping;
}

export interface ImportPreview {
  encoding: Encoding;
  delimiter: Delimiter;
  columns: string[];
  mapping: Mapping;
  sample: string[][];
}

const delimiter = z.preprocess((v) => (v === 'tab' || v === '\\t' ? '\t' : v === '' ? undefined : v), z.enum(DELIMITERS).optional());
const encoding = z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v), z.enum(ENCODINGS as [Encoding, ...Encoding[]]).optional());
/** The import's options (the API's query parameters and form fields, described in its OpenAPI document). */
export const importOptionsSchema = z.object({
  campaignId: id,
  dryRun: bool.default(false),
  duplicates: z.enum(['skip', 'create']).default('skip'),
  mapping: z.unknown().optional(),
  encoding,
  delimiter,
  fileName: z.string().max(255).optional(),
  /**
   * The responsible managers of the imported leads: none, one for the whole file, or several, given in turn row by
   * row (spread evenly). A form sends them comma-separated, the API as a list.
   */
  assigneeIds: z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : typeof v === 'string' ? v.split(',').map((x) => x.trim()) : typeof v === 'number' ? [v] : v),
    z.array(id).max(100),
  ),
});
/** The preview's options. */
export const previewOptionsSchema = z.object({ encoding, delimiter, mapping: z.unknown().optional() });
type ImportOptions = z.output<typeof importOptionsSchema>;
/** Which campaign's last import to undo. */
export const undoSchema = z.object({ campaignId: id });


/** The file is over MAX_IMPORT_MB, `limitBytes` (413). */
export class ImportTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super('too_large', msg('file.tooLarge', { mb: megabytes(limitBytes) }), { file: msg('import.fileTooLarge') });
  }
}

/** Reads the start of the file: encoding, delimiter, header row, the proposed mapping and a few rows. */
export async function previewImport(actor: Actor | undefined, source: AsyncIterable<Buffer | string>, input: unknown): Promise<ImportPreview> {
  assertCan(actor, 'leads', 'import');
  const opts = parseInput(previewOptionsSchema, input);
  let head = Buffer.alloc(0);
  for await (const chunk of source) {
    head = Buffer.concat([head, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)]);
    if (head.length >= SNIFF_BYTES) break;
  }
  if (!head.length) throw fieldRefusal('file', msg('import.fileEmpty'));
  const sniffed = sniff(head.subarray(0, SNIFF_BYTES), opts.encoding, opts.delimiter);
  const rows: string[][] = [];
  const reader = new CsvReader(sniffed.delimiter, (cells) => {
    if (rows.length < 6) rows.push(cells);
  });
  try {
    reader.push(sniffed.text);
  } catch {
    // An unclosed quote in a cut sample is not the file's fault; the import itself will tell.
  }
  if (!rows.length) reader.end();
  const columns = rows[0] ?? [];
  const mapping = opts.mapping !== undefined ? parseMapping(opts.mapping, columns) : proposeMapping(columns);
  return { encoding: sniffed.encoding, delimiter: sniffed.delimiter, columns, mapping, sample: rows.slice(1) };
}

function sniff(head: Buffer, forcedEncoding?: Encoding, forcedDelimiter?: Delimiter) {
  const detected = detectEncoding(head);
  const enc = forcedEncoding ?? detected.encoding;
  const text = decoder(enc).write(head).replace(/^\uFEFF/, '');
  assertLooksLikeText(text);
  return { encoding: enc, delimiter: forcedDelimiter ?? detectDelimiter(text), text };
}

/** The lead rule "this campaign takes leads", asked on the import's own connection (locking the row when told). */
async function assertImportableCampaign(q: { query(sql: string, params: unknown[]): Promise<unknown> }, campaignId: number, lock: boolean) {
  const res = (await q.query(`SELECT status FROM campaigns WHERE id = $1${lock ? ' FOR SHARE' : ''}`, [campaignId])) as { rows?: { status: string }[] } | { status: string }[];
  const rows = Array.isArray(res) ? res : (res.rows ?? []);
  assertCampaignTakesLeads(rows[0]);
}

/** What reading the file left in the staging table, and how the file was read. */
interface StagedFile {
  rows: number;
  invalid: number;
  columns: string[];
  mapping: Mapping;
  encoding: Encoding;
  delimiter: Delimiter;
}

/**
 * Step 1, read & COPY: the file is read as it arrives (never more than MAX_IMPORT_MB), its start sniffed for
 * encoding and delimiter, the header mapped to lead fields, and every data row checked and normalised (stageRow)
 * and COPied into the staging table, a buffer at a time.
 */
async function readIntoStaging(source: AsyncIterable<Buffer | string>, opts: ImportOptions, limits: Pick<Limits, 'importBytes'>, staging: StagingCopy): Promise<StagedFile> {
  const pending = new CopyData(COPY_CHUNK);
  const file = { rows: 0, invalid: 0, columns: [] as string[], mapping: {} as Mapping };
  const onRecord = (cells: string[], line: number) => {
    if (line === 1) {
      file.columns = cells.map((c) => c.trim());
      file.mapping = opts.mapping !== undefined ? parseMapping(opts.mapping, file.columns) : proposeMapping(file.columns);
      assertUsableMapping(file.mapping, file.columns);
      return;
    }
    const staged = stageRow(cells, line, file.mapping);
    if (!staged) return;
    file.rows++;
    if (staged.problems.length) file.invalid++;
    pending.append(staged.copyLine);
  };

  // The first SNIFF_BYTES are held back until the encoding and delimiter are known.
  let head: Buffer[] = [];
  let headBytes = 0;
  let parser: { sniffed: { encoding: Encoding; delimiter: Delimiter }; decode: ReturnType<typeof decoder>; reader: CsvReader } | undefined;
  const feed = async (buf: Buffer, last: boolean) => {
    if (!parser) {
      head.push(buf);
      headBytes += buf.length;
      if (headBytes < SNIFF_BYTES && !last) return;
      const all = Buffer.concat(head);
      head = [];
      const s = sniff(all.subarray(0, SNIFF_BYTES), opts.encoding, opts.delimiter);
      parser = { sniffed: { encoding: s.encoding, delimiter: s.delimiter }, decode: decoder(s.encoding), reader: new CsvReader(s.delimiter, onRecord) };
      buf = all;
    }
    const { decode, reader } = parser;
    for (let at = 0; at < buf.length; at += PARSE_PIECE) {
      reader.push(decode.write(buf.subarray(at, at + PARSE_PIECE)));
      await staging.write(pending.take(false));
    }
    if (last) {
      const tail = decode.end();
      if (tail) reader.push(tail);
      reader.end();
    }
    await staging.write(pending.take(last));
  };

  let bytes = 0;
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    bytes += buf.length;
    if (bytes > limits.importBytes) throw new ImportTooLarge(limits.importBytes);
    if (buf.length) await feed(buf, false);
  }
  if (!bytes) throw fieldRefusal('file', msg('import.fileEmpty'));
  await feed(Buffer.alloc(0), true);
  if (!parser?.reader.rows) throw fieldRefusal('file', msg('import.fileEmpty'));
  if (!file.rows) throw fieldRefusal('file', msg('import.onlyHeader'));
  return { ...file, ...parser.sniffed };
}

/**
 * Step 2, duplicates in the file: a row repeating the phone or e-mail of an earlier accepted row. Hash aggregation
 * keeps only the phones and e-mails that occur more than once (a few per cent of the rows) with their first line;
 * only the rows matching those are looked at again. Returns how many rows it marked.
 */
async function markDuplicatesInFile(c: pg.PoolClient): Promise<number> {
  const inFile = await c.query(`
      WITH first_phone AS (
        SELECT phone, min(line) AS first FROM import_staging WHERE reason IS NULL AND phone IS NOT NULL GROUP BY phone HAVING count(*) > 1
      ), first_email AS (
        SELECT email, min(line) AS first FROM import_staging WHERE reason IS NULL AND email IS NOT NULL GROUP BY email HAVING count(*) > 1
      )
      UPDATE import_staging s SET duplicate = d.reason
      FROM (
        SELECT t.line, json_build_array(json_build_object('code', 'importRow.repeatsLine', 'params',
                 CASE WHEN p.first < t.line THEN json_build_object('line', p.first, 'by', 'phone')
                      ELSE json_build_object('line', e.first, 'by', 'email') END))::text AS reason
        FROM import_staging t
        LEFT JOIN first_phone p ON p.phone = t.phone
        LEFT JOIN first_email e ON e.email = t.email
        WHERE t.reason IS NULL AND (p.first < t.line OR e.first < t.line)
      ) d
      WHERE s.line = d.line`);
  return inFile.rowCount ?? 0;
}

/**
 * Step 3, duplicates against the table: rows whose phone or e-mail an existing lead has (committed leads: the
 * caller holds the import lock, so other imports are done). Returns how many rows it marked.
 */
async function markDuplicatesOfLeads(c: pg.PoolClient): Promise<number> {
  const existingPhone = await c.query(`
      UPDATE import_staging s SET duplicate = json_build_array(json_build_object('code', 'importRow.leadExists', 'params', json_build_object('id', l.id::text, 'by', 'phone')))::text
      FROM leads l WHERE s.reason IS NULL AND s.duplicate IS NULL AND l.phone = s.phone`);
  const existingEmail = await c.query(`
      UPDATE import_staging s SET duplicate = json_build_array(json_build_object('code', 'importRow.leadExists', 'params', json_build_object('id', l.id::text, 'by', 'email')))::text
      FROM leads l WHERE s.reason IS NULL AND s.duplicate IS NULL AND l.email = s.email`);
  return (existingPhone.rowCount ?? 0) + (existingEmail.rowCount ?? 0);
}

/** The import's figures, as the batch records them. */
interface BatchFigures {
  rows: number;
  created: number;
  duplicates: number;
  invalid: number;
}

/** The staging rows that are not imported: invalid ones, and duplicates unless they are created anyway. */
const rejectedRows = (opts: ImportOptions) => `reason IS NOT NULL${opts.duplicates === 'skip' ? ' OR duplicate IS NOT NULL' : ''}`;

/**
 * Step 4, insert: the import batch, its leads (one INSERT … SELECT) and its error report (every rejected row with
 * its problems). Returns the batch's id.
 */
async function insertBatch(c: pg.PoolClient, opts: ImportOptions, actor: Actor, figures: BatchFigures, assigneeIds: number[], step: (name: string) => void): Promise<string> {
  const skip = opts.duplicates === 'skip';
  const { rows: [batch] } = await c.query(
    `INSERT INTO import_batches (campaign_id, file_name, created_by_id, rows, created, duplicates, invalid, duplicate_policy)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [opts.campaignId, (opts.fileName ?? '').slice(0, 255), actor.id, figures.rows, figures.created, figures.duplicates, figures.invalid, opts.duplicates],
  );
  const batchId = String(batch.id);
  const inserted = await c.query(
    `INSERT INTO leads (last_name, first_name, middle_name, phone, email, campaign_id, notes, import_batch_id, created_by_id, assignee_id)
     SELECT last_name, first_name, middle_name, phone, email, $1, notes, $2, $3,
            -- the chosen managers in turn, by the rows' order in the file (none chosen: NULL)
            ($4::int[])[1 + (row_number() OVER (ORDER BY line) - 1) % greatest(cardinality($4::int[]), 1)]
     FROM import_staging WHERE reason IS NULL${skip ? ' AND duplicate IS NULL' : ''}`,
    [opts.campaignId, batchId, actor.id, assigneeIds],
  );
  step('insert_leads');
  if (inserted.rowCount !== figures.created) throw new Error(`import: ${inserted.rowCount} rows inserted, ${figures.created} expected`);
  await c.query(
    `INSERT INTO import_batch_errors (batch_id, line, problems, last_name, first_name, middle_name, phone, email, notes)
     SELECT $1, line, coalesce(reason, duplicate)::jsonb, last_name, first_name, middle_name, coalesce(phone_raw, phone), coalesce(email_raw, email), notes
     FROM import_staging WHERE ${rejectedRows(opts)}`,
    [batchId],
  );
  // History (src/modules/history): ONE event for the whole batch, in its transaction.
  await recordImportEvent(c, actor, 'import', opts.campaignId, { batchId, fileName: opts.fileName ?? '', ...figures });
  return batchId;
}

/** Step 5, report: the first ERRORS_SHOWN rejected rows with their problems, for the summary. */
async function shownErrors(c: pg.PoolClient, opts: ImportOptions): Promise<ImportError[]> {
  const { rows } = await c.query<{ line: number; problems: string }>(
    `SELECT line, coalesce(reason, duplicate) AS problems FROM import_staging WHERE ${rejectedRows(opts)} ORDER BY line LIMIT ${ERRORS_SHOWN}`,
  );
  return rows.map((r) => ({ line: r.line, problems: JSON.parse(r.problems) as Message[] }));
}

/** How long each step took (ms), for the log line of the finished import. */
function stepTimer(startedAt: number) {
  const ms: Record<string, number> = {};
  let stepStart = startedAt;
  return {
    ms,
    step(name: string) {
      const now = performance.now();
      ms[name] = Math.round(now - stepStart);
      stepStart = now;
    },
  };
}

/**
 * Imports leads from a CSV file into a launched campaign, streaming: rows are parsed and checked while the file
 * arrives and COPied into a temporary staging table; duplicates (inside the file and against existing leads, by
 * normalised phone or e-mail) are found with set-based SQL; every accepted row is written by one INSERT … SELECT in
 * the same transaction, with an import batch and its per-row error report. A dry run does all of it and rolls
 * back. Memory holds one chunk of the file and a few counters, whatever its size.
 */
export async function importLeads(actor: Actor | undefined, source: AsyncIterable<Buffer | string>, input: unknown, limits: Pick<Limits, 'importBytes'>): Promise<ImportSummary> {
  assertCan(actor, 'leads', 'import');
  const opts = parseInput(importOptionsSchema, input);
  await assertImportableCampaign(db(), opts.campaignId, false);
  const timer = stepTimer(performance.now());
  const staging = new StagingCopy((db().driver as unknown as { master: pg.Pool }).master, {
    workMem: '64MB',
    createTable: `
      CREATE TEMP TABLE import_staging (
        line integer NOT NULL, last_name text, first_name text, middle_name text, phone text, email text,
        phone_raw text, email_raw text, notes text, reason text, duplicate text
      ) ON COMMIT DROP`,
    copy: `COPY import_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`,
  });
  try {
    const file = await readIntoStaging(source, opts, limits, staging);
    const c = await staging.finish();
    timer.step('read_and_copy');

    await c.query('ANALYZE import_staging');
    const inFile = await markDuplicatesInFile(c);
    timer.step('duplicates_in_file');
    if (!opts.dryRun) {
      await c.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
      await assertImportableCampaign(c, opts.campaignId, true);
    }
    // the chosen managers are held until the commit, so none of them is deactivated in between
    const assigneeIds = await lockAssignees(c, opts.assigneeIds, 'assigneeIds');
    const duplicates = inFile + (await markDuplicatesOfLeads(c));
    timer.step('duplicates_existing');

    const { rows, invalid } = file;
    const created = rows - invalid - (opts.duplicates === 'skip' ? duplicates : 0);
    const batchId = opts.dryRun ? null : await insertBatch(c, opts, actor!, { rows, created, duplicates, invalid }, assigneeIds, timer.step);
    timer.step('error_report');

    const errors = await shownErrors(c, opts);
    await staging.end(!opts.dryRun);
    timer.step('commit');
    logger.info({ campaignId: opts.campaignId, batchId, dryRun: opts.dryRun, rows, created, duplicates, invalid, ms: timer.ms }, 'leads import finished');
    return { batchId, dryRun: opts.dryRun, rows, created, duplicates, invalid, errors, encoding: file.encoding, delimiter: file.delimiter, columns: file.columns, mapping: file.mapping };
  } catch (e) {
    await staging.abort(e);
    throw e;
  } finally {
    staging.release();
  }
}

/** Undoes the last import into a campaign: deletes the leads it created, unless some have become customers. */
export async function undoLastImport(actor: Actor | undefined, input: unknown): Promise<{ batchId: string; deleted: number }> {
  assertCan(actor, 'leads', 'import');
  const { campaignId } = parseInput(undoSchema, input);
  return db().transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
    const [batch] = await m.query(`SELECT id, undone_at FROM import_batches WHERE campaign_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE`, [campaignId]);
    if (!batch) throw new DomainError('not_found', msg('import.nothingYet'));
    if (batch.undone_at) throw invalidState(msg('import.alreadyUndone'));
    const [{ converted }] = await m.query(`SELECT count(*)::int AS converted FROM leads WHERE import_batch_id = $1 AND status = 'converted'`, [batch.id]);
    if (converted > 0) throw invalidState(msg('import.leadsConverted', { count: converted }));
    const [, deleted] = await m.query(`DELETE FROM leads WHERE import_batch_id = $1`, [batch.id]);
    await m.query(`UPDATE import_batches SET undone_at = now() WHERE id = $1`, [batch.id]);
    // ---- history (src/modules/history): the undo, one event ----
    await recordImportEvent(m, actor, 'importUndo', campaignId, { batchId: String(batch.id), deleted: Number(deleted) });
    return { batchId: String(batch.id), deleted: Number(deleted) };
  });
}

/** The campaigns one can import into (launched: campaignRefusal in leads/lead.rules.ts, as SQL), newest first, for the import form. */
export async function importableCampaigns(actor: Actor | undefined): Promise<{ id: number; name: string; status: string; lastBatch: { id: string; createdAt: string; created: number; undone: boolean } | null }[]> {
  assertCan(actor, 'leads', 'import');
  const rows = await db().query(`
    SELECT c.id, c.name, c.status, b.id AS batch_id, b.created_at, b.created, b.undone_at
    FROM campaigns c
    LEFT JOIN LATERAL (SELECT * FROM import_batches WHERE campaign_id = c.id ORDER BY id DESC LIMIT 1) b ON true
    WHERE c.status <> 'draft' ORDER BY c.status = 'active' DESC, c.id DESC LIMIT 500`);
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as number,
    name: r.name as string,
    status: r.status as string,
    lastBatch: r.batch_id ? { id: String(r.batch_id), createdAt: (r.created_at as Date).toISOString(), created: r.created as number, undone: !!r.undone_at } : null,
  }));
}

const REPORT_HEADER: MessageCode[] = [
  'importReport.line', 'importReport.reason', 'importReport.lastName', 'importReport.firstName', 'importReport.middleName', 'importReport.phone', 'importReport.email', 'importReport.notes',
];
const REPORT_PAGE = 5000;

/** A summary's problems as sentences in a language (what the API answers). */
export const renderImportErrors = (errors: readonly ImportError[], lang: Language) => errors.map((e) => ({ line: e.line, reason: renderProblems(e.problems, lang) }));

/**
 * The rejected rows of an import batch as CSV in a language (UTF-8 with BOM, with that language's spreadsheet
 * conventions: `;` and Russian headers, or `,` and English ones): line number, reason and the row's values, so that
 * the fixed rows can be imported again. Cells a spreadsheet would run as formulas are escaped; phones are kept
 * readable (csvCell's SpreadsheetText). Written page by page.
 */
export async function writeErrorReport(actor: Actor | undefined, batchIdInput: unknown, lang: Language, out: (chunk: string) => Promise<void> | void): Promise<void> {
  assertCan(actor, 'leads', 'import');
  const { batchId } = parseInput(z.object({ batchId: id }), { batchId: batchIdInput });
  const [batch] = await db().query(`SELECT id FROM import_batches WHERE id = $1`, [batchId]);
  if (!batch) throw new DomainError('not_found', msg('import.notFound'));
  const { delimiter } = csvFormatFor(lang);
  await out(CSV_BOM + csvLine(REPORT_HEADER.map((code) => render(code, undefined, lang)), delimiter));
  let after = 0;
  for (;;) {
    const page: ReportRow[] = await db().query(
      `SELECT line, problems, reason, last_name, first_name, middle_name, phone, email, notes FROM import_batch_errors
       WHERE batch_id = $1 AND line > $2 ORDER BY line LIMIT ${REPORT_PAGE}`,
      [batchId, after],
    );
    if (!page.length) break;
    await out(
      page
        .map((r) =>
          csvLine(
            [String(r.line), renderStoredReason(r.problems, r.reason, lang), r.last_name, r.first_name, r.middle_name, r.phone === null ? null : new SpreadsheetText(r.phone), r.email, r.notes],
            delimiter,
          ),
        )
        .join(''),
    );
    after = page[page.length - 1].line;
    if (page.length < REPORT_PAGE) break;
  }
}

interface ReportRow {
  line: number;
  problems: Message[] | null;
  reason: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
}
