/**
 * The search fold: how a name is compared when people search for it. Russian users type е for ё (most keyboards
 * and most writing do), and any case, so «Ковалев», «КОВАЛЁВ» and «ковалёв» all read as «ковалев».
 *
 * Written once, used on both sides so they cannot drift apart:
 * - in PostgreSQL, foldSql() is the expression of the stored generated column leads.search_name (migration
 *   1764000000900-FoldLeadNamesForSearch), which carries the trigram index the search uses;
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
