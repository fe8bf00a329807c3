import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { migrate } from '../../src/db/database.js';
import { DEMO_LEADS, DEMO_SEED } from '../../src/demo/demo-data.js';
import { DemoRefused, loadDemo, type LoadReport } from '../../src/demo/demo.js';
import { checkDocument } from '../../src/modules/contracts/documents.service.js';
import { normalizeEmail, normalizePhone } from '../../src/modules/leads/contact.js';
import { verifyPassword } from '../../src/modules/users/passwords.js';
import { storedSessionOf } from '../../src/modules/users/sessions.js';
import { resetDatabase } from '../support/app.js';
import { makeService, makeUser } from '../support/factories.js';
import { expectRollupExact } from '../support/rollup.js';

const url = process.env.TEST_DATABASE_URL!;
const TODAY = '2026-06-15';
const options = { seed: DEMO_SEED, today: TODAY, leads: DEMO_LEADS, force: false };
const limits = { hashRounds: 4, documentBytes: 20 * 1024 * 1024 };
let ds: DataSource;

beforeAll(async () => {
  ds = createDataSource(url, 3);
  await ds.initialize();
  await migrate(ds);
  await resetDatabase(ds);
});
afterAll(() => ds.destroy());

/** A hash per table of its rows in id order (users by e-mail, since their ids depend on who was there first). */
async function fingerprint(): Promise<Record<string, string>> {
  const table = (select: string, order: string) => `(SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY ${order}), '')) FROM (${select}) x)`;
  const [row] = await ds.query(`SELECT
    ${table('SELECT id, name, description, price, created_at FROM services', 'x.id')} AS services,
    ${table('SELECT id, name, service_id, channel, budget, status, launched_at, finished_at, created_at, updated_at FROM campaigns', 'x.id')} AS campaigns,
    ${table('SELECT b.id, campaign_id, file_name, u.email, rows, created, b.created_at FROM import_batches b LEFT JOIN users u ON u.id = b.created_by_id', 'x.id')} AS import_batches,
    ${table('SELECT d.id, file_name, content_type, size, md5(data), u.email, d.created_at FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by_id', 'x.id')} AS documents,
    ${table(`SELECT l.id, last_name, first_name, middle_name, phone, l.email, campaign_id, status, notes, lost_reason, import_batch_id, u.email AS by,
                    l.created_at, l.updated_at FROM leads l LEFT JOIN users u ON u.id = l.created_by_id`, 'x.id')} AS leads,
    ${table('SELECT c.id, display_name, lead_id, converted_at, u.email, c.created_at FROM customers c LEFT JOIN users u ON u.id = c.converted_by_id', 'x.id')} AS customers,
    ${table('SELECT id, name, service_id, customer_id, amount, signed_on, starts_on, ends_on, document_id, created_at FROM contracts', 'x.id')} AS contracts,
    ${table('SELECT campaign_id, day, leads, customers, revenue FROM campaign_stats_daily', 'x.campaign_id, x.day')} AS rollup`);
  return row;
}

