import type { DataSource } from 'typeorm';

/** Every row of these tables, in id order: "nothing written or changed" means this stays equal. */
export async function dbSnapshot(ds: DataSource, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY id`);
  return out;
}
