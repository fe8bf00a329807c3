/**
 * Logging in and out of the panel, the login rate limit, and what a session is worth: a new id at login,
 * stored in PostgreSQL (survives a restart), ended by logout and by deactivation, roles re-read on every
 * request, cross-site writes refused, cookie flags.
 */
import { SESSION_USER_ID_SQL } from '../../src/modules/users/sessions.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

// Every request of this file comes from 127.0.0.1: forget earlier failures so each test starts unlimited.
beforeEach(async () => {
  await t.ds.query(`DELETE FROM login_attempts`);
});

/** Stops the app and starts a new one on the same database (nothing emptied): a process restart. */
async function restart(env: Record<string, string> = {}): Promise<void> {
  await t.close();
  t = await startTestApp(env, { reset: false });
}

const LIST = '/admin/api/resources/services/actions/list';
const MAX = () => t.config.LOGIN_MAX_ATTEMPTS;

/** A request carrying exactly the given session cookie value (what a replaying attacker would send). */
function withCookie(sid: string | undefined, path: string, init: RequestInit = {}) {
  return fetch(t.baseUrl + path, {
    redirect: 'manual',
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...(sid ? { cookie: `crm.sid=${sid}` } : {}) },
  });
}

/** The store's session id inside the signed cookie value `s:<id>.<signature>`. */
const storeId = (cookie: string) => /^s:([^.]+)\./.exec(decodeURIComponent(cookie))![1];

const sessionsOf = async (userId: number) =>
  (await t.ds.query(`SELECT count(*)::int AS n FROM session WHERE ${SESSION_USER_ID_SQL} = $1`, [userId]))[0].n as number;

const loginPage = (html: string) => {
  expect(html).toContain('<!DOCTYPE html>');
  expect(html).toContain('__APP_STATE__');
  expect(html).toContain('/admin/login');
};

describe('login form', () => {
  it('the right password redirects to the panel, which then loads', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    const res = await c.login(user.email, user.password);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin');
    expect(c.sessionId()).toBeDefined();

    const page = await c.get('/admin');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<!DOCTYPE html>');
    expect((await c.get(LIST)).status).toBe(200);
    expect(await sessionsOf(user.id)).toBe(1);
  });

  it('the e-mail is matched regardless of case and surrounding spaces', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    expect((await c.login(`  ${user.email.toUpperCase()} `, user.password)).status).toBe(302);
    expect((await c.get(LIST)).status).toBe(200);
  });

  it('a wrong password, an unknown user and an inactive user all get the same 401 login page and no session', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const inactive = await makeUser(t.ds, ['admin'], { active: false });

    const answers: string[] = [];
    for (const [email, password] of [
      [user.email, 'wrong-password-1'],
      ['nobody@example.com', user.password],
      [inactive.email, inactive.password],
    ]) {
      const c = new Client(t.baseUrl);
      const res = await c.login(email, password);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      loginPage(html);
      expect(html).toContain('invalidCredentials');
      answers.push(html);

      expect(c.sessionId()).toBeUndefined();
      const api = await c.get(LIST);
      expect(api.status).toBe(401);
      const panel = await c.get('/admin');
      expect(panel.status).toBe(302);
      expect(panel.headers.get('location')).toBe('/admin/login');
    }
    // Nothing to learn about which accounts exist or are switched off.
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await sessionsOf(inactive.id)).toBe(0);
  });

  it('an unknown e-mail takes about as long as a wrong password for a known one (no enumeration by timing)', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const timed = async (email: string) => {
      const started = performance.now();
      expect((await new Client(t.baseUrl).login(email, 'wrong-password-x')).status).toBe(401);
      return performance.now() - started;
    };
    // Two of each (under the limit of failures per address); the faster of each pair, to damp noise.
    const known = Math.min(await timed(user.email), await timed(user.email));
    const unknown = Math.min(await timed('ghost-1@example.com'), await timed('ghost-2@example.com'));
    // Same order of magnitude: the fake hash must cost what the configured BCRYPT_ROUNDS costs.
    expect(unknown).toBeLessThan(known * 3 + 50);
  });

  it('OPTIONS on the login page answers 204 with the allowed methods; other methods 405; neither redirects', async () => {
    for (const [method, status] of [['OPTIONS', 204], ['PUT', 405], ['DELETE', 405]] as const) {
      const res = await fetch(`${t.baseUrl}/admin/login`, { method, redirect: 'manual' });
      expect([method, res.status, res.headers.get('allow'), res.headers.get('location')]).toEqual([method, status, 'GET, HEAD, POST', null]);
    }
  });

  it('a missing or empty password is refused with 401, never a 500', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    expect((await c.request('POST', '/admin/login', new URLSearchParams({ email: user.email }))).status).toBe(401);
    expect((await c.request('POST', '/admin/login', new URLSearchParams({ email: user.email, password: '' }))).status).toBe(401);
    expect((await c.request('POST', '/admin/login', new URLSearchParams({}))).status).toBe(401);
    expect((await c.get(LIST)).status).toBe(401);
  });
});

