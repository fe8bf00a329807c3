import { csvCell } from '../../shared/csv.js';

/** One line of the error report: `;`-separated (what a Russian Excel opens as columns), formula cells escaped. */
export function csvLine(cells: (string | null | undefined)[]): string {
  return `${cells.map((c) => csvCell(c, ';')).join(';')}\r\n`;
}
