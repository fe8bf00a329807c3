// `npm run bench -- import [--rows=1000000] [--naive=20000] [--panel=0]`: the CSV import of leads through the service the panel
// and the API use (committed), against COPY of the same clean rows into a bare table (what `psql \copy` does) and against
// one ORM INSERT per row on a 20,000-row slice; peak RSS on a 10k-row and on the full file. Then the panel while imports
// run (--panel=0 skips it): the leads list's page 1 idle, during one import of the same size, and during two imports
// into two campaigns at once (the second started while the first runs), with their combined rows/s.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { setDataSource } from '../src/db/current.js';
import { importLeads } from '../src/modules/import/import.service.js';
import { Lead } from '../src/modules/leads/lead.entity.js';
import type { Actor } from '../src/modules/users/permissions.js';
import { logger } from '../src/shared/logger.js';
import { prng } from '../src/shared/prng.js';
import type { InProcessApp, startInProcessApp } from './harness.js';
import { emit, openBenchDatabase, percentile, round, runBench } from './support.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROWS = arg('rows', 1_000_000);
const SMALL = 10_000;
/** Rows of the naive path (0 skips it: quicker runs while iterating on the import itself). */
const NAIVE = arg('naive', 20_000);
/** 0 skips the list-during-import measures. */
const PANEL = arg('panel', 1);
const LIST_TARGET_RATIO = 3;

const LAST = ['Иванов', 'Петрова', 'Сидоров', 'Кузнецова', 'Смирнов', 'Попова', 'Васильев', 'Новикова', "O'Brien", 'Фёдоров'];
const FIRST = ['Иван', 'Мария', 'Пётр', 'Анна', 'Алексей', 'Ольга', 'Сергей', 'Елена'];
const MIDDLE = ['Иванович', 'Петровна', 'Сергеевич', 'Алексеевна', ''];
const MOBILE_SECOND = [0, 1, 2, 4, 5, 6, 7, 8, 9]; // 93x mobile ranges are only partly allocated
/** A unique, valid Russian mobile number for row i, written as people do: +7 (9XX) XXX-XX-XX. */
function phoneOf(i: number, seed: number): string {
  const k = i % 90;
  const code = `9${MOBILE_SECOND[Math.floor(k / 10)]}${k % 10}`;
  const group = String((Math.floor(i / 10000) + seed * 100) % 1000).padStart(3, '0');
  return `+7 (${code}) ${group}-${String(Math.floor(i / 100) % 100).padStart(2, '0')}-${String(i % 100).padStart(2, '0')}`;
}
const e164Of = (i: number, seed: number) => `+7${phoneOf(i, seed).replace(/\D/g, '').slice(1)}`;
const q = (v: string) => `"${v.replace(/"/g, '""')}"`;

/**
 * Writes a CSV of `rows` leads: UTF-8, every field quoted, some notes with commas, quotes and line breaks; 2% invalid
 * (a bad e-mail and no phone, or an unparseable phone), 3% repeating an earlier row's phone or e-mail. Also writes
 * the accepted rows, normalised, as a plain CSV for the COPY baseline. Returns the expected counts.
 */
