import { escapeLike } from './keyset.js';

/**
 * The search fold: how a name is compared when people search for it. Russian users type е for ё (most keyboards
 * and most writing do), and any case, so «Ковалев», «КОВАЛЁВ» and «ковалёв» all read as «ковалев».
 *
 * Written once, used on both sides so they cannot drift apart:
 * - in PostgreSQL, foldSql() is the expression of the stored generated columns leads.search_name and
 *   customers.search_name (migrations 1764000000900 and 1764000001000), which carry the trigram indexes the
 *   search uses;
 * - in JavaScript, fold() turns what the user typed into the same form before it is matched against that column.
 * Changing the fold means a new migration re-creating the column from foldSql(); tests/integration/lead-search.test.ts
 * checks that the column and fold() agree.
 */

/** The letters folded, and what they become (PostgreSQL's translate(): character by character). */
const FOLD_FROM = 'Ёё';
const FOLD_TO = 'Ее';
const FOLD_MAP: Record<string, string> = Object.fromEntries([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]]));
const FOLD_RE = new RegExp(`[${FOLD_FROM}]`, 'g');

/** `text` folded for search: ё → е, then lower case. */
export function fold(text: string): string {
  return text.replace(FOLD_RE, (c) => FOLD_MAP[c]).toLowerCase();
}

/** The same fold as an SQL expression over `expr` (a trusted column expression, never user input). */
export function foldSql(expr: string): string {
  return `lower(translate(${expr}, '${FOLD_FROM}', '${FOLD_TO}'))`;
}

/**
 * A name search over the `search_name` column (leads, customers) of the table aliased `alias`: every word typed,
 * folded by fold(), is part of the folded name, in any order — «алла семенова» finds «Семёнова Алла Петровна». Each
 * word's ILIKE is served by the column's trigram index. `key` prefixes the parameters; null: no word typed.
 */
export function searchNameWhere(alias: string, text: string, key: string): { sql: string; params: Record<string, unknown> } | null {
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const params: Record<string, unknown> = {};
  const sql = words.map((w, i) => {
    params[`${key}${i}`] = `%${escapeLike(w)}%`;
    return `${alias}.search_name ILIKE :${key}${i}`;
  });
  return { sql: `(${sql.join(' AND ')})`, params };
}
