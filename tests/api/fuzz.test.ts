import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { ApiClient, isErrorBody } from './helpers.js';

/**
 * A fuzz pass over every operation in /api/v1/openapi.json: bad path ids, bad query values, bad bodies (wrong
 * types, unknown fields, huge, malformed JSON, SQL-looking text), sent as an administrator (who gets furthest
 * into the code). Not one answer may be a 5xx, and every refusal has the error body.
 */

const BAD_IDS = ['abc', '-1', '0', '1.5', '1e3', '99999999999999999999', '2147483648', "1'%20OR%20'1'%3D'1", '%00', '..%2F..%2Fetc', '%20', '0x10', '1;DROP%20TABLE%20leads'];
const BAD_VALUES: unknown[] = [
  123, -1, 1.5, 1e308, true, false, null, {}, [], [1, 2], { $gt: '' }, '', ' ', 'x'.repeat(100_000), "'; DROP TABLE leads; --", "1' OR '1'='1", '\u0000',
  '😀'.repeat(60), '1e999', 'NaN', 'Infinity', '-0.001', '2026-02-30', '0000-00-00', '9999999999999999999999', '<script>alert(1)</script>', '%', '_',
];
const BAD_QUERY_VALUES = ['abc', '-1', '0', "'%20OR%201=1--", '%25', '2026-13-45', 'x'.repeat(3000), '1e400', '%00', 'null'];
const RAW_BODIES = ['{', '{"a":', 'null', '[]', '"str"', '123', 'true', '{"__proto__":{"admin":true}}', '['.repeat(3000), '{"a":1,"a":2}', '\u0000', '{}}'];

let t: TestApp;
let admin: ApiClient;
let doc: any;
const ids: Record<string, string> = {};
const stats = { cases: 0, byStatus: {} as Record<number, number> };

beforeAll(async () => {
  t = await startTestApp();
  const u = await makeUser(t.ds, ['admin']);
  admin = await ApiClient.login(t.baseUrl, u.email, u.password);
  doc = (await admin.get('/openapi.json')).json;
  const customer = await makeCustomer(t.ds);
  const other = await makeUser(t.ds, ['operator']);
  const [token] = await t.ds.query(`INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, 't', md5('a') || md5('b'), 'crm_x') RETURNING id`, [other.id]);
  Object.assign(ids, {
    services: String((await makeService(t.ds)).id),
    campaigns: String((await makeCampaign(t.ds)).id),
    leads: (await makeLead(t.ds)).id,
    contracts: String(customer.contractId),
    customers: String(customer.id),
    users: String(other.id),
    tokens: String(token.id),
  });
});

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`fuzz: ${stats.cases} requests over ${countOperations()} operations; statuses ${JSON.stringify(stats.byStatus)}`);
  await t?.close();
});

function countOperations(): number {
  return doc ? Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0) : 0;
}

