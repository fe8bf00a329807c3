// A process that opens (and so migrates) the database in DATABASE_URL, then exits: 0 when it could.
// It says "ready" once loaded and waits for a line on stdin, so a test can start several at the same moment.
import { once } from 'node:events';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';

process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
try {
  const database = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: 'silent' }));
  await database.close();
} catch (e) {
  console.error(e);
  process.exit(1);
}
