import path from 'node:path';
import type { DataSource } from 'typeorm';
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
    const applied = await dataSource.runMigrations({ transaction: 'each' });
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