describe('login rate limit', () => {
  it(`after LOGIN_MAX_ATTEMPTS failures answers 429, refusing even the right password, until the window passes`, async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    for (let i = 0; i < MAX(); i++) {
      expect((await c.login(user.email, `wrong-${i}`)).status).toBe(401);
    }
    const limited = await c.login(user.email, user.password);
    expect(limited.status).toBe(429);
    const html = await limited.text();
    loginPage(html);
    expect(html).toContain('tooManyRequests');
    expect(c.sessionId()).toBeUndefined();
    expect((await c.get(LIST)).status).toBe(401);
    expect(await sessionsOf(user.id)).toBe(0);

    // The limit lives in PostgreSQL: a restarted process still enforces it.
    await restart();
    expect((await new Client(t.baseUrl).login(user.email, user.password)).status).toBe(429);

    // Once the failures are older than the window, the right password works again.
    await t.ds.query(`UPDATE login_attempts SET attempted_at = now() - make_interval(mins => $1 + 1)`, [t.config.LOGIN_WINDOW_MINUTES]);
    const again = new Client(t.baseUrl);
    expect((await again.login(user.email, user.password)).status).toBe(302);
    expect((await again.get(LIST)).status).toBe(200);
  });

  /** Fires `n` logins at once through the API and tallies the answers by status. */
  async function burst(n: number, body: (i: number) => { email: string; password: string }): Promise<Record<number, number>> {
    const statuses = await Promise.all(Array.from({ length: n }, (_, i) => new Client(t.baseUrl).request('POST', '/api/v1/auth/login', body(i)).then((r) => r.status)));
    const tally: Record<number, number> = {};
    for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
    return tally;
  }

  it('a parallel burst of wrong passwords for one account gets at most LOGIN_MAX_ATTEMPTS password checks, the rest 429', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const tally = await burst(25, (i) => ({ email: user.email, password: `wrong-${i}` }));
    expect(tally).toEqual({ 401: MAX(), 429: 25 - MAX() });
    expect((await new Client(t.baseUrl).request('POST', '/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(429);
  });

  it('a parallel burst over many e-mails from one address gets at most LOGIN_MAX_ATTEMPTS_PER_IP password checks', async () => {
    const tally = await burst(40, (i) => ({ email: `burst-${i}@example.com`, password: 'password123' }));
    expect(tally).toEqual({ 401: t.config.LOGIN_MAX_ATTEMPTS_PER_IP, 429: 40 - t.config.LOGIN_MAX_ATTEMPTS_PER_IP });
  });

  it('the right password logs in after failures below the limit, and its own attempt does not count against the address', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const tally = await burst(MAX() - 1, (i) => ({ email: user.email, password: `wrong-${i}` }));
    expect(tally).toEqual({ 401: MAX() - 1 });
    const c = new Client(t.baseUrl);
    expect((await c.request('POST', '/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    // MAX-1 failures of the address remain; the success left none: exactly one more failure is checked.
    const other = await makeUser(t.ds, ['operator']);
    expect((await new Client(t.baseUrl).request('POST', '/api/v1/auth/login', { email: other.email, password: 'wrong' })).status).toBe(401);
    expect((await new Client(t.baseUrl).request('POST', '/api/v1/auth/login', { email: other.email, password: other.password })).status).toBe(429);
  });

  it('counts per client address: failures spread over many accounts block the address for every account', async () => {
    const victim = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    // One failure per e-mail: no single account comes near its limit, the address reaches it.
    for (let i = 0; i < MAX(); i++) {
      expect((await c.login(`guess-${i}@example.com`, 'password123')).status).toBe(401);
    }
    expect((await c.login(victim.email, victim.password)).status).toBe(429);
    expect((await c.get(LIST)).status).toBe(401);
  });

  it('a successful login does not wipe the address counter, and a forged X-Forwarded-For does not escape it (no proxy trusted)', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const other = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    for (let i = 0; i < MAX() - 1; i++) expect((await c.login(user.email, `wrong-${i}`)).status).toBe(401);
    expect((await new Client(t.baseUrl).login(user.email, user.password)).status).toBe(302);
    // The account's failures were forgiven by the success, the address's were not: one more failure blocks it.
    expect((await c.login(other.email, 'wrong-again')).status).toBe(401);
    expect((await new Client(t.baseUrl).login(other.email, other.password)).status).toBe(429);
    // TRUST_PROXY is off: the header is the client's word and must not give a fresh address.
    const forged = await new Client(t.baseUrl).request('POST', '/admin/login', new URLSearchParams({ email: other.email, password: other.password }), {
      'x-forwarded-for': '203.0.113.77',
    });
    expect(forged.status).toBe(429);
  });

  it('behind a trusted proxy counts per account across addresses and per address across accounts', async () => {
    await restart({ TRUST_PROXY: 'true' });
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const login = (email: string, password: string, ip: string) =>
        new Client(t.baseUrl).request('POST', '/admin/login', new URLSearchParams({ email, password }), from(ip));

      // Per account: failures from MAX different addresses lock the account, even from a fresh address...
      const target = await makeUser(t.ds, ['operator']);
      for (let i = 0; i < MAX(); i++) expect((await login(target.email, `wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
      expect((await login(target.email, target.password, '198.51.100.200')).status).toBe(429);
      // ...while another account logs in from that fresh address.
      const bystander = await makeUser(t.ds, ['operator']);
      expect((await login(bystander.email, bystander.password, '198.51.100.200')).status).toBe(302);

      // Per address: failures over many accounts block that address, not the others.
      const user = await makeUser(t.ds, ['operator']);
      for (let i = 0; i < MAX(); i++) expect((await login(`spray-${i}@example.com`, 'password123', '192.0.2.9')).status).toBe(401);
      expect((await login(user.email, user.password, '192.0.2.9')).status).toBe(429);
      expect((await login(user.email, user.password, '192.0.2.10')).status).toBe(302);
    } finally {
      await restart();
    }
  });
});

describe('session', () => {
  it('gets a new id at login (no session fixation); the pre-login id is dead', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    // A visit to a protected page stores where to return to, which creates a session before login.
    const visit = await c.get('/admin/resources/services');
    expect(visit.status).toBe(302);
    expect(visit.headers.get('location')).toBe('/admin/login');
    const before = c.sessionId();
    expect(before).toBeDefined();
    expect(await count(t.ds, `session WHERE sid = '${storeId(before!)}'`)).toBe(1);

    const res = await c.login(user.email, user.password);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/resources/services');
    const after = c.sessionId();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(storeId(after!)).not.toBe(storeId(before!));

    // The old id is gone from the store and carries no login.
    expect(await count(t.ds, `session WHERE sid = '${storeId(before!)}'`)).toBe(0);
    expect((await withCookie(before, LIST)).status).toBe(401);
    expect((await withCookie(after, LIST)).status).toBe(200);
  });

  it('an id planted by an attacker before login is not the one that gets logged in', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const attacker = new Client(t.baseUrl);
    await attacker.get('/admin');
    const planted = attacker.sessionId()!;
    expect(planted).toBeDefined();

    // The victim logs in carrying the attacker's cookie.
    const res = await withCookie(planted, '/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ email: user.email, password: user.password }),
    });
    expect(res.status).toBe(302);
    const issued = res.headers.getSetCookie().find((h) => h.startsWith('crm.sid='));
    expect(issued).toBeDefined();
    expect(issued!.split(';')[0].slice('crm.sid='.length)).not.toBe(planted);
    expect((await attacker.get(LIST)).status).toBe(401);
  });

  it('is kept in PostgreSQL: it survives an app restart', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    expect((await c.login(user.email, user.password)).status).toBe(302);
    const sid = c.sessionId();
    expect((await c.get(LIST)).status).toBe(200);

    await restart();

    expect((await withCookie(sid, LIST)).status).toBe(200);
    const page = await withCookie(sid, '/admin');
    expect(page.status).toBe(200);
  });

  it('logout ends it: the old cookie no longer works, even replayed', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    expect((await c.login(user.email, user.password)).status).toBe(302);
    const sid = c.sessionId();
    expect((await c.get(LIST)).status).toBe(200);

    const out = await c.post('/admin/logout', new URLSearchParams(), { origin: t.baseUrl });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login');
    expect(await sessionsOf(user.id)).toBe(0);

    expect((await c.get(LIST)).status).toBe(401);
    expect((await withCookie(sid, LIST)).status).toBe(401);
    const page = await withCookie(sid, '/admin');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login');
  });

  it('a GET of the logout address (a link or an image on any site) does not log out; a POST from another site is refused', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    expect((await c.login(user.email, user.password)).status).toBe(302);

    const link = await c.request('GET', '/admin/logout', undefined, { 'sec-fetch-site': 'cross-site', referer: 'http://evil.example/' });
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe('/admin');
    const form = await c.post('/admin/logout', new URLSearchParams(), { origin: 'http://evil.example' });
    expect(form.status).toBe(403);

    expect(await sessionsOf(user.id)).toBe(1);
    expect((await c.get(LIST)).status).toBe(200);
  });

  it('an administrator resetting a password logs that user out everywhere; resetting their own keeps only the session they use', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const user = await makeUser(t.ds, ['operator']);
    const a = new Client(t.baseUrl);
    const aElsewhere = new Client(t.baseUrl);
    const u = new Client(t.baseUrl);
    expect((await a.login(admin.email, admin.password)).status).toBe(302);
    expect((await aElsewhere.login(admin.email, admin.password)).status).toBe(302);
    expect((await u.login(user.email, user.password)).status).toBe(302);
    expect((await u.get(LIST)).status).toBe(200);

    const reset = await a.action('POST', `/resources/users/records/${user.id}/edit`, { password: 'a-new-password-1' });
    expect(reset.json.notice?.type).toBe('success');
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await u.get(LIST)).status).toBe(401);
    expect((await new Client(t.baseUrl).login(user.email, 'a-new-password-1')).status).toBe(302);

    const own = await a.action('POST', `/resources/users/records/${admin.id}/edit`, { password: 'another-password-2' });
    expect(own.json.notice?.type).toBe('success');
    expect((await a.get(LIST)).status).toBe(200);
    expect((await aElsewhere.get(LIST)).status).toBe(401);
    expect(await sessionsOf(admin.id)).toBe(1);
  });

  it('a password changed through the API ends the other sessions too, sparing the caller\'s own', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const user = await makeUser(t.ds, ['manager']);
    const a = new Client(t.baseUrl);
    const aElsewhere = new Client(t.baseUrl);
    const u = new Client(t.baseUrl);
    for (const [c, who] of [[a, admin], [aElsewhere, admin], [u, user]] as const) expect((await c.login(who.email, who.password)).status).toBe(302);

    expect((await a.request('PATCH', `/api/v1/users/${user.id}`, { password: 'api-new-password-1' })).status).toBe(200);
    expect((await u.get(LIST)).status).toBe(401);
    expect((await a.request('PATCH', `/api/v1/users/${admin.id}`, { password: 'api-new-password-2' })).status).toBe(200);
    expect((await a.get(LIST)).status).toBe(200);
    expect((await aElsewhere.get(LIST)).status).toBe(401);
  });

  it('an administrator deactivating a user logs that user out at once, everywhere', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const user = await makeUser(t.ds, ['operator']);
    const a = new Client(t.baseUrl);
    const u1 = new Client(t.baseUrl);
    const u2 = new Client(t.baseUrl);
    expect((await a.login(admin.email, admin.password)).status).toBe(302);
    expect((await u1.login(user.email, user.password)).status).toBe(302);
    expect((await u2.login(user.email, user.password)).status).toBe(302);
    expect((await u1.get(LIST)).status).toBe(200);
    expect(await sessionsOf(user.id)).toBe(2);

    const { status, json } = await a.action('POST', `/resources/users/records/${user.id}/edit`, { active: 'false' });
    expect(status).toBe(200);
    expect(json.notice?.type).toBe('success');
    expect((await t.ds.query(`SELECT active FROM users WHERE id = $1`, [user.id]))[0].active).toBe(false);

    expect(await sessionsOf(user.id)).toBe(0);
    expect((await u1.get(LIST)).status).toBe(401);
    expect((await u2.get(LIST)).status).toBe(401);
    expect((await new Client(t.baseUrl).login(user.email, user.password)).status).toBe(401);
    // The administrator is untouched.
    expect((await a.get(LIST)).status).toBe(200);
  });

  it('an administrator deleting users (a bulk selection) logs each of them out, and nobody else', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const [gone1, gone2, stays] = [await makeUser(t.ds, ['operator']), await makeUser(t.ds, ['manager']), await makeUser(t.ds, ['marketer'])];
    const a = new Client(t.baseUrl);
    const clients = [new Client(t.baseUrl), new Client(t.baseUrl), new Client(t.baseUrl)];
    expect((await a.login(admin.email, admin.password)).status).toBe(302);
    for (const [i, u] of [gone1, gone2, stays].entries()) expect((await clients[i].login(u.email, u.password)).status).toBe(302);

    const { status, json } = await a.action('POST', `/resources/users/bulk/bulkDelete?recordIds=${gone1.id},${gone2.id}`);
    expect(status).toBe(200);
    expect(json.notice?.type).toBe('success');

    expect(await sessionsOf(gone1.id)).toBe(0);
    expect(await sessionsOf(gone2.id)).toBe(0);
    expect((await clients[0].get(LIST)).status).toBe(401);
    expect((await clients[1].get(LIST)).status).toBe(401);
    expect(await sessionsOf(stays.id)).toBe(1);
    expect((await clients[2].get(LIST)).status).toBe(200);
    expect((await a.get(LIST)).status).toBe(200);
  });

  it('a session whose user was switched off directly in the database is refused on its next request', async () => {
    const user = await makeUser(t.ds, ['operator']);
    const c = new Client(t.baseUrl);
    expect((await c.login(user.email, user.password)).status).toBe(302);
    await t.ds.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
    expect((await c.get(LIST)).status).toBe(401);
  });

  it('a role change applies on the next request, without logging in again', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const user = await makeUser(t.ds, ['operator']);
    const a = new Client(t.baseUrl);
    const u = new Client(t.baseUrl);
    expect((await a.login(admin.email, admin.password)).status).toBe(302);
    expect((await u.login(user.email, user.password)).status).toBe(302);
    const sid = u.sessionId();
    const services = () => count(t.ds, 'services');

    // An operator may not add services.
    let r = await u.action('POST', '/resources/services/actions/new', { name: 'Услуга оператора', price: '100' });
    expect(r.status).not.toBe(500);
    expect(r.json.notice?.type).not.toBe('success');
    expect(await services()).toBe(0);

    // Made a marketer too: the very next request may.
    r = await a.action('POST', `/resources/users/records/${user.id}/edit`, { roles: ['operator', 'marketer'] });
    expect(r.json.notice?.type).toBe('success');
    r = await u.action('POST', '/resources/services/actions/new', { name: 'Услуга маркетолога', price: '100' });
    expect(r.json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
    expect(await services()).toBe(1);

    // Marketer taken away again: refused at once.
    r = await a.action('POST', `/resources/users/records/${user.id}/edit`, { roles: ['operator'] });
    expect(r.json.notice?.type).toBe('success');
    r = await u.action('POST', '/resources/services/actions/new', { name: 'Ещё одна услуга', price: '100' });
    expect(r.json.notice?.type).not.toBe('success');
    expect(await services()).toBe(1);

    // Same session throughout.
    expect(u.sessionId()).toBe(sid);
    expect((await u.get(LIST)).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  const EVIL = 'http://evil.example';

  it('a POST to a panel action from another origin is refused with 403 and changes nothing', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    expect((await c.login(admin.email, admin.password)).status).toBe(302);
    const service = await makeService(t.ds, { name: 'Аудит сайта', price: '500.00' });
    const snapshot = () => t.ds.query(`SELECT id, name, price, updated_at FROM services ORDER BY id`);
    const before = await snapshot();

    const attempts: [string, unknown, Record<string, string>][] = [
      ['/admin/api/resources/services/actions/new', { name: 'Взлом', price: '1' }, { origin: EVIL }],
      [`/admin/api/resources/services/records/${service.id}/edit`, { name: 'Взломано', price: '0' }, { origin: EVIL }],
      [`/admin/api/resources/services/records/${service.id}/delete`, {}, { origin: EVIL }],
      [`/admin/api/resources/services/bulk/bulkDelete?recordIds=${service.id}`, {}, { origin: EVIL }],
      ['/admin/api/resources/services/actions/new', { name: 'Взлом 2', price: '1' }, { referer: `${EVIL}/page` }],
      ['/admin/api/resources/services/actions/new', { name: 'Взлом 3', price: '1' }, { 'sec-fetch-site': 'cross-site' }],
      [`/admin/api/resources/users/records/${admin.id}/edit`, { password: 'hijacked-password' }, { origin: EVIL }],
    ];
    for (const [path, body, headers] of attempts) {
      const res = await c.post(path, body, headers);
      expect({ path, headers, status: res.status }).toEqual({ path, headers, status: 403 });
    }
    expect(await snapshot()).toEqual(before);
    // The administrator's password did not change, the session is still valid.
    expect((await new Client(t.baseUrl).login(admin.email, admin.password)).status).toBe(302);
    expect((await c.get(LIST)).status).toBe(200);

    // The same request from the panel's own origin goes through.
    const ok = await c.post('/admin/api/resources/services/actions/new', { name: 'Своя услуга', price: '10' }, { origin: t.baseUrl });
    expect(ok.status).toBe(200);
    expect(await count(t.ds, 'services')).toBe(before.length + 1);
  });

  it('a login form posted from another site is refused (no login CSRF)', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    const res = await c.request('POST', '/admin/login', new URLSearchParams({ email: user.email, password: user.password }), { origin: EVIL });
    expect(res.status).toBe(403);
    expect(c.sessionId()).toBeUndefined();
  });
});

describe('session cookie', () => {
  it('is crm.sid, HttpOnly and SameSite=Lax, scoped to the whole site', async () => {
    const user = await makeUser(t.ds, ['admin']);
    const c = new Client(t.baseUrl);
    const res = await c.login(user.email, user.password);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('crm.sid='));
    expect(cookie).toBeDefined();
    const attrs = cookie!.split(';').map((s) => s.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
  });
});
