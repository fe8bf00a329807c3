/**
 * Stopping the app with work under way (the real entry point as its own process): SIGTERM lets requests under way
 * finish, cuts what outlasts the grace period so it rolls back, and a second signal exits at once — the database
 * holds whole imports or nothing of them.
 */
import http from 'node:http';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { migrate } from '../../src/db/database.js';
import { ApiClient } from '../api/helpers.js';
import { freePort, startAppProcess, untilRunning, type AppProcess } from '../support/app-process.js';
import { resetDatabase } from '../support/app.js';
import { makeCampaign, makeUser } from '../support/factories.js';

let ds: DataSource;
let operator: { email: string; password: string };

beforeAll(async () => {
  ds = createDataSource(process.env.TEST_DATABASE_URL!, 2);
  await ds.initialize();
  await migrate(ds);
  await resetDatabase(ds);
  operator = await makeUser(ds, ['operator']);
});

afterAll(async () => {
  await ds.destroy();
});

interface Upload {
  /** The answer, or how the connection was cut. */
  answer: Promise<{ status: number; body: string } | { cut: string }>;
  write(text: string): void;
  end(): void;
}

/** A CSV import whose body the test sends piece by piece (the request is under way until `end`). */
function startImport(baseUrl: string, cookie: string, campaignId: number): Upload {
  const req = http.request(`${baseUrl}/api/v1/leads/import?campaignId=${campaignId}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', cookie, origin: baseUrl },
  });
  const answer = new Promise<{ status: number; body: string } | { cut: string }>((resolve) => {
    const cut = (e: Error) => resolve({ cut: e.message });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', cut);
    });
    req.on('error', cut);
  });
  req.write('last_name,first_name,phone\n');
  return { answer, write: (t) => req.write(t), end: () => req.end() };
}

const rows = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `Петров${from + i},Пётр,+7912${String(1_000_000 + from + i).slice(-7)}\n`).join('');

async function leadsOf(campaignId: number): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM leads WHERE campaign_id = $1`, [campaignId]);
  return n;
}

async function startedApp(grace: number): Promise<{ app: AppProcess; baseUrl: string; cookie: string }> {
  const port = await freePort();
  const app = startAppProcess({ DATABASE_URL: process.env.TEST_DATABASE_URL!, PORT: String(port), SHUTDOWN_GRACE_SECONDS: String(grace) });
  await untilRunning(app);
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = await ApiClient.login(baseUrl, operator.email, operator.password);
  return { app, baseUrl, cookie: client.http.cookieHeader };
}

/** Lets the server take in what was sent. */
const settle = () => new Promise((r) => setTimeout(r, 700));

test('SIGTERM: new connections are refused, the import under way finishes and commits, the app exits 0', async () => {
  const { id: campaignId } = await makeCampaign(ds);
  const { app, baseUrl, cookie } = await startedApp(60);
  const upload = startImport(baseUrl, cookie, campaignId);
  upload.write(rows(0, 200));
  await settle();
  app.child.kill('SIGTERM');
  await settle();
  await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow(); // no longer accepting
  upload.write(rows(200, 100));
  upload.end();
  const answer = await upload.answer;
  expect(answer).toMatchObject({ status: 201 });
  expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ rows: 300, created: 300 });
  expect(await app.exited).toBe(0);
  expect(await leadsOf(campaignId)).toBe(300);
}, 120_000);

test('SIGTERM: an import that outlasts the grace period is cut and rolled back; the app still exits 0', async () => {
  const { id: campaignId } = await makeCampaign(ds);
  const { app, baseUrl, cookie } = await startedApp(1);
  const upload = startImport(baseUrl, cookie, campaignId);
  upload.write(rows(0, 200));
  await settle();
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(await upload.answer).toHaveProperty('cut'); // the connection was cut
  expect(await leadsOf(campaignId)).toBe(0);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM import_batches WHERE campaign_id = $1`, [campaignId]);
  expect(n).toBe(0);
}, 120_000);

test('a second signal exits at once, leaving nothing half-imported', async () => {
  const { id: campaignId } = await makeCampaign(ds);
  const { app, baseUrl, cookie } = await startedApp(300);
  const upload = startImport(baseUrl, cookie, campaignId);
  upload.write(rows(0, 200));
  await settle();
  app.child.kill('SIGTERM');
  await settle();
  expect(app.child.exitCode).toBeNull(); // still waiting for the import (grace 300 s)
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(1);
  expect(await upload.answer).toHaveProperty('cut');
  // The server rolls back the transaction of a connection that went away.
  for (let i = 0; i < 50 && (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' OR (state = 'active' AND query ILIKE '%COPY%')`))[0].n > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await leadsOf(campaignId)).toBe(0);
}, 120_000);