function resolve(schema: any): any {
  if (schema?.$ref) return doc.components.schemas[schema.$ref.split('/').pop()];
  return schema;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const started = Date.now();
  // Every other request asks for English: no Russian may be left in its error (the message map is complete).
  const english = stats.cases % 2 === 0;
  const r = await admin.call(method, path, body, english ? { 'accept-language': 'en-US,en;q=0.9', ...headers } : headers);
  if (process.env.FUZZ_SLOW && Date.now() - started > 150) console.log('slow', Date.now() - started, method, path, typeof body === 'string' ? body.slice(0, 40) : JSON.stringify(body)?.slice(0, 80));
  stats.cases++;
  stats.byStatus[r.status] = (stats.byStatus[r.status] ?? 0) + 1;
  if (r.status >= 500) throw new Error(`${method} ${path} ${typeof body === 'string' ? body.slice(0, 80) : JSON.stringify(body)?.slice(0, 120)} → ${r.status} ${r.text.slice(0, 300)}`);
  if (r.status >= 400 && !(r.headers.get('content-type') ?? '').includes('json')) throw new Error(`${method} ${path} → ${r.status} without JSON`);
  if (r.status >= 400 && !isErrorBody(r.json)) throw new Error(`${method} ${path} → ${r.status} without the error body: ${r.text.slice(0, 200)}`);
  if (english && r.status >= 400 && /[А-Яа-яЁё]/.test(JSON.stringify(r.json.error))) throw new Error(`untranslated: ${JSON.stringify(r.json.error)}`);
  return r;
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

const withId = (path: string, id?: string) => path.replace('{id}', id ?? ids[path.split('/')[1]]);

jest.setTimeout(240_000);

describe('fuzz: no 5xx for bad input', () => {
  it('bad path ids', async () => {
    for (const { path, method } of operations()) {
      if (!path.includes('{id}') || path.startsWith('/auth')) continue;
      for (const bad of BAD_IDS) {
        const r = await send(method, withId(path, bad), method === 'GET' || method === 'DELETE' ? undefined : { name: 'x' });
        expect([400, 404, 405, 422]).toContain(r.status);
      }
    }
  });

  it('bad query parameters', async () => {
    for (const { path, method, op } of operations()) {
      if (method !== 'GET') continue;
      const target = withId(path);
      await send(method, `${target}?unknownParam=1`);
      for (const p of (op.parameters ?? []).filter((x: any) => x.in === 'query')) {
        await Promise.all(BAD_QUERY_VALUES.map((v) => send(method, `${target}?${p.name}=${v}`)));
        await send(method, `${target}?${p.name}=1&${p.name}=2`);
        await send(method, `${target}?${p.name}[a]=1`);
      }
      if ((op.parameters ?? []).some((x: any) => x.name === 'cursor')) {
        for (const forged of [{ s: '-id', v: 'abc', id: '1' }, { s: 'createdAt', v: 'not-a-date', id: '1' }, { s: '-id', v: null, id: '99999999999999999' }, { s: 'name', v: "' OR 1=1 --", id: '1' }, { s: 'amount', v: '1e999', id: '1' }, 'garbage']) {
          const c = Buffer.from(JSON.stringify(forged)).toString('base64url');
          for (const sort of ['-id', 'createdAt', 'name', 'amount', 'signedOn', 'email', 'price', 'budget', 'lastName', 'convertedAt']) {
            if (!op.parameters.find((x: any) => x.name === 'sort')?.schema?.enum?.includes(sort)) continue;
            await send(method, `${target}?sort=${sort}&cursor=${c}`);
          }
        }
      }
    }
  });

  it('bad bodies', async () => {
    for (const { path, method, op } of operations()) {
      const json = op.requestBody?.content?.['application/json'];
      if (!json || path === '/auth/login') continue;
      const target = withId(path);
      const schema = resolve(json.schema);
      for (const raw of RAW_BODIES) await send(method, target, raw);
      await send(method, target, { ...Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, 'x'])), unexpected: 1 });
      await send(method, target, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      await send(method, target, '{"name":"x"}', { 'content-type': 'text/plain' });
      await send(method, target, '{"name":"x"}', { 'content-type': 'application/json; charset=koi8-r' });
      await send(method, target, '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n', { 'content-type': 'multipart/form-data; boundary=x' });
      await send(method, target, '--broken', { 'content-type': 'multipart/form-data' });
      const huge = await send(method, target, JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
      for (const prop of Object.keys(schema.properties ?? {})) {
        await Promise.all(BAD_VALUES.map((v) => send(method, target, { [prop]: v })));
      }
    }
  });

  it('login with bad bodies', async () => {
    const anon = new ApiClient(t.baseUrl);
    for (const raw of RAW_BODIES) {
      const r = await anon.call('POST', '/auth/login', raw);
      stats.cases++;
      expect(r.status).toBeLessThan(500);
    }
    for (const v of BAD_VALUES.slice(0, 12)) {
      const r = await anon.post('/auth/login', { email: v, password: v });
      stats.cases++;
      expect(r.status).toBeLessThan(500);
      expect(isErrorBody(r.json)).toBe(true);
    }
  });

  it('a broken or foreign Authorization header is 401, never a fallback to the cookie', async () => {
    for (const h of ['Bearer', 'Bearer ', 'Bearer crm_x', `Bearer crm_${'a'.repeat(500)}`, 'Basic YWRtaW46eA==', 'Bearer \u00ff', "Bearer ' OR 1=1 --"]) {
      const r = await admin.get('/services', { authorization: h });
      stats.cases++;
      expect(r.status).toBe(401);
      expect(isErrorBody(r.json)).toBe(true);
    }
  });
});
