import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { ensureFirstAdmin } from './modules/users/auth.service.js';
import { logger } from './shared/logger.js';

/** Start: config → database (embedded or DATABASE_URL, migrated) → app → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  logger.level = config.LOG_LEVEL;
  const database = await openDatabase(config);
  const { app } = await createApp(config, database.dataSource);
  const created = await ensureFirstAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);

  const server = app.listen(config.PORT, config.HOST, () => {
    const url = `http://localhost:${config.PORT}/admin`;
    const lines = [`Campaign CRM is running: ${url}`];
    if (created) {
      lines.push(`First administrator created: ${created.email}`);
      if (created.password) lines.push(`Generated password (shown once, change it after logging in): ${created.password}`);
    }
    console.log(lines.join('\n'));
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
