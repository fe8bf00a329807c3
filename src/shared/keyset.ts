import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { withDbErrors } from './db-errors.js';
import { msg, validationError } from './errors.js';

/** Escapes LIKE wildcards in user text, so `%` and `_` match themselves (every search: services, panel filters). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Longest page a list returns, whatever the client asks for. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 25;

/** A page request: `sort` is a property name, `-` in front for descending. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
  sort?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The PostgreSQL type of a sortable column, so the cursor's text value compares exactly (microseconds included). */
export type SortCast = 'timestamptz' | 'text' | 'numeric' | 'date' | 'bigint' | 'integer';

interface Cursor {
  s: string;
  v: string | null;
  id: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

function decode(raw: string, sort: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (c && c.s === sort && typeof c.id === 'string' && /^\d{1,18}$/.test(c.id) && (c.v === null || typeof c.v === 'string') && (c.v ?? '').length < 400) return c;
  } catch {
    // falls through to the refusal below
  }
  throw validationError({ cursor: msg('cursor.invalid') });
}

/**
 * Keyset pagination over `qb` (main alias `e`): ORDER BY the sort column and id, rows after the cursor's
 * (value, id), one row more than asked to know whether there is a next page. No OFFSET, no COUNT: a deep page
 * costs what the first one does.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sortable: Record<string, SortCast>,
  query: PageQuery,
  defaultSort = '-id',
): Promise<Page<T>> {
  const sort = query.sort ?? defaultSort;
  const property = sort.replace(/^-/, '');
  const cast = sortable[property];
  if (!cast) throw validationError({ sort: msg('sort.allowedFields', { fields: Object.keys(sortable).join(', ') }) });
  const desc = sort.startsWith('-');
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const col = `e.${metadata.findColumnWithPropertyName(property)!.databaseName}`;
  const idCol = `e.${metadata.primaryColumns[0].databaseName}`;
  const idCast = String(metadata.primaryColumns[0].type) === 'bigint' ? 'bigint' : 'integer';
  const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_PAGE), MAX_PAGE);

  if (query.cursor) {
    const c = decode(query.cursor, sort);
    const op = desc ? '<' : '>';
    if (property === 'id') qb.andWhere(`${idCol} ${op} :kid::${idCast}`, { kid: c.id });
    else qb.andWhere(`(${col}, ${idCol}) ${op} (:kv::${cast}, :kid::${idCast})`, { kv: c.v, kid: c.id });
  }
  qb.addSelect(`${col}::text`, 'k_value').addSelect(`${idCol}::text`, 'k_id');
  qb.orderBy(col, desc ? 'DESC' : 'ASC');
  if (property !== 'id') qb.addOrderBy(idCol, desc ? 'DESC' : 'ASC');
  qb.limit(limit + 1);
  // A forged cursor whose value does not cast is a validation error, not a 500.
  const { entities, raw } = await withDbErrors(() => qb.getRawAndEntities());
  const more = entities.length > limit;
  const items = entities.slice(0, limit);
  const last = raw[items.length - 1] as { k_value: string | null; k_id: string } | undefined;
  return { items, nextCursor: more && last ? encode({ s: sort, v: last.k_value, id: last.k_id }) : null };
}

/**
 * The company's time zone. A day in every filter and figure — list periods, statistics, the rollup's `stats_day`
 * (migrations/1764000000200) — is a calendar day there, whatever the database session's zone.
 */
export const COMPANY_TIME_ZONE = 'Europe/Moscow';

/** SQL for the instant a calendar day starts in the company's time zone; `day` is an SQL date expression. */
export const dayStart = (day: string): string => `((${day})::timestamp AT TIME ZONE '${COMPANY_TIME_ZONE}')`;

/** Restricts an instant column to calendar days `from`..`to` (both included, `YYYY-MM-DD`, company days). */
export function periodFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, from?: string, to?: string, name = 'p'): void {
  if (from) qb.andWhere(`${column} >= ${dayStart(`:${name}From::date`)}`, { [`${name}From`]: from });
  if (to) qb.andWhere(`${column} < ${dayStart(`:${name}To::date + 1`)}`, { [`${name}To`]: to });
}

/** Restricts a money column to `from`..`to` (both included, decimal strings with a point). */
export function amountFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, from?: string, to?: string, name = 'a'): void {
  if (from) qb.andWhere(`${column} >= :${name}From::numeric`, { [`${name}From`]: from });
  if (to) qb.andWhere(`${column} <= :${name}To::numeric`, { [`${name}To`]: to });
}

/** Restricts a date column to `from`..`to` (both included). */
export function dateFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, from?: string, to?: string, name = 'd'): void {
  if (from) qb.andWhere(`${column} >= :${name}From::date`, { [`${name}From`]: from });
  if (to) qb.andWhere(`${column} <= :${name}To::date`, { [`${name}To`]: to });
}
