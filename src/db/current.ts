import type { DataSource } from 'typeorm';

let current: DataSource | undefined;

/** The data source the services use; set once at start-up by createApp. */
export function setDataSource(ds: DataSource): void {
  current = ds;
}

export function db(): DataSource {
  if (!current?.isInitialized) throw new Error('The database is not initialised');
  return current;
}
