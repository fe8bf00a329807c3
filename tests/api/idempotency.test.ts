import { startTestApp, type TestApp } from '../support/app.js';
import { makeLead, makeUser } from '../support/factories.js';
import { ApiClient, isErrorBody, PDF } from './helpers.js';

/**
 * A client that retries a POST (its connection dropped, the server answered 503) with the same Idempotency-Key
 * gets the first answer again instead of a second action; the key belongs to its user and lasts a day.
 */

let t: TestApp;
let admin: ApiClient;
let manager: ApiClient;
let seq = 0;
const newKey = () => `key-${Date.now()}-${++seq}`;

beforeAll(async () => {
  t = await startTestApp();
  const a = await makeUser(t.ds, ['admin']);
  admin = await ApiClient.login(t.baseUrl, a.email, a.password);
  const m = await makeUser(t.ds, ['manager']);
  manager = await ApiClient.login(t.baseUrl, m.email, m.password);
});
afterAll(async () => {
  await t?.close();
});

const servicesNamed = async (name: string): Promise<number> =>
  (await t.ds.query(`SELECT count(*)::int AS n FROM services WHERE name = $1`, [name]))[0].n;

describe('Idempotency-Key on POST', () => {
  it('a repeated create answers the first answer again and creates one service', async () => {
    const key = newKey();
    const body = { name: `Идемпотентная ${key}`, price: '100' };
    const first = await admin.post('/services', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await admin.post('/services', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await servicesNamed(body.name)).toBe(1);
    // Without a key a repeat acts again (here: refused as a duplicate name), as before.
    expect((await admin.post('/services', body)).status).toBe(409);
  });

  it('the same key with a different request is refused with 422 and acts on nothing', async () => {
    const key = newKey();
    expect((await admin.post('/services', { name: `Первая ${key}`, price: '1' }, { 'idempotency-key': key })).status).toBe(201);
    const other = await admin.post('/services', { name: `Вторая ${key}`, price: '1' }, { 'idempotency-key': key, 'accept-language': 'en' });
    expect(other.status).toBe(422);
    expect(isErrorBody(other.json)).toBe(true);
    expect(other.json.error.code).toBe('idempotency_key_reused');
    expect(other.json.error.message).toBe('This Idempotency-Key was already used for a different request');
    expect(await servicesNamed(`Вторая ${key}`)).toBe(0);
    // Another endpoint is a different request too.
    const lead = await makeLead(t.ds);
    expect((await admin.post(`/leads/${lead.id}/lost`, { reason: 'Дорого' }, { 'idempotency-key': key })).json.error.code).toBe('idempotency_key_reused');
  });

  it('parallel requests with one key create one service; the others are told it is in progress or get its answer', async () => {
    const key = newKey();
    const body = { name: `Параллельная ${key}`, price: '5' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => admin.post('/services', body, { 'idempotency-key': key })));
    expect(await servicesNamed(body.name)).toBe(1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.json.error.code).toBe('idempotency_in_progress');
    }
    // Once the first has answered, a retry gets its answer.
    const retry = await admin.post('/services', body, { 'idempotency-key': key });
    expect([retry.status, retry.text]).toEqual([201, created[0].text]);
  });

  it('a repeated conversion answers the same 201, not "already converted"', async () => {
    const lead = await makeLead(t.ds);
    const key = newKey();
    const body = { name: 'Договор', startsOn: '2026-03-01', endsOn: '2026-12-31' };
    const first = await manager.post(`/leads/${lead.id}/convert`, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await manager.post(`/leads/${lead.id}/convert`, body, { 'idempotency-key': key });
    expect([again.status, again.json]).toEqual([201, first.json]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM contracts WHERE customer_id = $1`, [first.json.customer.id]);
    expect(n).toBe(1);
    // A new key is a new attempt: the lead is converted already.
    expect((await manager.post(`/leads/${lead.id}/convert`, body, { 'idempotency-key': newKey() })).status).toBe(409);
  });

  it('a repeated conversion with a document (multipart) is one conversion; another file under the same key is 422', async () => {
    const lead = await makeLead(t.ds);
    const key = newKey();
    const form = (content: Buffer) => {
      const f = new FormData();
      f.set('name', 'С документом');
      f.set('startsOn', '2026-01-01');
      f.set('endsOn', '2026-12-31');
      f.set('document', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), 'Договор.pdf');
      return f;
    };
    const first = await manager.call('POST', `/leads/${lead.id}/convert`, form(PDF), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await manager.call('POST', `/leads/${lead.id}/convert`, form(PDF), { 'idempotency-key': key });
    expect([again.status, again.json]).toEqual([201, first.json]);
    const other = await manager.call('POST', `/leads/${lead.id}/convert`, form(Buffer.concat([PDF, Buffer.from('\n')])), { 'idempotency-key': key });
    expect(other.json.error.code).toBe('idempotency_key_reused');
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM customers WHERE lead_id = $1`, [lead.id]);
    expect(n).toBe(1);
  });

  it('a refusal is answered again too (in the language of the retry); a key is its user\'s own', async () => {
    const lead = await makeLead(t.ds, { status: 'lost' });
    const lostKey = newKey();
    const refused = await admin.post(`/leads/${lead.id}/lost`, { reason: 'x' }, { 'idempotency-key': lostKey });
    expect(refused.status).toBe(409);
    const replayed = await admin.post(`/leads/${lead.id}/lost`, { reason: 'x' }, { 'idempotency-key': lostKey, 'accept-language': 'en' });
    expect(replayed.status).toBe(409);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.json.error).toEqual({ ...refused.json.error, message: 'The lead is already marked lost' });

    // Another user's request under the same key is that user's own first request.
    const other = await makeUser(t.ds, ['admin']);
    const otherAdmin = await ApiClient.login(t.baseUrl, other.email, other.password);
    const shared = newKey();
    expect((await admin.post('/services', { name: `Первый ${shared}`, price: '1' }, { 'idempotency-key': shared })).status).toBe(201);
    const mine = await otherAdmin.post('/services', { name: `Второй ${shared}`, price: '1' }, { 'idempotency-key': shared });
    expect(mine.status).toBe(201);
    expect(mine.headers.get('idempotent-replayed')).toBeNull();
    expect(await servicesNamed(`Второй ${shared}`)).toBe(1);
  });

  it('a key older than a day is free again; keys outside 1–255 printable ASCII are 400', async () => {
    const key = newKey();
    const body = { name: `Вчерашняя ${key}`, price: '1' };
    const first = await admin.post('/services', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    await t.ds.query(`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = $1`, [key]);
    const later = await admin.post('/services', body, { 'idempotency-key': key });
    expect(later.status).toBe(409); // it acted again: the name is taken by the first
    expect(later.headers.get('idempotent-replayed')).toBeNull();

    for (const bad of ['', 'x'.repeat(256), 'tab\there']) {
      const r = await admin.post('/services', { name: `Плохой ключ ${key}`, price: '1' }, { 'idempotency-key': bad });
      expect([JSON.stringify(bad).slice(0, 20), r.status, r.json?.error?.code]).toEqual([JSON.stringify(bad).slice(0, 20), 400, 'bad_request']);
    }
    expect(await servicesNamed(`Плохой ключ ${key}`)).toBe(0);
    // The draft's structured-field form ("…") names the same key as the bare one.
    const quoted = newKey();
    const a = await admin.post('/services', { name: `Кавычки ${quoted}`, price: '1' }, { 'idempotency-key': `"${quoted}"` });
    const b = await admin.post('/services', { name: `Кавычки ${quoted}`, price: '1' }, { 'idempotency-key': quoted });
    expect([a.status, b.status, b.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
  });

  it('is documented as a header of the POST operations that take it', async () => {
    const doc = (await new ApiClient(t.baseUrl).get('/openapi.json')).json;
    const header = (op: any) => (op.parameters ?? []).find((p: any) => p.in === 'header' && p.name === 'Idempotency-Key');
    expect(header(doc.paths['/services'].post)).toMatchObject({ required: false, schema: { maxLength: 255 } });
    expect(header(doc.paths['/leads/{id}/convert'].post)).toBeDefined();
    expect(doc.paths['/services'].post.responses['409']).toBeDefined();
    expect(header(doc.paths['/services'].get)).toBeUndefined();
    expect(header(doc.paths['/auth/login'].post)).toBeUndefined();
  });
});
