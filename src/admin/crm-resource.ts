import { BaseProperty, BaseRecord, BaseResource, flat, ValidationError, type ActionContext, type Filter, type PropertyType } from 'adminjs';
import type { BaseEntity, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { db } from '../db/current.js';
import { DomainError, msg } from '../shared/errors.js';
import { escapeLike } from '../shared/keyset.js';
import type { Language } from '../shared/i18n/render.js';
import { discardUploads, type UploadedFile } from '../modules/contracts/documents.service.js';
import type { Actor, ResourceId } from '../modules/users/permissions.js';
import { actorOf, panelLanguageOf, referenceTo } from './resource-options.js';
import { SEARCH_FILTER } from './ui.js';

/**
 * A search's WHERE over the table aliased `alias` (leadSearchWhere, customerSearchWhere, leadNameWhere), its
 * parameters prefixed by `key` (unique within the query); null: nothing to search.
 */
export type SearchWhere = (alias: string, text: string, key: string) => { sql: string; params: Record<string, unknown> } | null;

/** The service calls behind a resource's writes: the panel never saves an entity by itself. */
export interface ResourceWriter {
  /** `files`: the form's uploads by field (kept apart from the values by the before hook). */
  create?(actor: Actor, params: Record<string, unknown>, files: Record<string, UploadedFile>): Promise<object>;
  update?(actor: Actor, id: string, params: Record<string, unknown>, files: Record<string, UploadedFile>): Promise<object>;
  delete?(actor: Actor, ids: string[]): Promise<void>;
}

type EntityClass = typeof BaseEntity & { name: string };

/** Entity class name → our resource id, so references point at `services`, not `Service`. */
const resourceIdOfEntity = new Map<string, ResourceId>();

const typeOf = (c: ColumnMetadata): PropertyType => {
  if (c.referencedColumn && resourceIdOfEntity.has(c.referencedColumn.entityMetadata.name)) return 'reference';
  if (c.enum) return 'string';
  switch (String(c.type)) {
    case 'integer': case 'int': case 'smallint': return 'number';
    case 'bigint': return c.isPrimary ? 'string' : 'number';
    case 'numeric': return 'currency';
    case 'date': return 'date';
    case 'timestamptz': case 'timestamp': return 'datetime';
    case 'boolean': return 'boolean';
    case 'text': return 'textarea';
    default: return 'string';
  }
};

/** One column as AdminJS sees it, typed deliberately (money as currency, date-only as date). */
class CrmProperty extends BaseProperty {
  constructor(readonly column: ColumnMetadata, position: number) {
    super({ path: column.propertyPath, isId: column.isPrimary, position });
  }
  /** Decided when asked, not when built: resources referenced here may be registered after this one. */
  type(): PropertyType {
    return typeOf(column(this));
  }
  isEditable() {
    return !column(this).isPrimary && !column(this).isCreateDate && !column(this).isUpdateDate && !column(this).generatedType;
  }
  reference() {
    const ref = column(this).referencedColumn;
    // A reference to a table that is not a panel resource (documents) stays a plain id.
    return (ref && resourceIdOfEntity.get(ref.entityMetadata.name)) ?? null;
  }
  availableValues() {
    return column(this).enum?.map(String) ?? null;
  }
  isArray() {
    return column(this).isArray;
  }
  isSortable() {
    return !column(this).isArray && String(column(this).type) !== 'bytea';
  }
}
const column = (p: CrmProperty) => p.column;

/** Turns a domain refusal into what AdminJS shows, in the panel's language: a notice plus messages beside the fields. */
export function toValidationError(e: DomainError, lang: Language): ValidationError {
  const rendered = e.render(lang);
  const fields = Object.fromEntries(Object.entries(rendered.fields).map(([k, message]) => [k, { type: e.code, message }]));
  return new ValidationError(fields, { type: e.code, message: rendered.message });
}

/**
 * How the lists of a big resource are counted. AdminJS shows `meta.total` beside the resource's title and pages
 * by it, while a page reads ten rows: an exact count(*) of a broad filter on a big table visits every match (a
 * trigram search: tens of milliseconds per 10,000 matches), so past a point the total is PostgreSQL's estimate.
 * - A table of at most `estimateAbove` rows (pg_class.reltuples) is always counted exactly.
 * - Above that, the unfiltered list shows that estimate of the table's rows.
 * - A page that is not full is the last one: the total is the rows before it plus its own, exact, no count run.
 * - Otherwise the matches are counted exactly, but only `exactAhead` rows past the current page (`exactUpTo`
 *   rows past it when the planner expects at most that many in all), walked in the page's own order: that count
 *   continues where the page query stopped and costs about as much again per row. If the matches end within it,
 *   the total is exact.
 * - If not, the total is the planner's estimate for the filtered query (EXPLAIN's rows), never less than the rows
 *   just seen to exist: the pager always offers the pages ahead, and the total turns exact near the end.
 */
export interface CountPolicy {
  estimateAbove: number;
  exactAhead: number;
  exactUpTo: number;
}

interface ListSort {
  sortBy?: string;
  direction?: 'asc' | 'desc';
}

/** What find() read for a list request: count() gets the same Filter object right after it. */
interface PageRead {
  offset: number;
  limit: number;
  found: number;
  sort: ListSort;
}

/**
 * Our AdminJS adapter over TypeORM (replacing @adminjs/typeorm's Resource): resource ids and references by our names, writes through the domain
 * services (which check roles and rules), case-insensitive search with ILIKE, typed filters for money and
 * dates, and for big tables bounded counts (CountPolicy).
 */
export class CrmResource extends BaseResource {
  /** A Map, so a path like `constructor` or `__proto__` from a query string finds nothing. */
  private readonly crmProps: Map<string, CrmProperty>;
  private readonly pagesRead = new WeakMap<Filter, PageRead>();

  constructor(
    private readonly model: EntityClass,
    private readonly resourceId: ResourceId,
    private readonly writer: ResourceWriter = {},
    private readonly counting?: CountPolicy,
    /** The WHERE of the list's search box (`filters.search`, SEARCH_FILTER): none for a resource without one. */
    private readonly search?: SearchWhere,
    /**
     * Text filters searched by a rule of their own instead of the plain ILIKE '%value%' (the leads' name filter:
     * ё as е and the words in any order, leadNameWhere; their phone filter: any notation, leadPhoneWhere).
     */
    private readonly textFilters: Partial<Record<string, SearchWhere>> = {},
    /**
     * Filter values that are not a value of their column, by property then value, with the condition on the column
     * they stand for: `assigneeId=none` → `IS NULL` («не назначен»), `status=working` → new or in progress.
     */
    private readonly specialFilters: Record<string, Record<string, string>> = {},
  ) {
    super(model);
    resourceIdOfEntity.set(model.name, resourceId);
    const columns = model.getRepository().metadata.columns.filter((c) => c.isSelect);
    this.crmProps = new Map(columns.map((c, i) => [c.propertyPath, new CrmProperty(c, i)]));
  }

  /** Query strings and forms name properties (`filters.constructor`): AdminJS looks them up in a plain object. */
  assignDecorator(...args: Parameters<BaseResource['assignDecorator']>) {
    super.assignDecorator(...args);
    Object.setPrototypeOf(this.decorate().properties, null);
  }

  id() {
    return this.resourceId;
  }
  name() {
    return this.resourceId;
  }
  databaseName() {
    return 'postgres';
  }
  databaseType() {
    return 'postgres';
  }
  properties() {
    return [...this.crmProps.values()];
  }
  property(path: string) {
    return this.crmProps.get(path) ?? null;
  }

  private get repo() {
    return db().getRepository(this.model);
  }

  /**
   * The WHERE of a list or search. Every value is read strictly as its column's type first (columnValue): one that
   * cannot be of that type (an unknown status, `0x10` for an id, `2020-02-30`, a NUL byte) matches no row, instead of
   * reaching PostgreSQL and failing there.
   */
  private filtered(filter: Filter | undefined): SelectQueryBuilder<BaseEntity> {
    const qb = this.repo.createQueryBuilder('e');
    let n = 0;
    for (const el of Object.values(filter?.filters ?? {})) {
      // The search box: name, phone and e-mail at once, beside the list's other filters (no column of that name).
      if (el.path === SEARCH_FILTER && !this.crmProps.has(SEARCH_FILTER)) {
        if (!this.search) continue;
        // Not text, a NUL byte PostgreSQL refuses, or longer than any name, phone and e-mail together: no row.
        const where = typeof el.value === 'string' && !el.value.includes('\u0000') && el.value.length <= 1000 ? this.search('e', el.value, `f${n++}`) : undefined;
        if (where) qb.andWhere(where.sql, where.params);
        else if (where === undefined) qb.andWhere('false');
        continue;
      }
      const prop = this.crmProps.get(el.path);
      if (!prop) continue;
      const c = prop.column;
      // A JSON document (the history's changes) is no filter: no value of a form's field is one.
      if (['json', 'jsonb'].includes(String(c.type))) {
        qb.andWhere('false');
        continue;
      }
      const col = `e.${c.propertyName}`;
      const p = `f${n++}`;
      const kind = kindOf(c);
      const value: unknown = el.value;
      const special = typeof value === 'string' ? Object.entries(this.specialFilters[el.path] ?? {}).find(([v]) => v === value)?.[1] : undefined;
      if (special) {
        qb.andWhere(`${col} ${special}`);
        continue;
      }
      if (typeof value === 'object' && value !== null) {
        const range = rangeOf(value, c);
        if (!range || !RANGE_CAST[kind] || c.isArray) {
          qb.andWhere('false');
          continue;
        }
        const cast = RANGE_CAST[kind];
        if (range.from) qb.andWhere(`${col} >= :${p}a${cast}`, { [`${p}a`]: range.from });
        // A date-only "to" of a date-time includes that whole day.
        if (range.to && kind === 'instant' && isCalendarDate(range.to)) qb.andWhere(`${col} < (:${p}b::date + 1)`, { [`${p}b`]: range.to });
        else if (range.to) qb.andWhere(`${col} <= :${p}b${cast}`, { [`${p}b`]: range.to });
        continue;
      }
      const v = columnValue(value, c);
      const rule = kind === 'text' && !c.isArray && Object.hasOwn(this.textFilters, el.path) ? this.textFilters[el.path] : undefined;
      if (v !== null && rule) {
        const where = rule('e', v, p);
        if (where) qb.andWhere(where.sql, where.params);
        continue;
      }
      if (v === null) qb.andWhere('false');
      else if (c.isArray) qb.andWhere(`:${p} = ANY(${col})`, { [p]: v });
      else if (kind === 'text') qb.andWhere(`${col} ILIKE :${p}`, { [p]: `%${escapeLike(v)}%` });
      // A date-only value of a date-time means that day.
      else if (kind === 'instant' && isCalendarDate(v)) qb.andWhere(`${col} >= :${p}::date AND ${col} < (:${p}::date + 1)`, { [p]: v });
      else qb.andWhere(`${col} = :${p}`, { [p]: v });
    }
    return qb;
  }

  async count(filter: Filter) {
    const policy = this.counting;
    if (!policy) return this.filtered(filter).getCount();
    const page = filter ? this.pagesRead.get(filter) : undefined;
    // A page that is not full is the last one (an empty page past the end proves nothing: counted below).
    if (page && page.found < page.limit && (page.found > 0 || page.offset === 0)) return page.offset + page.found;
    const [{ estimate }] = await db().query(`SELECT reltuples::bigint AS estimate FROM pg_class WHERE oid = $1::regclass`, [this.repo.metadata.tableName]);
    if (!(Number(estimate) > policy.estimateAbove)) return this.filtered(filter).getCount();
    if (Object.keys(filter?.filters ?? {}).length === 0) return Number(estimate);

    // The planner's rows for this filter (EXPLAIN plans, it does not run), then an exact count bounded past the page.
    const [sql, params] = this.filtered(filter).select('1', 'one').getQueryAndParameters();
    const [{ 'QUERY PLAN': plan }] = await db().query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    const expected = Math.round(Number(plan[0].Plan['Plan Rows']));
    const upTo = (page ? page.offset + page.limit : 0) + (expected <= policy.exactUpTo ? policy.exactUpTo : policy.exactAhead);
    const [bounded, boundedParams] = this.ordered(this.filtered(filter).select('1', 'one'), page?.sort ?? {})
      .limit(upTo + 1)
      .getQueryAndParameters();
    const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM (${bounded}) w`, boundedParams);
    return n <= upTo ? n : Math.max(expected, upTo + 1);
  }

  /** The list's order (the id breaks ties), the same for a page and for the bounded count after it. */
  private ordered(qb: SelectQueryBuilder<BaseEntity>, sort: ListSort): SelectQueryBuilder<BaseEntity> {
    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const sortProp = (typeof sort.sortBy === 'string' && this.crmProps.get(sort.sortBy)) || this.crmProps.get('id')!;
    qb.orderBy(`e.${sortProp.column.propertyName}`, direction);
    if (sortProp.column.propertyName !== 'id') qb.addOrderBy('e.id', direction);
    return qb;
  }

  async find(filter: Filter, params: { limit?: number; offset?: number; sort?: ListSort }) {
    const { limit, offset, sort = {} } = params;
    // AdminJS passes `perPage` and `(page - 1) * perPage` from the query string as they come (NaN, negative, 1e300).
    const asked = Math.floor(Number(limit));
    const take = asked >= 1 ? Math.min(asked, 500) : 10;
    const skip = Math.max(0, Math.floor(Number(offset)) || 0);
    if (skip > Number.MAX_SAFE_INTEGER) return [];
    const rows = await (skip > 0 ? this.pageAfter(filter, sort, skip, take) : this.ordered(this.filtered(filter), sort).take(take).getMany());
    if (filter) this.pagesRead.set(filter, { offset: skip, limit: take, found: rows.length, sort });
    return rows.map((r) => new BaseRecord(r as unknown as Record<string, unknown>, this));
  }

  /**
   * A page past the first: the page's ids first (the skipped rows are read from the index, only their ids), then
   * those rows. OFFSET reads every skipped row; reading them whole from the table made the middle page of a million
   * leads cost ~140 ms, ten times the page at 100,000.
   */
  private pageAfter(filter: Filter, sort: ListSort, skip: number, take: number): Promise<BaseEntity[]> {
    const ids = this.ordered(this.filtered(filter).select('e.id'), sort).offset(skip).limit(take);
    return this.ordered(this.repo.createQueryBuilder('e').where(`e.id IN (${ids.getQuery()})`).setParameters(ids.getParameters()), sort).getMany();
  }

  private isId(v: string): boolean {
    return columnValue(v, this.crmProps.get('id')!.column) !== null;
  }

  async findOne(id: string) {
    if (!this.isId(String(id))) return null;
    const row = await this.repo.findOneBy({ id } as never);
    return row ? new BaseRecord(row as unknown as Record<string, unknown>, this) : null;
  }

  /**
   * Also how AdminJS fills `populated.<reference>` of every record it sends (populator): a reader who may not list
   * this resource gets the referenced record's title only (a lead's author by name, not the user's e-mail and roles).
   */
  async findMany(ids: (string | number)[], context?: ActionContext) {
    const valid = ids.map(String).filter((i) => this.isId(i));
    if (!valid.length) return [];
    const rows = await this.repo.createQueryBuilder('e').where('e.id IN (:...ids)', { ids: valid }).getMany();
    const Shown = this.decorate().actions.list?.isAccessible(context?.currentAdmin) ? BaseRecord : TitleOnlyRecord;
    return rows.map((r) => new Shown(r as unknown as Record<string, unknown>, this));
  }

  /**
   * The form as AdminJS's new and edit may see it: they map over the value of an array property (`roles`) before any
   * service is asked, so one value or an object there (`roles=x` in a hand-made request) is a TypeError. Such a value
   * becomes a one-element list; the services still judge the form as it was sent.
   */
  withListsForArrays(payload: Record<string, unknown>): Record<string, unknown> {
    const out = { ...payload };
    for (const p of Object.values(this.decorate().properties)) {
      if (!p.isArray()) continue;
      const path = p.propertyPath;
      const value: unknown = flat.get(out as Parameters<typeof flat.get>[0], path);
      if (value === undefined || value === null || Array.isArray(value)) continue;
      for (const key of Object.keys(out)) if (key === path || key.startsWith(`${path}.`)) delete out[key];
      out[path] = [value];
    }
    return out;
  }

  private async write<T>(context: ActionContext | undefined, fn: (actor: Actor) => Promise<T>): Promise<T> {
    const actor = context && actorOf(context);
    if (!actor) throw toValidationError(new DomainError('forbidden', msg('access.forbidden')), panelLanguageOf(context));
    try {
      return await fn(actor);
    } catch (e) {
      if (e instanceof DomainError) throw toValidationError(e, panelLanguageOf(context));
      throw e;
    }
  }

  private unsupported(): never {
    throw new DomainError('forbidden', msg('access.actionUnavailable'));
  }

  async create(params: Record<string, unknown>, context?: ActionContext) {
    const uploads = uploadsOf(context);
    try {
      return await this.write(context, async (actor) => {
        if (!this.writer.create) this.unsupported();
        return serialise(await this.writer.create(actor, submitted(params, context), uploads));
      });
    } finally {
      await discardUploads(Object.values(uploads));
    }
  }

  async update(id: string, params: Record<string, unknown>, context?: ActionContext) {
    const uploads = uploadsOf(context);
    try {
      return await this.write(context, async (actor) => {
        if (!this.writer.update) this.unsupported();
        return serialise(await this.writer.update(actor, String(id), submitted(params, context), uploads));
      });
    } finally {
      await discardUploads(Object.values(uploads));
    }
  }

  async delete(id: string, context?: ActionContext) {
    await this.deleteMany([String(id)], context);
  }

  /** Deletes several records in one transaction: all of them or none. */
  async deleteMany(ids: string[], context?: ActionContext) {
    await this.write(context, async (actor) => {
      if (!this.writer.delete) this.unsupported();
      await this.writer.delete(actor, ids);
    });
  }
}

/** The form values as the user sent them (kept by a before hook), unflattened: `roles.0` → `roles: [...]`. */
function submitted(params: Record<string, unknown>, context?: ActionContext): Record<string, unknown> {
  const raw = (context as (ActionContext & { rawPayload?: Record<string, unknown> }) | undefined)?.rawPayload;
  return flat.unflatten(raw ?? params);
}

/** The files uploaded with the form (kept by the same before hook). */
function uploadsOf(context?: ActionContext): Record<string, UploadedFile> {
  return (context as (ActionContext & { uploads?: Record<string, UploadedFile> }) | undefined)?.uploads ?? {};
}

/** A record whose JSON is its title and id only: what a reference shows to a reader who may not see the record. */
class TitleOnlyRecord extends BaseRecord {
  toJSON() {
    return referenceTo(this.id(), this.resource.decorate().titleOf(this));
  }
}

/** How a column's values are read from a query string and compared. */
type Kind = 'enum' | 'integer' | 'decimal' | 'date' | 'instant' | 'boolean' | 'text';

const kindOf = (c: ColumnMetadata): Kind => {
  if (c.enum) return 'enum';
  switch (String(c.type)) {
    case 'integer': case 'int': case 'smallint': case 'bigint': return 'integer';
    case 'numeric': return 'decimal';
    case 'date': return 'date';
    case 'timestamptz': case 'timestamp': return 'instant';
    case 'boolean': return 'boolean';
    default: return 'text';
  }
};

/** The kinds that have a from/to range, and the type its bounds are read as. */
const RANGE_CAST: Partial<Record<Kind, string>> = { integer: '', decimal: '::numeric', date: '::date', instant: '::timestamptz' };

const INTEGER_LIMIT: Record<string, bigint> = { smallint: 2n ** 15n, integer: 2n ** 31n, int: 2n ** 31n, bigint: 2n ** 63n };

/**
 * A filter value as its column's type, or null when it cannot be one: the one strict reader per type, so PostgreSQL
 * never sees a value it would refuse. Dates are the ISO forms the panel sends, on a real calendar, years 1–9999.
 */
function columnValue(raw: unknown, c: ColumnMetadata): string | null {
  if (typeof raw !== 'string') return null;
  switch (kindOf(c)) {
    case 'enum': return (c.enum ?? []).map(String).includes(raw) ? raw : null;
    case 'integer': {
      if (!/^-?\d{1,19}$/.test(raw)) return null;
      const limit = INTEGER_LIMIT[String(c.type)];
      return BigInt(raw) < limit && BigInt(raw) >= -limit ? raw : null;
    }
    // The money inputs use a decimal comma.
    case 'decimal': return /^-?\d{1,20}([.,]\d{0,20})?$/.test(raw) ? raw.replace(',', '.') : null;
    case 'date': return isCalendarDate(raw) ? raw : null;
    case 'instant': return isInstant(raw) ? raw : null;
    case 'boolean': return raw === 'true' || raw === 'false' ? raw : null;
    // Text: PostgreSQL refuses NUL in text; a pattern longer than the column holds cannot match.
    case 'text': return raw.includes('\u0000') || (c.length && raw.length > Number(c.length)) ? null : raw;
  }
}

/** A from/to filter (`createdAt~~from`): its bounds read as the column's type; null when a bound is not one. */
function rangeOf(value: object, c: ColumnMetadata): { from?: string; to?: string } | null {
  const range: { from?: string; to?: string } = {};
  for (const [key, bound] of Object.entries(value)) {
    if (key !== 'from' && key !== 'to') return null;
    if (bound === '') continue; // a cleared date picker
    const v = columnValue(bound, c);
    if (v === null) return null;
    range[key] = v;
  }
  return range;
}

function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return !!m && isDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `YYYY-MM-DD`, or that with a time (`T` or a space) to the minute or finer and an optional zone. */
function isInstant(v: string): boolean {
  if (isCalendarDate(v)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v);
  if (!m || !isDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const zone = m[7] && m[7] !== 'Z' ? /^[+-](\d{2}):?(\d{2})?$/.exec(m[7]) : null;
  return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6] ?? 0) <= 59 && (!zone || (Number(zone[1]) <= 15 && Number(zone[2] ?? 0) <= 59));
}

/** The params AdminJS stores on the record after a write (dates as ISO strings, no hidden fields). */
function serialise(entity: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    if (k === 'passwordHash') continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