async function generate(file: string, cleanFile: string | null, rows: number, seed: number) {
  const rnd = prng(seed).next;
  const out = fs.createWriteStream(file);
  const clean = cleanFile ? fs.createWriteStream(cleanFile) : null;
  const write = (s: fs.WriteStream, text: string) => (s.write(text) ? null : new Promise<void>((r) => s.once('drain', () => r())));
  let buf = 'Фамилия,Имя,Отчество,Телефон,E-mail,Комментарий\n';
  let cleanBuf = '';
  let invalid = 0;
  let duplicates = 0;
  const accepted = new Int32Array(rows);
  let acceptedCount = 0;
  for (let i = 1; i <= rows; i++) {
    const last = LAST[i % LAST.length];
    const first = FIRST[i % FIRST.length];
    const middle = MIDDLE[i % MIDDLE.length];
    const note = i % 7 === 0 ? 'перезвонить, после 18:00\n"срочно"' : i % 3 === 0 ? 'с сайта' : '';
    const r = rnd();
    let phone = phoneOf(i, seed);
    let email = `lead.${seed}.${i}@example${i % 50}.ru`;
    if (r < 0.02) {
      invalid++;
      if (i % 2) {
        phone = '';
        email = `lead.${i}@@bad`;
      } else phone = `12-${i % 1000}`;
    } else if (r < 0.05 && acceptedCount > 0) {
      duplicates++;
      const j = accepted[Math.floor(rnd() * acceptedCount)];
      // An earlier accepted row's phone (odd) or e-mail (even), the rest new.
      if (i % 2) phone = phoneOf(j, seed);
      else email = `lead.${seed}.${j}@example${j % 50}.ru`;
    } else {
      accepted[acceptedCount++] = i;
      if (clean) cleanBuf += `${q(last)},${q(first)},${middle ? q(middle) : ''},${e164Of(i, seed)},${email},${q(note)}\n`;
    }
    buf += `${q(last)},${q(first)},${q(middle)},${q(phone)},${q(email)},${q(note)}\n`;
    if (buf.length > 1 << 16) {
      await write(out, buf);
      buf = '';
    }
    if (clean && cleanBuf.length > 1 << 16) {
      await write(clean, cleanBuf);
      cleanBuf = '';
    }
  }
  out.end(buf);
  clean?.end(cleanBuf);
  await Promise.all([new Promise<void>((r) => out.on('close', () => r())), clean ? new Promise<void>((r) => clean.on('close', () => r())) : null]);
  return { invalid, duplicates };
}

/**
 * Writes the file in a child process (this very script with --generate), so that the garbage of generating a 100 MB
 * file does not sit in the heap whose peak RSS is measured during the import.
 */
