import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { ensureFirstAdmin } from './modules/users/auth.service.js';
import { keepServing } from './shared/keep-serving.js';
import { logger } from './shared/logger.js';
import { explainStartupFailure } from './shared/startup-error.js';

/** Start: config → database (embedded or DATABASE_URL, migrated) → app → listen. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return failStart(e.message);
    throw e;
  }
  logger.level = config.LOG_LEVEL;
  const where = { databaseUrl: config.DATABASE_URL, port: config.PORT };
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase(config);
  } catch (e) {
    return failStart(explainStartupFailure(e, where), e);
  }
  const { app, close: closeApp } = await createApp(config, database.dataSource);
  const created = await ensureFirstAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD, config.limits);

  const server = app.listen(config.PORT, config.HOST);
  server.once('error', async (e) => {
    await database?.close().catch(() => undefined);
    failStart(explainStartupFailure(e, where), e);
  });
  server.once('listening', () => {
    keepServing();
    const url = `http://localhost:${config.PORT}/admin`;
    const lines = [`Campaign CRM is running: ${url}`];
    if (created) {
      lines.push(`First administrator created: ${created.email}`);
      if (created.password) lines.push(`Generated password (shown once, change it after logging in): ${created.password}`);
    }
    console.log(lines.join('\n'));
  });

  // SIGTERM/SIGINT: stop taking connections, let requests under way finish for SHUTDOWN_GRACE_SECONDS, then cut the
  // rest (an import cut off rolls back: its transaction never commits), close the pool, stop the embedded server.
  // A second signal exits at once; the database still holds only whole operations.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, 'shutting down: finishing requests under way');
    const closed = new Promise((resolve) => server.close(resolve));
    const grace = setTimeout(() => {
      logger.warn('grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    await closed;
    clearTimeout(grace);
    await closeApp();
    await database?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Ends a start that cannot go on: one sentence when we know the cause, else the error itself. */
function failStart(sentence: string | null, error?: unknown): never {
  console.error(sentence ?? error);
  process.exit(1);
}

main().catch((e) => failStart(explainStartupFailure(e, { port: Number(process.env.PORT ?? 3000) }), e));
