import type { Server } from 'node:http';
import type AdminJS from 'adminjs';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDataSource } from '../../src/db/data-source.js';
import { migrate } from '../../src/db/database.js';
import { projectRoot } from '../../src/shared/paths.js';
import { buildIsCurrent } from '../../scripts/build-state.mjs';

export interface TestApp {
  baseUrl: string;
  ds: DataSource;
  config: Config;
  /** The panel as built: its resources and actions, for tests that go through every one. */
  admin: AdminJS;
  close(): Promise<void>;
}

/**
 * The panel's scripts in tests: the minified build when it is current (`npm test` builds first), which the browser
 * tests load in a fraction of the time of AdminJS's development scripts; else those, so a component changed since
 * the last build is what a browser test sees.
 */
const panelAssets = buildIsCurrent(projectRoot) ? 'built' : 'bundled';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PANEL_ASSETS: panelAssets,
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOGIN_MAX_ATTEMPTS: '5',
    LOGIN_MAX_ATTEMPTS_PER_IP: '5',
    ...env,
  });
}

/** The real app on a random port over the test database (migrated, emptied when `reset`). */
export async function startTestApp(env: Record<string, string> = {}, opts: { reset?: boolean } = { reset: true }): Promise<TestApp> {
  const config = testConfig(env);
  const ds = createDataSource(config.DATABASE_URL!, 5);
  await ds.initialize();
  await migrate(ds);
  if (opts.reset !== false) await resetDatabase(ds);
  const { app, admin, close: closeApp } = await createApp(config, ds);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ds,
    config,
    admin,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await closeApp();
      await ds.destroy();
    },
  };
}

/** Empties every table, so a test file starts from nothing but what it builds. */
export async function resetDatabase(ds: DataSource): Promise<void> {
  await ds.query(
    `TRUNCATE contracts, documents, customers, leads, import_batches, campaigns, services, users, session, login_attempts, idempotency_keys, record_events RESTART IDENTITY CASCADE`,
  );
}
