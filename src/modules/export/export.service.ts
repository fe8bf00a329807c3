import { PassThrough, type Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { db } from '../../db/current.js';
import { csvLine, CSV_BOM, type CsvValue } from '../../shared/csv.js';
import { translateDbError } from '../../shared/db-errors.js';
import { DomainError, msg, validationError } from '../../shared/errors.js';
import type { Language } from '../../shared/i18n/render.js';
import { logger } from '../../shared/logger.js';
import { COMPANY_TIME_ZONE } from '../../shared/keyset.js';
import { assertCan, type Actor, type ResourceId } from '../users/permissions.js';
import { EXPORTS, type ExportColumn, type ExportSpec } from './export.columns.js';
import { xlsxSheetWriter, type XlsxValue } from './xlsx-writer.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const CSV_DELIMITERS = [';', ','] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Most rows one request may pick by id (the panel's "export selected" sends at most a page). */
export const MAX_EXPORT_IDS = 1000;

/**
 * Exports running at once in this process. Each holds one of the pool's connections for as long as its client reads
 * (minutes for a million leads over a slow line): more would leave the panel's own requests waiting for a connection.
 */
export const MAX_EXPORTS_AT_ONCE = 3;
let running = 0;

export interface ExportOptions {
  format: ExportFormat;
  /** CSV only: `;` (default; decimal commas, as a Russian Excel reads them) or `,` (decimal points). */
  delimiter?: CsvDelimiter;
  language: Language;
  /** Only these records (the panel's selection), still within the filters. */
  ids?: string[];
}

/** The list's filters and sort, as the list's query schema gave them. */
export type ExportQuery = Record<string, unknown> & { sort?: string };

/** Rows fetched from the cursor per round trip. */
const BATCH = 1000;
/**
 * Rows turned into the file between two turns of the event loop. A cursor's batch arrives at once and its rows are
 * handed over as promise callbacks, which let nothing else run: without a pause every few hundred rows, an export
 * held the loop for a whole batch at a time and the panel's other requests queued behind it (the leads list's p95
 * 11.5× its idle figure during a full export).
 */
const YIELD_EVERY = 200;
/** CSV text gathered before one write to the response. */
const CSV_CHUNK = 256 * 1024;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Today in the company's calendar (COMPANY_TIME_ZONE), `YYYY-MM-DD`. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: COMPANY_TIME_ZONE }).format(new Date());

/** Id filters that name the file: `leads_campaign-12_2026-12-01.csv`. */
const NAMED_FILTERS: [string, string][] = [['campaignId', 'campaign'], ['serviceId', 'service'], ['customerId', 'customer']];

export function exportFileName(resource: ResourceId, query: ExportQuery, opts: Pick<ExportOptions, 'format' | 'ids'>): string {
  const parts: string[] = [resource];
  for (const [key, name] of NAMED_FILTERS) if (query[key] !== undefined) parts.push(`${name}-${String(query[key])}`);
  if (opts.ids) parts.push('selected');
  parts.push(today());
  return `${parts.join('_')}.${opts.format}`;
}

/** The SELECT of an export: the list's WHERE and ORDER BY (id breaking ties), the spec's columns, by position. */
export function exportSql(spec: ExportSpec, query: ExportQuery, ids?: string[]): [string, unknown[]] {
  const qb = db().getRepository(spec.entity).createQueryBuilder('e');
  spec.filter(qb, query);
  if (ids) qb.andWhere('e.id = ANY(CAST(:exportIds AS bigint[]))', { exportIds: ids });
  spec.joins?.(qb);
  qb.select(spec.columns[0].sql, 'c0');
  spec.columns.slice(1).forEach((c, i) => qb.addSelect(c.sql, `c${i + 1}`));
  const sort = query.sort ?? spec.defaultSort;
  const property = sort.replace(/^-/, '');
  if (!spec.sorts[property]) throw validationError({ sort: msg('sort.allowedFields', { fields: Object.keys(spec.sorts).join(', ') }) });
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  qb.orderBy(`e.${metadata.findColumnWithPropertyName(property)!.databaseName}`, direction);
  if (property !== 'id') qb.addOrderBy('e.id', direction);
  return qb.getQueryAndParameters();
}

/** A row as the cursor gives it: PostgreSQL's text by column alias. */
type Row = Record<string, string | null>;

