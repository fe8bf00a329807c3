/**
 * Loads the generated demo company into a migrated database, in one transaction: all of it or nothing.
 *
 * Refuses a database that already holds business data (services, campaigns, leads, customers, contracts,
 * documents, import batches) or the demo users, unless `force`: then it first empties exactly those tables and
 * resets their ids, and resets the demo users (new passwords; their sessions, API tokens and kept idempotent
 * answers removed). Users other than the demo ones are never changed.
 *
 * Rows go in with COPY, with the triggers on: the statistics rollup (campaign_stats, campaign_stats_daily,
 * customer_sales) is kept by the same statement triggers as for any write, one grouped update per table.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Limits } from '../config.js';
import { hashPassword } from '../modules/users/passwords.js';
import type { Role } from '../modules/users/roles.js';
import { endSessionsOf } from '../modules/users/sessions.js';
import { DEMO_USERS, generateDemo, type DemoData, type DemoOptions } from './demo-data.js';

/** The tables the demo fills (and `force` empties), parents first. */
const BUSINESS_TABLES = ['services', 'campaigns', 'import_batches', 'documents', 'leads', 'customers', 'contracts'] as const;
type BusinessTable = (typeof BUSINESS_TABLES)[number];

// Serialises demo loads on one database (a second run waits, then finds the data and refuses).
const DEMO_LOCK = 727_002;

export interface LoadOptions extends DemoOptions {
  force: boolean;
}

export interface DemoLogin {
  email: string;
  fullName: string;
  roles: Role[];
  password: string;
}

export interface LoadReport {
  counts: Record<BusinessTable, number>;
  /** what `force` removed first; null when the database was empty */
  removed: (Record<BusinessTable, number> & { demoUsers: number }) | null;
  logins: DemoLogin[];
  seconds: number;
}