function generateApart(file: string, cleanFile: string | null, rows: number, seed: number): { invalid: number; duplicates: number } {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--generate=${JSON.stringify({ file, cleanFile, rows, seed })}`], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Peak RSS while `fn` runs, sampled every 10 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - t0) / 1000, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

/** The leads list's first page as the panel asks for it; its time in ms. */
async function listOnce(app: InProcessApp): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${app.base}/admin/api/resources/leads/actions/list?page=1`, { headers: { cookie: app.cookie, accept: 'application/json' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`leads list: HTTP ${res.status}`);
  return performance.now() - t0;
}

/** List timings taken one after another (100 ms apart) until `work` ends; and how long the work took. */
async function listWhile(app: InProcessApp, work: Promise<unknown>): Promise<{ samples: number[]; seconds: number }> {
  const t0 = performance.now();
  let done = false;
  const finished = work.finally(() => (done = true));
  const samples: number[] = [];
  while (!done) {
    samples.push(await listOnce(app));
    await Promise.race([finished, new Promise((r) => setTimeout(r, 100))]).catch(() => undefined);
  }
  await finished;
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Does an import freeze the panel? The leads list (page 1, an operator's session, the app in this process) idle,
 * during one import, and during two imports into two campaigns, the second started 2 s after the first; each
 * import's file is new (its own seed), so none is a duplicate of another.
 */
async function measurePanelDuringImports(
  ds: Parameters<typeof startInProcessApp>[0],
  url: string,
  prepare: (seed: number) => { file: string; rows: number; expected: { invalid: number; duplicates: number } },
  importFile: (p: ReturnType<typeof prepare>, campaignName: string) => Promise<{ rows: number }>,
  aloneRowsPerS: number,
): Promise<void> {
  // Seeds whose phone groups (seed × 100 mod 1000, see phoneOf) differ from the other runs' (7 and 11) and each other's.
  const [one, first, second] = [3, 4, 5].map(prepare);
  // Loaded only now: the panel's code in this process would otherwise count in the import's peak RSS above.
  const { startInProcessApp: start } = await import('./harness.js');
  // createApp sets the import's size limit from its config: the million-row file (about 106 MB) must still fit.
  const app = await start(ds, url, { MAX_IMPORT_MB: '2048' });
  try {
    const idle: number[] = [];
    for (let i = 0; i < 51; i++) idle.push(await listOnce(app));
    idle.shift(); // warm-up
    const idleP95 = percentile(idle, 95);

    const during = await listWhile(app, importFile(one, 'Bench during list'));
    const duringP95 = percentile(during.samples, 95);
    emit({
      bench: 'import', measure: 'list_during_import', rows: one.rows, import_seconds: round(during.seconds), list_requests: during.samples.length,
      list_p50_ms: round(percentile(during.samples, 50)), list_p95_ms: round(duringP95),
      baseline: 'same_list_idle', baseline_requests: idle.length, baseline_p50_ms: round(percentile(idle, 50)), baseline_p95_ms: round(idleP95),
      ratio: round(duringP95 / idleP95), target_ratio: LIST_TARGET_RATIO, meets_target: duringP95 / idleP95 <= LIST_TARGET_RATIO,
      loadavg_1m: round(os.loadavg()[0]),
    });

    const both = (async () => {
      const a = importFile(first, 'Bench concurrent A');
      await new Promise((r) => setTimeout(r, 2000));
      return Promise.all([a, importFile(second, 'Bench concurrent B')]);
    })();
    const together = await listWhile(app, both);
    const togetherP95 = percentile(together.samples, 95);
    const combined = (first.rows + second.rows) / together.seconds;
    emit({
      bench: 'import', measure: 'two_imports_at_once', rows_each: first.rows, seconds: round(together.seconds), combined_rows_per_s: Math.round(combined),
      baseline: 'one_import_alone', baseline_rows_per_s: Math.round(aloneRowsPerS), ratio: round(combined / aloneRowsPerS),
      list_requests: together.samples.length, list_p95_ms: round(togetherP95), list_ratio_to_idle: round(togetherP95 / idleP95), meets_list_target: togetherP95 / idleP95 <= LIST_TARGET_RATIO,
      loadavg_1m: round(os.loadavg()[0]),
    });
  } finally {
    await app.close();
  }
}

async function main() {
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const bench = await openBenchDatabase('import');
  const { ds } = bench;
  setDataSource(ds);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-bench-'));
  try {
    const [user] = await ds.query(`INSERT INTO users (email, full_name, roles, password_hash) VALUES ('bench-import@example.com', 'Bench', '{operator}', 'x') RETURNING id`);
    const actor: Actor = { id: user.id, email: 'bench-import@example.com', roles: ['operator'] };
    const [service] = await ds.query(`INSERT INTO services (name, price) VALUES ('Bench', 1) RETURNING id`);
    const campaign = async (name: string) =>
      (await ds.query(`INSERT INTO campaigns (name, service_id, channel, budget, status, launched_at) VALUES ($1, $2, 'search', 0, 'active', now()) RETURNING id`, [name, service.id]))[0].id as number;

    /** A generated file (in a child process) and its expected figures. */
    const prepare = (rows: number, seed: number, cleanFile: string | null) => {
      const file = path.join(dir, `leads-${rows}-${seed}.csv`);
      return { file, rows, expected: generateApart(file, cleanFile, rows, seed) };
    };
    const importFile = async ({ file, rows, expected }: ReturnType<typeof prepare>, campaignName: string) => {
      const campaignId = await campaign(campaignName);
      const s = await importLeads(actor, fs.createReadStream(file, { highWaterMark: 256 * 1024 }), { campaignId, duplicates: 'skip', fileName: path.basename(file) }, { importBytes: 2 * 1024 * 1024 * 1024 });
      if (s.rows !== rows || s.invalid !== expected.invalid || s.duplicates !== expected.duplicates || s.created !== rows - expected.invalid - expected.duplicates) {
        throw new Error(`unexpected summary for ${rows} rows: ${JSON.stringify({ ...s, errors: s.errors.length })}, expected ${JSON.stringify(expected)}`);
      }
      return s;
    };
    const run = async (rows: number, seed: number, cleanFile: string | null) => {
      const prepared = prepare(rows, seed, cleanFile);
      const m = await measured(() => importFile(prepared, `Bench ${rows}`));
      return { ...m, file: prepared.file, bytes: fs.statSync(prepared.file).size, created: m.result.created };
    };

    const small = await run(SMALL, 11, null);
    const cleanFile = path.join(dir, 'clean.csv');
    const large = await run(ROWS, 7, cleanFile);

    // COPY of the same accepted rows into a bare table with the same columns (what `psql \copy` does).
    await ds.query(`CREATE TABLE bare_leads (last_name varchar(100), first_name varchar(100), middle_name varchar(100), phone varchar(32), email varchar(254), notes text)`);
    const pool = (ds.driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    const copy = await measured(async () => {
      await pipeline(fs.createReadStream(cleanFile, { highWaterMark: 256 * 1024 }), client.query(copyFrom(`COPY bare_leads FROM STDIN (FORMAT csv)`)));
    });
    client.release();
    const [{ n: copied }] = await ds.query(`SELECT count(*)::int AS n FROM bare_leads`);
    if (copied !== large.created) throw new Error(`baseline copied ${copied} rows, the import created ${large.created}`);

    // The floor the leads table itself sets: one INSERT … SELECT of the same accepted rows, already parsed and clean,
    // from the bare table into leads (its indexes, trigram search indexes, foreign keys and statistics triggers).
    const floorCampaign = await campaign('Bench floor');
    const [floorBatch] = await ds.query(`INSERT INTO import_batches (campaign_id, file_name, created_by_id) VALUES ($1, 'floor', $2) RETURNING id`, [floorCampaign, user.id]);
    const floor = await measured(() =>
      ds.query(
        `INSERT INTO leads (last_name, first_name, middle_name, phone, email, campaign_id, notes, import_batch_id, created_by_id)
         SELECT last_name, first_name, middle_name, phone, email, $1, notes, $2, $3 FROM bare_leads`,
        [floorCampaign, floorBatch.id, user.id],
      ),
    );

    // The naive path: one INSERT per row through the ORM repository, as a generic admin import does.
    const naiveCampaign = NAIVE > 0 ? await campaign('Bench naive') : 0;
    const repo = ds.getRepository(Lead);
    const naive = await measured(async () => {
      for (let i = 0; i < NAIVE; i++) {
        await repo.save(repo.create({ lastName: 'Иванов', firstName: 'Иван', phone: `+7999${String(i).padStart(7, '0')}`, email: `naive${i}@example.com`, campaignId: naiveCampaign, notes: '' }));
      }
    });

    const rowsPerS = ROWS / large.seconds;
    const naiveRowsPerS = NAIVE / naive.seconds;
    emit({
      bench: 'import',
      rows: ROWS,
      mb: round(large.bytes / 1024 / 1024, 1),
      seconds: round(large.seconds),
      rows_per_s: Math.round(rowsPerS),
      peak_rss_mb: large.peakRssMb,
      baseline: 'psql_copy',
      baseline_rows: copied,
      baseline_seconds: round(copy.seconds),
      ratio: round(large.seconds / copy.seconds),
    });
    emit({ bench: 'import', measure: 'vs_leads_insert', baseline: 'insert_select_into_leads', baseline_rows: copied, baseline_seconds: round(floor.seconds), ratio: round(large.seconds / floor.seconds) });
    if (NAIVE > 0) emit({ bench: 'import', measure: 'vs_naive', baseline: 'orm_insert_per_row', baseline_rows: NAIVE, baseline_seconds: round(naive.seconds), baseline_rows_per_s: Math.round(naiveRowsPerS), speedup: round(rowsPerS / naiveRowsPerS, 1) });
    emit({ bench: 'import', measure: 'rss_flatness', rows_small: SMALL, peak_rss_mb_small: small.peakRssMb, rows_small_per_s: Math.round(SMALL / small.seconds), rows_large: ROWS, peak_rss_mb_large: large.peakRssMb, growth: round(large.peakRssMb / small.peakRssMb) });

    if (PANEL) await measurePanelDuringImports(ds, bench.url, (seed) => prepare(ROWS, seed, null), importFile, ROWS / large.seconds);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await bench.close();
  }
}

const generateArg = process.argv.find((a) => a.startsWith('--generate='));
runBench(
  generateArg
    ? async () => {
        const { file, cleanFile, rows, seed } = JSON.parse(generateArg.slice('--generate='.length));
        console.log(JSON.stringify(await generate(file, cleanFile, rows, seed)));
      }
    : main,
);