/** Every rule the services enforce, as the number of rows breaking it (all must be 0). */
async function ruleViolations(today: string): Promise<Record<string, number>> {
  const end = `('${today}'::date::timestamp AT TIME ZONE 'Europe/Moscow')`;
  const checks: Record<string, string> = {
    lead_in_draft_campaign: `SELECT 1 FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE c.status = 'draft'`,
    lead_outside_campaign_period: `SELECT 1 FROM leads l JOIN campaigns c ON c.id = l.campaign_id
                                   WHERE l.created_at < c.launched_at OR l.created_at > coalesce(c.finished_at, ${end})`,
    lead_updated_before_created: `SELECT 1 FROM leads WHERE updated_at < created_at OR updated_at > ${end}`,
    converted_without_customer: `SELECT 1 FROM leads l WHERE l.status = 'converted' AND NOT EXISTS (SELECT 1 FROM customers cu WHERE cu.lead_id = l.id)`,
    customer_of_unconverted_lead: `SELECT 1 FROM customers cu JOIN leads l ON l.id = cu.lead_id WHERE l.status <> 'converted'`,
    customer_named_otherwise: `SELECT 1 FROM customers cu JOIN leads l ON l.id = cu.lead_id WHERE cu.display_name <> l.full_name`,
    customer_without_contract: `SELECT 1 FROM customers cu WHERE NOT EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = cu.id)`,
    converted_outside_lead_life: `SELECT 1 FROM customers cu JOIN leads l ON l.id = cu.lead_id WHERE cu.converted_at < l.created_at OR cu.converted_at > ${end}`,
    contract_signed_before_conversion_or_today: `SELECT 1 FROM contracts k JOIN customers cu ON cu.id = k.customer_id
                                                 WHERE k.signed_on < stats_day(cu.converted_at) OR k.signed_on >= '${today}'::date`,
    contract_bad_period_or_amount: `SELECT 1 FROM contracts WHERE ends_on < starts_on OR starts_on < signed_on OR amount <= 0`,
    lost_without_reason: `SELECT 1 FROM leads WHERE (status = 'lost') <> (coalesce(btrim(lost_reason), '') <> '')`,
    no_contact: `SELECT 1 FROM leads WHERE phone IS NULL AND email IS NULL`,
    phone_not_e164_mobile: `SELECT 1 FROM leads WHERE phone !~ '^\\+79[0-9]{9}$'`,
    email_not_lower_case: `SELECT 1 FROM leads WHERE email <> lower(email) OR email !~ '^[a-z0-9._]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$'`,
    lead_not_by_operator: `SELECT 1 FROM leads l LEFT JOIN users u ON u.id = l.created_by_id WHERE u.id IS NULL OR NOT 'operator' = ANY(u.roles)`,
    customer_not_by_manager: `SELECT 1 FROM customers cu LEFT JOIN users u ON u.id = cu.converted_by_id
                              WHERE u.id IS NULL OR NOT (u.roles && ARRAY['manager', 'admin']::user_role[])`,
    // Иванов Иван Петрович / Иванова Анна Петровна: surname and patronymic agree.
    gender_disagreement: `SELECT 1 FROM leads WHERE (middle_name ~ 'ич$' AND last_name ~ '(ова|ева|ёва|ина|ая)$')
                                                 OR (middle_name ~ 'на$' AND last_name ~ '(ов|ев|ёв|ин|ий|ой)$')`,
    import_batch_count_wrong: `SELECT 1 FROM import_batches b WHERE b.created <> (SELECT count(*) FROM leads WHERE import_batch_id = b.id) OR b.rows <> b.created`,
    document_size_wrong: `SELECT 1 FROM documents WHERE size <> length(data) OR content_type <> 'application/pdf'`,
  };
  const [row] = await ds.query(`SELECT ${Object.entries(checks).map(([name, sql]) => `(SELECT count(*)::int FROM (${sql}) v) AS ${name}`).join(', ')}`);
  // The next id the app takes must be free: the loader wrote explicit ids.
  for (const t of ['services', 'campaigns', 'import_batches', 'documents', 'leads', 'customers', 'contracts']) {
    const [{ behind }] = await ds.query(
      `SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')), 0) < coalesce((SELECT max(id) FROM ${t}), 0) AS behind`,
      [t],
    );
    row[`sequence_behind_${t}`] = behind ? 1 : 0;
  }
  return row;
}

const noViolations = (v: Record<string, number>) => Object.fromEntries(Object.keys(v).map((k) => [k, 0]));

async function expectContactsNormalised(): Promise<void> {
  const rows: { phone: string | null; email: string | null }[] = await ds.query(`SELECT phone, email FROM leads`);
  const phones = rows.filter((r) => r.phone && normalizePhone(r.phone) !== r.phone).map((r) => r.phone);
  const emails = rows.filter((r) => r.email && normalizeEmail(r.email) !== r.email).map((r) => r.email);
  expect({ phones, emails }).toEqual({ phones: [], emails: [] });
}

