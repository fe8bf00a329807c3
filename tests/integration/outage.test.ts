import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { ApiClient, isErrorBody } from '../api/helpers.js';
import { workerSuffix } from '../support/worker-env.mjs';

/** A login role of this worker's own (roles are shared by the whole server). */
const ROLE = `crm_outage${workerSuffix()}`;

/**
 * The database goes away under a running app (its connections dropped, new ones refused) and comes back: meanwhile
 * every door answers 503 with Retry-After, in the usual error shape, instead of 500; afterwards the same requests
 * work again without a restart. The app reaches the shared test server through a relay that the test cuts.
 */

let proxy: TcpProxy;
let t: TestApp;
let session: ApiClient;
let token: ApiClient;
let panel: Client;

beforeAll(async () => {
  proxy = await startTcpProxy(process.env.TEST_DATABASE_URL!);
  t = await startTestApp({ DATABASE_URL: proxy.url });
  const admin = await makeUser(t.ds, ['admin']);
  session = await ApiClient.login(t.baseUrl, admin.email, admin.password);
  const issued = await session.post(`/users/${admin.id}/tokens`, { name: 'outage' });
  token = new ApiClient(t.baseUrl, issued.json.secret);
  panel = new Client(t.baseUrl);
  expect((await panel.login(admin.email, admin.password)).status).toBe(302);
});
afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await t?.close();
  await proxy?.close();
});

const LIST = '/resources/services/actions/list';

/** The same requests before, during and after the outage: API by session and by token, the panel page and its API. */
async function everyDoor() {
  const html = await panel.request('GET', '/admin', undefined, { accept: 'text/html' });
  return {
    apiSession: await session.get('/services', { 'accept-language': 'en' }),
    apiToken: await token.get('/services'),
    apiTokenWrite: await token.post('/services', { name: `Во время сбоя ${Date.now()}`, price: '1' }),
    panelPage: { status: html.status, headers: html.headers, text: await html.text() },
    panelApi: await panel.action('GET', LIST),
    panelLogin: await new Client(t.baseUrl).login('someone@example.com', 'whatever-password'),
  };
}

describe('a database outage', () => {
  it('answers 503 with Retry-After while the database is unreachable, and works again when it is back', async () => {
    const before = await everyDoor();
    expect([before.apiSession.status, before.apiToken.status, before.apiTokenWrite.status, before.panelPage.status, before.panelApi.status]).toEqual([200, 200, 201, 200, 200]);

    await proxy.cut();
    const during = await everyDoor();
    for (const [door, r] of Object.entries({ apiSession: during.apiSession, apiToken: during.apiToken, apiTokenWrite: during.apiTokenWrite })) {
      expect([door, r.status, r.headers.get('retry-after')]).toEqual([door, 503, '5']);
      expect(isErrorBody(r.json)).toBe(true);
      expect(r.json.error.code).toBe('unavailable');
    }
    expect(during.apiSession.json.error.message).toBe('The service is temporarily unavailable. Please retry later');
    expect(during.apiToken.json.error.message).toBe('Сервис временно недоступен. Повторите запрос позже');
    expect([during.panelPage.status, during.panelPage.headers.get('retry-after')]).toEqual([503, '5']);
    expect(during.panelPage.text).toContain('Сервис временно недоступен');
    expect([during.panelApi.status, during.panelApi.json.error?.code]).toEqual([503, 'unavailable']);
    expect([during.panelLogin.status, during.panelLogin.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);

    await proxy.restore();
    const after = await everyDoor();
    expect([after.apiSession.status, after.apiToken.status, after.apiTokenWrite.status, after.panelPage.status, after.panelApi.status]).toEqual([200, 200, 201, 200, 200]);
    expect(after.panelLogin.status).toBe(401); // the login form again, with its "wrong e-mail or password"
  });

  it('a create refused by the outage, retried with its Idempotency-Key afterwards, is done once', async () => {
    const name = `Повтор после сбоя ${Date.now()}`;
    const key = `outage-${Date.now()}`;
    const send = () => token.post('/services', { name, price: '10' }, { 'idempotency-key': key });
    await proxy.cut();
    const refused = await send();
    expect([refused.status, refused.json.error.code]).toEqual([503, 'unavailable']);
    await proxy.restore();
    const retried = await send();
    expect(retried.status).toBe(201);
    const again = await send();
    expect([again.status, again.json, again.headers.get('idempotent-replayed')]).toEqual([201, retried.json, 'true']);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM services WHERE name = $1`, [name]);
    expect(n).toBe(1);
  });

  it('a server out of connection slots (too many connections) is 503 too, until slots are free again', async () => {
    // A role of its own whose connection limit the test sets: the server itself refuses with SQLSTATE 53300.
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    let limited: TestApp | undefined;
    try {
      await admin.query(`DO $$ BEGIN CREATE ROLE ${ROLE} LOGIN PASSWORD 'outage-pass'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT -1`);
      await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${ROLE}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${ROLE}`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.username = ROLE;
      url.password = 'outage-pass';
      limited = await startTestApp({ DATABASE_URL: url.toString() }, { reset: false });
      const client = new ApiClient(limited.baseUrl, token.token);
      expect((await client.get('/services')).status).toBe(200);

      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT 0`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${ROLE}'`);
      // pg_terminate_backend only signals: on a busy machine a connection may still serve one more query. Wait until
      // the server has none left for the role, so the next request must open a new one and be refused.
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [ROLE]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const refused = await client.get('/services');
      expect([refused.status, refused.headers.get('retry-after'), refused.json.error.code]).toEqual([503, '5', 'unavailable']);

      await admin.query(`ALTER ROLE ${ROLE} CONNECTION LIMIT -1`);
      expect((await client.get('/services')).status).toBe(200);
    } finally {
      await limited?.close();
      await admin.query(`DROP OWNED BY ${ROLE}`);
      await admin.query(`DROP ROLE ${ROLE}`);
      await admin.end();
    }
  });
});