/** The database is not empty and `force` was not given; nothing was changed. */
export class DemoRefused extends Error {
  constructor(readonly found: Record<string, number>) {
    const what = Object.entries(found).filter(([, n]) => n > 0).map(([t, n]) => `${t}: ${n}`).join(', ');
    super(`The database already has data (${what}). Nothing was changed. Run again with --force to delete all services, campaigns, leads, customers, contracts, documents and import batches, and reset the demo users (other users are kept).`);
  }
}

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** COPY rows into a table, streamed in chunks. */
async function copyRows(client: pg.ClientBase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  function* chunks() {
    for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000).map((row) => row.map(copyValue).join('\t') + '\n').join('');
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

async function tableCounts(client: pg.ClientBase): Promise<Record<BusinessTable, number>> {
  const { rows: [row] } = await client.query(`SELECT ${BUSINESS_TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`);
  return row;
}

/** Generates the demo company and loads it into the database at `url` (migrated already). */
export async function loadDemo(url: string, opts: LoadOptions, limits: Pick<Limits, 'hashRounds'>): Promise<LoadReport> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url, application_name: 'campaign-crm-demo' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    const before = await tableCounts(client);
    const demoEmails = DEMO_USERS.map((u) => u.email);
    const { rows: [{ n: demoUsers }] } = await client.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1)`, [demoEmails]);
    const occupied = Object.values(before).some((n) => n > 0) || demoUsers > 0;
    if (occupied && !opts.force) throw new DemoRefused({ ...before, 'demo users': demoUsers });

    const data = generateDemo(opts);

    // Passwords are random, not from the seed: knowing the seed must not give a login. bcrypt at the configured
    // cost takes seconds for six users; it runs (yielding between rounds) while PostgreSQL takes the rows.
    const logins = data.users.map((u) => ({ email: u.email, fullName: u.fullName, roles: u.roles, password: crypto.randomBytes(12).toString('base64url') }));
    const hashing = Promise.all(logins.map((l) => hashPassword(l.password, limits.hashRounds)));
    hashing.catch(() => undefined); // awaited below; this only keeps an early failure from being reported as unhandled

    if (occupied) {
      // CASCADE reaches only tables referencing these (the rollup, import errors): never users, sessions or tokens.
      // The history of the replaced records goes with them: their ids start again from 1 (RESTART IDENTITY).
      await client.query(`TRUNCATE ${BUSINESS_TABLES.join(', ')}, record_events RESTART IDENTITY CASCADE`);
    }
    const userIds = await upsertDemoUsers(client, data, logins);
    await copyData(client, data, userIds);
    await client.query(
      `UPDATE users SET password_hash = u.hash FROM unnest($1::text[], $2::text[]) AS u(email, hash) WHERE users.email = u.email`,
      [logins.map((l) => l.email), await hashing],
    );
    for (const table of BUSINESS_TABLES) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`, [table]);
    }
    const counts = await tableCounts(client);
    await client.query('COMMIT');
    // Fresh statistics for the planner and for the panel's count estimates.
    await client.query(`ANALYZE ${BUSINESS_TABLES.join(', ')}, campaign_stats, campaign_stats_daily, customer_sales`);
    return {
      counts,
      removed: occupied ? { ...before, demoUsers } : null,
      logins,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/**
 * Creates the demo users or resets them (name, roles, active), logging them out everywhere. Their password hash is
 * set before the commit: until then a placeholder no password matches, and nobody outside the transaction sees it.
 */
async function upsertDemoUsers(client: pg.ClientBase, data: DemoData, logins: DemoLogin[]): Promise<Map<string, number>> {
  const { rows } = await client.query<{ id: number; email: string }>(
    `INSERT INTO users (email, full_name, roles, password_hash, active, created_at, updated_at)
     SELECT u.email, u.full_name, string_to_array(u.roles, ',')::user_role[], '!', true, now(), now()
     FROM unnest($1::text[], $2::text[], $3::text[]) AS u(email, full_name, roles)
     ON CONFLICT (email) DO UPDATE SET full_name = EXCLUDED.full_name, roles = EXCLUDED.roles, password_hash = EXCLUDED.password_hash,
       active = true, updated_at = now()
     RETURNING id, email`,
    [logins.map((l) => l.email), logins.map((l) => l.fullName), logins.map((l) => l.roles.join(','))],
  );
  const ids = rows.map((r) => r.id);
  await endSessionsOf(client, ids);
  await client.query(`DELETE FROM api_tokens WHERE user_id = ANY($1)`, [ids]);
  // Their kept API answers describe rows that no longer exist.
  await client.query(`DELETE FROM idempotency_keys WHERE actor_id = ANY($1)`, [ids]);
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  return new Map(data.users.map((u) => [u.key, byEmail.get(u.email)!]));
}

async function copyData(client: pg.ClientBase, d: DemoData, userIds: Map<string, number>): Promise<void> {
  const user = (key: string) => userIds.get(key)!;
  await copyRows(client, 'services', ['id', 'name', 'description', 'price', 'created_at', 'updated_at'], d.services.map((s) => [s.id, s.name, s.description, s.price, s.createdAt, s.createdAt]));
  await copyRows(
    client, 'campaigns', ['id', 'name', 'service_id', 'channel', 'budget', 'status', 'launched_at', 'finished_at', 'created_at', 'updated_at'],
    d.campaigns.map((c) => [c.id, c.name, c.serviceId, c.channel, c.budget, c.status, c.launchedAt, c.finishedAt, c.createdAt, c.updatedAt]),
  );
  await copyRows(
    client, 'import_batches', ['id', 'campaign_id', 'file_name', 'created_by_id', 'rows', 'created', 'duplicates', 'invalid', 'duplicate_policy', 'created_at'],
    d.importBatches.map((b) => [b.id, b.campaignId, b.fileName, user(b.createdBy), b.rows, b.rows, 0, 0, 'skip', b.createdAt]),
  );
  await copyRows(
    client, 'documents', ['id', 'file_name', 'content_type', 'size', 'data', 'uploaded_by_id', 'created_at'],
    d.documents.map((x) => [x.id, x.fileName, 'application/pdf', x.data.length, x.data, user(x.uploadedBy), x.createdAt]),
  );
  await copyRows(
    client, 'leads',
    ['id', 'last_name', 'first_name', 'middle_name', 'phone', 'email', 'campaign_id', 'status', 'notes', 'lost_reason', 'import_batch_id', 'created_by_id', 'created_at', 'updated_at'],
    d.leads.map((l) => [l.id, l.lastName, l.firstName, l.middleName, l.phone, l.email, l.campaignId, l.status, l.notes, l.lostReason, l.importBatchId, user(l.createdBy), l.createdAt, l.updatedAt]),
  );
  await copyRows(
    client, 'customers', ['id', 'display_name', 'lead_id', 'converted_at', 'converted_by_id', 'created_at'],
    d.customers.map((c) => [c.id, c.displayName, c.leadId, c.convertedAt, user(c.convertedBy), c.convertedAt]),
  );
  await copyRows(
    client, 'contracts', ['id', 'name', 'service_id', 'customer_id', 'amount', 'signed_on', 'starts_on', 'ends_on', 'document_id', 'created_at', 'updated_at'],
    d.contracts.map((k) => [k.id, k.name, k.serviceId, k.customerId, k.amount, k.signedOn, k.startsOn, k.endsOn, k.documentId, k.createdAt, k.createdAt]),
  );
}
