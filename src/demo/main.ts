/**
 * `npm run demo [-- --force] [--seed=N] [--today=YYYY-MM-DD] [--leads=N]`: fills the database (embedded, or
 * DATABASE_URL) with the demo company and prints the demo users' passwords once.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DataFolderInUse } from '../db/embedded.js';
import { logger } from '../shared/logger.js';
import { explainStartupFailure } from '../shared/startup-error.js';
import { DEMO_LEADS, DEMO_SEED, moscowDate } from './demo-data.js';
import { DemoRefused, loadDemo, type LoadReport } from './demo.js';

const USAGE = `Usage: npm run demo [-- options]
  --force              the database has data: delete all services, campaigns, leads, customers, contracts,
                       documents and import batches first, and reset the demo users (other users are kept)
  --seed=N             another company (default ${DEMO_SEED}); the same seed and date give the same data
  --today=YYYY-MM-DD   the date the data ends at (default: today in Moscow)
  --leads=N            how many leads (default ${DEMO_LEADS})`;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { force: { type: 'boolean' }, seed: { type: 'string' }, today: { type: 'string' }, leads: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const today = values.today ?? moscowDate(Date.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) throw new UsageError('--today must be a date, YYYY-MM-DD');
  return {
    help: values.help ?? false,
    force: values.force ?? false,
    seed: integer('seed', values.seed, DEMO_SEED, 0, 2 ** 32 - 1),
    leads: integer('leads', values.leads, DEMO_LEADS, 1, 1_000_000),
    today,
  };
}

function printReport(report: LoadReport, where: string): void {
  const c = report.counts;
  const lines: string[] = [];
  if (report.removed) {
    const r = report.removed;
    lines.push(
      `--force: deleted ${r.services} services, ${r.campaigns} campaigns, ${r.leads} leads, ${r.customers} customers, ${r.contracts} contracts, ` +
        `${r.documents} documents and ${r.import_batches} import batches; reset ${r.demoUsers} demo users. Other users were not touched.`,
    );
  }
  lines.push(
    `Demo data loaded into ${where} in ${report.seconds.toFixed(1)} s: ${c.services} services, ${c.campaigns} campaigns, ${c.leads} leads, ` +
      `${c.customers} customers, ${c.contracts} contracts, ${c.documents} documents, ${c.import_batches} import batches.`,
    '',
    'Demo users (passwords are shown only this once; a new run with --force makes new ones):',
  );
  const width = Math.max(...report.logins.map((l) => l.email.length));
  for (const l of report.logins) lines.push(`  ${l.email.padEnd(width)}  ${l.password}  ${l.roles.join(', ')} — ${l.fullName}`);
  lines.push('', 'Start the app with `npm start` and log in at http://localhost:3000/admin (or your PORT).');
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  // The loader prints its own summary; the server's info lines (embedded start, migrations) would only clutter it.
  logger.level = config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (e) {
    if (e instanceof DataFolderInUse) {
      console.error(`The app is running on the embedded database (${e.dir}, process ${e.owner}): stop it first, or set DATABASE_URL to load the demo into another database.`);
      return 1;
    }
    const explained = explainStartupFailure(e, { databaseUrl: config.DATABASE_URL, port: config.PORT });
    if (!explained) throw e;
    console.error(explained);
    return 1;
  }
  try {
    const where = database.embedded ? `the embedded database (${path.join(config.dataDir, 'pg')})` : `${new URL(database.url).host}${new URL(database.url).pathname}`;
    printReport(await loadDemo(database.url, options, config.limits), where);
    return 0;
  } catch (e) {
    if (e instanceof DemoRefused) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
    else console.error(e instanceof ConfigError ? e.message : e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
