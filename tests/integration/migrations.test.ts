import pg from 'pg';
import { createDataSource } from '../../src/db/data-source.js';

const DB = 'campaign_crm_migrations';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  beforeAll(() => admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB}`);
  }));
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)));

  it('build the schema from an empty database and take it down again', async () => {
    const url = new URL(process.env.TEST_ADMIN_DATABASE_URL!);
    url.pathname = `/${DB}`;
    const ds = createDataSource(url.toString(), 2);
    await ds.initialize();
    try {
      const tables = async () =>
        (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata') ORDER BY 1`)).map(
          (r: { table_name: string }) => r.table_name,
        );
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect(await tables()).toEqual(
        [
          'api_tokens', 'campaign_stats', 'campaign_stats_daily', 'campaigns', 'contracts', 'customer_sales', 'customers', 'documents',
          'idempotency_keys', 'import_batch_errors', 'import_batches', 'leads', 'login_attempts', 'services', 'session', 'users',
        ],
      );
      // The database itself refuses what the rules forbid, not only the code.
      await expect(ds.query(`INSERT INTO services (name, price) VALUES ('x', -1)`)).rejects.toThrow(/check constraint/);
      while ((await ds.query(`SELECT count(*)::int AS n FROM migrations`))[0].n > 0) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
