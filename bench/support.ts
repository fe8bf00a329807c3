import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source.js';
import { migrate } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { projectRoot } from '../src/shared/paths.js';

export interface BenchDatabase {
  url: string;
  ds: DataSource;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark: on DATABASE_URL's server when set, otherwise on an embedded
 * PostgreSQL in .data/bench-pg (durable settings left at their defaults, as in production).
 */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dir: path.join(projectRoot, '.data', 'bench-pg'),
      port: Number(process.env.BENCH_PG_PORT ?? 54349),
      database: 'postgres',
      postgresFlags: ['-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB', '-c', 'work_mem=32MB'],
    });
    adminUrl = server.url;
    stop = () => server.stop();
  }
  const db = `bench_${name.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  const ds = createDataSource(url.toString(), 10);
  await ds.initialize();
  await migrate(ds);
  return {
    url: url.toString(),
    ds,
    async close() {
      await ds.destroy();
      await stop();
    },
  };
}

/** One measurement: one JSON object on its own line. */
export function emit(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs a benchmark's main function; a failure is printed and ends the process with status 1. */
export function runBench(main: () => Promise<unknown>): void {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
