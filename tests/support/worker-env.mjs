// Each jest worker gets its own database and its own AdminJS bundle folder, so test files run in parallel
// (`npm test` uses two workers) never see each other's rows or a half-written bundle. Loaded by jest before each
// test file (setupFiles); the databases are made by global-setup.mjs. Names a test makes on the server itself
// (databases, roles) take `workerSuffix()` for the same reason.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The jest worker this process is (1 when the run is in band). */
export const workerId = () => Number(process.env.JEST_WORKER_ID ?? 1);

/** A suffix for names made on the shared server: `_w1`, `_w2`… */
export const workerSuffix = () => `_w${workerId()}`;

export const testDatabaseName = (worker) => `campaign_crm_test_w${worker}`;

if (process.env.TEST_ADMIN_DATABASE_URL) {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${testDatabaseName(workerId())}`;
  process.env.TEST_DATABASE_URL = url.toString();
  process.env.ADMIN_JS_TMP_DIR = path.join(root, '.adminjs', `worker-${workerId()}`);
}
