/**
 * The export drawer's arithmetic (components/ExportList.tsx), without React: a list's query string (AdminJS's
 * `filters.<property>`, `filters.<property>~~from|to`, `sortBy`, `direction`) as the export API's parameters. Pure,
 * so the tests check it against the panel's own list (tests/integration/export-filters.test.ts).
 */

/**
 * How a list's query string becomes the export's parameters (the list API's), handed to the drawer by the export
 * action (export.admin.ts): which filter goes to which parameter, which period and which money range to which
 * bounds, which sorts the export knows, and the list's default order. What has no counterpart is named in the
 * export drawer as not applied, never silently dropped.
 */
export interface ExportMapping {
  path: string;
  filters: Record<string, string>;
  /** Periods: the list's bounds (an instant or a day) become calendar days. */
  ranges: Record<string, [string, string]>;
  /** Money ranges: the bounds go as typed. */
  amounts?: Record<string, [string, string]>;
  sorts: string[];
  defaultSort: { sortBy: string; direction: 'asc' | 'desc' };
}

/** A range bound as a calendar day: a date-only value as it is, an instant as the day it is in this browser. */
function day(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The list's query string as the export's parameters: the filters with a counterpart, the sort (the list's default
 * when none is chosen); the rest is reported as not applied.
 */
export function toExportParams(search: string, m: ExportMapping): { params: URLSearchParams; applied: string[]; skipped: string[] } {
  const q = new URLSearchParams(search);
  const params = new URLSearchParams();
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const [key, value] of q) {
    if (!key.startsWith('filters.') || value === '') continue;
    const [property, bound] = key.slice('filters.'.length).split('~~');
    const end = bound === 'to' ? 1 : 0;
    const period = bound ? m.ranges[property]?.[end] : undefined;
    const target = bound ? (period ?? m.amounts?.[property]?.[end]) : m.filters[property];
    if (target && !params.has(target)) {
      params.set(target, period ? day(value) : value);
      if (!applied.includes(property)) applied.push(property);
    } else if (!skipped.includes(property)) skipped.push(property);
  }
  const sortBy = q.get('sortBy') ?? m.defaultSort.sortBy;
  const direction = q.get('sortBy') ? q.get('direction') : m.defaultSort.direction;
  if (m.sorts.includes(sortBy)) params.set('sort', `${direction === 'desc' ? '-' : ''}${sortBy}`);
  else skipped.push(sortBy);
  return { params, applied, skipped };
}
