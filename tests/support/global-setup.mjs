// Tests run on a real PostgreSQL: the server in DATABASE_URL when given (throw-away databases are created on
// it), otherwise an embedded one in .data/test-pg. Each run starts from empty databases: one per jest worker
// (tests/support/worker-env.mjs points each worker at its own), so test files in parallel never share a table.
// Plain ESM (jest loads global setup outside its transform); the app's TypeScript launcher comes in through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';

import { testDatabaseName } from './worker-env.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup(globalConfig) {
  // Outside production AdminJS serves .adminjs/bundle.js once made and never rebuilds it: start from fresh components.
  fs.rmSync(path.join(root, '.adminjs'), { recursive: true, force: true });
  const workers = Math.max(1, globalConfig?.maxWorkers ?? 1);
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const { startEmbeddedPostgres } = await tsImport('../../src/db/embedded.ts', import.meta.url);
    const port = Number(process.env.TEST_PG_PORT ?? 54339);
    const server = await startEmbeddedPostgres({
      dir: path.join(root, '.data', port === 54339 ? 'test-pg' : `test-pg-${port}`),
      port,
      database: 'postgres',
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    });
    globalThis.__testPg = server;
    adminUrl = server.url;
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let w = 1; w <= workers; w++) {
      const name = testDatabaseName(w);
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await client.end();
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
}
