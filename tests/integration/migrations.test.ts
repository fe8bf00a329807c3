import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { createDataSource } from '../../src/db/data-source.js';
import { workerSuffix } from '../support/worker-env.mjs';

const DB = `campaign_crm_migrations${workerSuffix()}`;

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
          'idempotency_keys', 'import_batch_errors', 'import_batches', 'leads', 'login_attempts', 'record_events', 'services', 'session', 'users',
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

describe('two processes starting at once on an empty database', () => {
  const RACE_DB = `campaign_crm_migration_race${workerSuffix()}`;
  const script = fileURLToPath(new URL('../support/open-database.ts', import.meta.url));
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${RACE_DB} WITH (FORCE)`)));

  /** Starts the process, resolves once it has loaded; `go` lets it open the database, `exit` gives its code and stderr. */
  async function opener(url: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: '' }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exit = once(child, 'exit').then(([code]) => ({ code, stderr }));
    await once(child.stdout, 'data');
    return { go: () => child.stdin.end('go\n'), exit };
  }

  it.each([1, 2, 3])('both migrate and start, and the schema is complete (try %i)', async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${RACE_DB} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${RACE_DB}`);
    });
    const url = new URL(process.env.TEST_ADMIN_DATABASE_URL!);
    url.pathname = `/${RACE_DB}`;
    const both = await Promise.all([opener(url.toString()), opener(url.toString())]);
    for (const p of both) p.go();
    expect(await Promise.all(both.map((p) => p.exit))).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT name FROM migrations ORDER BY id`);
      expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    } finally {
      await c.end();
    }
  }, 60_000);
});