/** Every value arrives as PostgreSQL's text: no Date or number is made for a value that is written as text anyway. */
const RAW_TEXT = { getTypeParser: () => (v: string) => v };

/** One cell's value for the file, from PostgreSQL's text. */
type Convert = (raw: string | null) => CsvValue;

function converter(c: ExportColumn, language: Language, forXlsx: boolean): Convert {
  const labels = c.labels?.[language] ?? {};
  switch (c.kind) {
    // .xlsx: the writer takes PostgreSQL's text of numbers, dates and instants (Moscow wall time) as it is.
    case 'int':
    case 'money':
      return forXlsx ? (v) => v : (v) => (v === null ? null : Number(v));
    case 'date':
    case 'instant':
      return (v) => v;
    case 'enum':
    case 'bool':
      return (v) => (v === null ? null : (labels[v] ?? v));
    case 'roles':
      return (v) => (v === null ? null : v.split(',').filter(Boolean).map((r) => labels[r] ?? r).join(', '));
    default:
      return (v) => v;
  }
}

/**
 * An export under way: the snapshot is open and its first rows are read, so a refusal or a database failure is
 * still an ordinary error answer; `send` streams the file.
 */
export interface OpenExport {
  fileName: string;
  contentType: string;
  /** Streams the file into `res` (an HTTP response), with backpressure; a response closed early stops the query. */
  send(res: Writable & { setHeader?: unknown }): Promise<void>;
  /** Gives the connection back without sending (the caller decided not to send after all). */
  cancel(): void;
}

/** The pool TypeORM's connections come from (a plain pg.Pool). */
const pool = () => (db().driver as PostgresDriver).master as pg.Pool;

/** Waits until `out` wants more, or is gone. */
function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.once('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/**
 * Opens an export of a list: the permission first (exporting is listing), then one connection from the app's pool in
 * one REPEATABLE READ READ ONLY transaction (one snapshot, even while leads are imported), a cursor over the list's
 * query, and its first batch. Rows then flow from the cursor to the response as the client reads them: memory holds
 * a batch, not the result.
 */
export async function openExport(actor: Actor | undefined, resource: ResourceId, query: ExportQuery, opts: ExportOptions): Promise<OpenExport> {
  assertCan(actor, resource, 'list');
  const spec = EXPORTS[resource];
  if (opts.ids && opts.ids.length > MAX_EXPORT_IDS) throw validationError({ ids: msg('export.tooManyIds', { max: MAX_EXPORT_IDS }) });
  const [sql, params] = exportSql(spec, query, opts.ids);
  if (running >= MAX_EXPORTS_AT_ONCE) throw new DomainError('rate_limited', msg('export.busy', { max: MAX_EXPORTS_AT_ONCE }));
  running++;
  let client: pg.PoolClient;
  try {
    client = await pool().connect();
  } catch (e) {
    running--;
    return translateDbError(e);
  }
  let released = false;
  /** Returns the connection: cleanly after a finished export, destroyed after anything else (a cursor may be mid-way). */
  const release = (clean: boolean) => {
    if (released) return;
    released = true;
    running--;
    client.release(clean ? undefined : true);
  };
  // A connection error while no query runs would otherwise be an unhandled 'error' event.
  const onClientError = (e: Error) => logger.warn({ err: e }, 'export: connection error');
  client.on('error', onClientError);
  let stream: QueryStream;
  let rows: AsyncIterator<Row>;
  let first: IteratorResult<Row>;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    stream = client.query(new QueryStream(sql, params, { batchSize: BATCH, highWaterMark: BATCH, types: RAW_TEXT }));
    rows = stream[Symbol.asyncIterator]();
    first = await rows.next();
  } catch (e) {
    client.off('error', onClientError);
    release(false);
    return translateDbError(e);
  }

  const finish = async (clean: boolean) => {
    stream.destroy();
    if (clean) {
      try {
        await client.query('COMMIT');
      } catch {
        clean = false;
      }
    }
    client.off('error', onClientError);
    release(clean);
  };

  const forXlsx = opts.format === 'xlsx';
  const convert = spec.columns.map((c) => converter(c, opts.language, forXlsx));
  const headers = spec.columns.map((c) => c.header[opts.language]);
  // TypeORM orders the select list its own way: the values are taken by their aliases.
  const keys = spec.columns.map((_, i) => `c${i}`);
  const values = (row: Row) => keys.map((k, i) => convert[i](row[k]));

  /** Every row: the first one (already read), then the cursor's; stops at once when `gone()` says the client left. */
  async function* all(gone: () => boolean): AsyncGenerator<Row> {
    let next = first;
    let n = 0;
    while (!next.done && !gone()) {
      yield next.value;
      if (++n % YIELD_EVERY === 0) await setImmediate();
      next = await rows.next();
    }
  }

  const send = async (res: Writable) => {
    let gone = false;
    const isGone = () => gone;
    const onClose = () => {
      if (!res.writableFinished) {
        gone = true;
        // Stops the cursor at once, even while it waits for PostgreSQL.
        stream.destroy();
      }
    };
    const ignore = () => {};
    res.on('close', onClose);
    // A write racing the client's departure fails on the response: that is the close above, not a crash.
    res.on('error', ignore);
    try {
      if (forXlsx) await sendXlsx(res, spec, headers, all(isGone), values, isGone);
      else await sendCsv(res, headers, all(isGone), values, opts.delimiter ?? ';', isGone);
      await finish(!gone);
    } catch (e) {
      await finish(false);
      if (!gone) {
        logger.error({ err: e, resource }, 'export failed mid-stream');
        // The client must not take a cut-off file for a whole one: the response ends in error, not cleanly.
        res.destroy(e as Error);
      }
    } finally {
      res.off('close', onClose);
    }
  };

  return {
    fileName: exportFileName(resource, query, opts),
    contentType: CONTENT_TYPES[opts.format],
    send,
    cancel: () => void finish(false),
  };
}