describe('npm run demo', () => {
  let first: LoadReport;

  test('loads a company of the default size in which every rule of the services holds and the rollup equals plain SQL', async () => {
    first = await loadDemo(url, options, limits);
    const c = first.counts;
    expect(c.leads).toBe(DEMO_LEADS);
    expect(c.services).toBeGreaterThanOrEqual(8);
    expect(c.services).toBeLessThanOrEqual(12);
    expect(c.campaigns).toBeGreaterThanOrEqual(25);
    expect(c.campaigns).toBeLessThanOrEqual(35);
    expect(c.customers / c.leads).toBeGreaterThan(0.02);
    expect(c.customers / c.leads).toBeLessThan(0.15);
    expect(c.contracts).toBeGreaterThan(c.customers);
    expect(c.documents).toBeGreaterThanOrEqual(5);
    expect(c.import_batches).toBeGreaterThanOrEqual(1);

    const [shape] = await ds.query(`SELECT
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM campaigns GROUP BY status) s) AS statuses,
      (SELECT count(DISTINCT channel)::int FROM campaigns) AS channels,
      (SELECT cardinality(enum_range(NULL::campaign_channel))) AS all_channels,
      (SELECT count(DISTINCT date_trunc('month', created_at AT TIME ZONE 'Europe/Moscow'))::int FROM leads) AS lead_months,
      (SELECT min(launched_at) >= '${TODAY}'::date - 366 FROM campaigns) AS within_a_year,
      (SELECT count(*)::int FROM leads WHERE status = 'lost') AS lost,
      (SELECT count(*)::int FROM leads WHERE middle_name IS NOT NULL) AS with_patronymic,
      (SELECT count(DISTINCT split_part(email, '@', 2))::int FROM leads) AS mail_domains,
      (SELECT min(conv) FROM (SELECT count(cu.id)::float / count(*) AS conv FROM leads l LEFT JOIN customers cu ON cu.lead_id = l.id
                              GROUP BY l.campaign_id HAVING count(*) >= 100) x) AS min_conversion,
      (SELECT max(conv) FROM (SELECT count(cu.id)::float / count(*) AS conv FROM leads l LEFT JOIN customers cu ON cu.lead_id = l.id
                              GROUP BY l.campaign_id HAVING count(*) >= 100) x) AS max_conversion`);
    expect(shape.statuses.draft).toBeGreaterThanOrEqual(2);
    expect(shape.statuses.active).toBeGreaterThanOrEqual(2);
    expect(shape.statuses.finished).toBeGreaterThanOrEqual(2);
    expect(shape.channels).toBe(shape.all_channels);
    expect(shape.lead_months).toBeGreaterThanOrEqual(12);
    expect(shape.within_a_year).toBe(true);
    expect(shape.lost).toBeGreaterThan(0);
    expect(shape.with_patronymic).toBeGreaterThan(DEMO_LEADS / 2);
    expect(shape.mail_domains).toBeGreaterThanOrEqual(3);
    expect(shape.min_conversion).toBeGreaterThan(0.005);
    expect(shape.max_conversion).toBeLessThanOrEqual(0.2);

    const violations = await ruleViolations(TODAY);
    expect(violations).toEqual(noViolations(violations));
    await expectContactsNormalised();
    await expectRollupExact(ds);

    // The documents pass the same check as an upload.
    const docs: { file_name: string; data: Buffer }[] = await ds.query(`SELECT file_name, data FROM documents ORDER BY id`);
    for (const d of docs) await expect(checkDocument({ name: d.file_name, size: d.data.length, buffer: d.data }, limits)).resolves.toMatchObject({ contentType: 'application/pdf' });

    // One user per role, each able to log in with the password printed once.
    const users: { email: string; roles: string[]; password_hash: string; active: boolean }[] = await ds.query(
      `SELECT email, roles::text[] AS roles, password_hash, active FROM users ORDER BY email`,
    );
    expect(new Set(users.flatMap((u) => u.roles))).toEqual(new Set(['admin', 'operator', 'marketer', 'manager']));
    expect(first.logins.map((l) => l.email).sort()).toEqual(users.map((u) => u.email));
    for (const login of first.logins) {
      const user = users.find((u) => u.email === login.email)!;
      expect(user.active).toBe(true);
      expect(await verifyPassword(login.password, user.password_hash)).toBe(true);
    }
  });

  test('a second run without --force is refused and changes nothing', async () => {
    const before = await fingerprint();
    const usersBefore = await ds.query(`SELECT * FROM users ORDER BY id`);
    const refusal = loadDemo(url, options, limits);
    await expect(refusal).rejects.toBeInstanceOf(DemoRefused);
    await expect(refusal).rejects.toThrow(/--force/);
    expect(await fingerprint()).toEqual(before);
    expect(await ds.query(`SELECT * FROM users ORDER BY id`)).toEqual(usersBefore);
  });

  test('--force reloads the same rows for the same seed and date, resets only the demo users and logs them out', async () => {
    const other = await makeUser(ds, ['admin'], { email: 'owner@company.example' });
    const demoAdmin = first.logins.find((l) => l.roles.includes('admin'))!;
    const [{ id: demoAdminId }] = await ds.query(`SELECT id FROM users WHERE email = $1`, [demoAdmin.email]);
    await ds.query(
      `INSERT INTO session (sid, sess, expire) VALUES ('other', $1, now() + interval '1 hour'), ('demo', $2, now() + interval '1 hour')`,
      [storedSessionOf(other.id), storedSessionOf(demoAdminId)],
    );
    const before = await fingerprint();
    const otherBefore = await ds.query(`SELECT * FROM users WHERE id = $1`, [other.id]);

    const again = await loadDemo(url, { ...options, force: true }, limits);

    expect(again.removed).toMatchObject({ leads: DEMO_LEADS, services: first.counts.services, demoUsers: first.logins.length });
    expect(await fingerprint()).toEqual(before);
    expect(await ds.query(`SELECT * FROM users WHERE id = $1`, [other.id])).toEqual(otherBefore);
    expect((await ds.query(`SELECT sid FROM session ORDER BY sid`)).map((s: { sid: string }) => s.sid)).toEqual(['other']);
    const [{ password_hash }] = await ds.query(`SELECT password_hash FROM users WHERE id = $1`, [demoAdminId]);
    expect(await verifyPassword(demoAdmin.password, password_hash)).toBe(false);
    expect(await verifyPassword(again.logins.find((l) => l.email === demoAdmin.email)!.password, password_hash)).toBe(true);
    await expectRollupExact(ds);
  });

  test('another seed and size give another company that keeps every rule', async () => {
    const before = await fingerprint();
    const report = await loadDemo(url, { seed: 7, today: '2026-01-10', leads: 3000, force: true }, limits);
    expect(report.counts.leads).toBe(3000);
    const after = await fingerprint();
    expect(after.leads).not.toBe(before.leads);
    expect(after.campaigns).not.toBe(before.campaigns);
    const violations = await ruleViolations('2026-01-10');
    expect(violations).toEqual(noViolations(violations));
    await expectContactsNormalised();
    await expectRollupExact(ds);
  });

  test('a database with services but no leads is refused too, and left as it was', async () => {
    await resetDatabase(ds);
    await makeService(ds, { name: 'Своя услуга' });
    await expect(loadDemo(url, { ...options, leads: 100 }, limits)).rejects.toThrow(/services: 1/);
    expect(await ds.query(`SELECT name FROM services`)).toEqual([{ name: 'Своя услуга' }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM users`)).toEqual([{ n: 0 }]);
  });
});
