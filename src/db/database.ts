import path from 'node:path';
import type { DataSource, Migration } from 'typeorm';
import type { Config } from '../config.js';
import { logger } from '../shared/logger.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded.js';

export interface Database {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded server in the data folder; then migrates. */
export async function openDatabase(config: Config): Promise<Database> {
  let server: RunningDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    const dir = path.join(config.dataDir, 'pg');
    logger.info({ dir }, 'starting embedded PostgreSQL');
    server = await startEmbeddedPostgres({ dir, port: config.EMBEDDED_PG_PORT, database: 'campaign_crm' });
    url = server.url;
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    const applied = await migrate(dataSource);
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server?.stop();
    throw e;
  }
  return {
    dataSource,
    url,
    embedded: !!server,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await server?.stop();
    },
  };
}

/** Advisory lock key held while migrating; other keys: 727001 first admin, 727002 login attempts. */
const MIGRATION_LOCK_KEY = 727000;

/**
 * Runs pending migrations while holding a session-level advisory lock, so processes starting at once on one
 * database migrate one after the other (the second finds nothing left to do). Without it both run the first
 * migration and one fails, e.g. on `CREATE EXTENSION IF NOT EXISTS`, which is not safe under concurrency.
 * The lock lives on its own connection, held to the end and released on failure too; the data source needs a pool
 * of at least two connections.
 */
export async function migrate(dataSource: DataSource): Promise<Migration[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