/**
 * The file's own stream, piped into the response: backpressure reaches us as `out`'s, never through listeners on the
 * response itself (the compression middleware moves a response's 'drain' listeners to its gzip stream for good).
 */
function outputTo(res: Writable): PassThrough {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  out.pipe(res);
  return out;
}

/** Waits until the response is flushed (or gone). */
const finished = (res: Writable) =>
  res.writableFinished || res.destroyed ? Promise.resolve() : new Promise<void>((resolve) => res.once('finish', resolve).once('close', resolve));

/** CSV through the product's one writer: BOM, the delimiter, decimal commas with `;`, formula cells neutralised. */
async function sendCsv(
  res: Writable, headers: string[], rows: AsyncIterable<Row>, values: (r: Row) => unknown[], delimiter: CsvDelimiter, gone: () => boolean,
) {
  const out = outputTo(res);
  let failed: Error | undefined;
  out.on('error', (e) => (failed ??= e));
  try {
    const decimal = delimiter === ';' ? ',' : '.';
    let chunk = CSV_BOM + csvLine(headers, delimiter);
    for await (const row of rows) {
      chunk += csvLine(values(row) as CsvValue[], delimiter, decimal);
      if (chunk.length >= CSV_CHUNK) {
        const more = out.write(chunk);
        chunk = '';
        if (!more) await drained(out);
        if (failed) throw failed;
      }
    }
    if (gone()) return;
    out.end(chunk);
    await finished(res);
  } finally {
    if (gone()) out.destroy();
  }
}

/**
 * .xlsx through the export's own streaming writer (xlsx-writer.ts: why not exceljs's): one sheet, a bold frozen
 * header row, column widths and number formats; numbers and money as numbers, dates as dates, text as inline text
 * cells (never a formula, whatever it starts with).
 */
async function sendXlsx(
  res: Writable, spec: ExportSpec, headers: string[], rows: AsyncIterable<Row>, values: (r: Row) => unknown[], gone: () => boolean,
) {
  const out = outputTo(res);
  let failed: Error | undefined;
  out.on('error', (e) => (failed ??= e));
  const columns = spec.columns.map((c, i) => ({ kind: c.kind, header: headers[i], width: Math.max(c.width, Math.min(60, headers[i].length + 2)) }));
  const sheet = xlsxSheetWriter(out, spec.resource, columns);
  let complete = false;
  try {
    for await (const row of rows) {
      const wait = sheet.row(values(row) as XlsxValue[]);
      if (wait) await wait;
      if (failed) throw failed;
    }
    if (gone()) return;
    await sheet.end();
    if (failed) throw failed;
    complete = true;
    await finished(res);
  } finally {
    if (!complete) {
      sheet.abort();
      if (gone()) out.destroy();
    }
  }
}
