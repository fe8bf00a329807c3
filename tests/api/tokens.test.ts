import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { ApiClient } from './helpers.js';

/** Personal API tokens end to end: issued in the panel, used by an integration, seen in the panel, revoked. */

let t: TestApp;
let panel: Client;
let operator: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await makeUser(t.ds, ['admin']);
  operator = await makeUser(t.ds, ['operator']);
  panel = new Client(t.baseUrl);
  expect((await panel.login(admin.email, admin.password)).status).toBe(302);
});
afterAll(async () => {
  await t?.close();
});

async function issueInPanel(userId: number, name: string) {
  const r = await panel.action('POST', '/resources/apiTokens/actions/issue', { userId: String(userId), name, expiresOn: '' });
  expect(r.status).toBe(200);
  expect(r.json.notice).toEqual(expect.objectContaining({ type: 'success' }));
  return { secret: r.json.secret as string, id: r.json.tokenId as number };
}

describe('API tokens', () => {
  it('a web form posts a lead with an operator\'s token; the lead appears in the panel\'s list', async () => {
    const campaign = await makeCampaign(t.ds, { status: 'active' });
    const { secret } = await issueInPanel(operator.id, 'Форма на лендинге');
    expect(secret).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);

    // The landing page's server forwards the form; a browser-side post from the landing's origin carries an Origin.
    const form = new ApiClient(t.baseUrl, secret);
    const posted = await form.post(
      '/leads',
      { lastName: 'Сидорова', firstName: 'Анна', phone: '8 (912) 345-67-89', email: ' Anna@Example.COM ', campaignId: campaign.id, notes: 'с лендинга' },
      { origin: 'https://landing.example.org' },
    );
    expect(posted.status).toBe(201);
    expect(posted.json).toMatchObject({ phone: '+79123456789', email: 'anna@example.com', status: 'new', campaignId: campaign.id });

    const list = await panel.action('GET', `/resources/leads/actions/list?filters.campaignId=${campaign.id}`);
    expect(list.status).toBe(200);
    const rows = list.json.records.map((r: any) => r.params);
    expect(rows).toEqual([expect.objectContaining({ id: posted.json.id, phone: '+79123456789', email: 'anna@example.com', createdById: operator.id })]);
  });

  it('only a SHA-256 of the token is stored; the secret is never shown again', async () => {
    const { secret, id } = await issueInPanel(operator.id, 'BI');
    const [row] = await t.ds.query(`SELECT * FROM api_tokens WHERE id = $1`, [id]);
    expect(row.token_hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(4));
    const show = await panel.action('GET', `/resources/apiTokens/records/${id}/show`);
    expect(JSON.stringify(show.json)).not.toContain(secret.slice(4));
    expect(show.json.record.params).toMatchObject({ name: 'BI', userId: operator.id, prefix: secret.slice(0, 12) });
    const admin = await ApiClient.login(t.baseUrl, (await makeUser(t.ds, ['admin'])).email, 'correct-horse-42');
    const listed = await admin.get(`/users/${operator.id}/tokens`);
    expect(JSON.stringify(listed.json)).not.toContain(secret.slice(4));
  });

  it('revoking in the panel stops the token at once', async () => {
    const { secret, id } = await issueInPanel(operator.id, 'temporary');
    const client = new ApiClient(t.baseUrl, secret);
    expect((await client.get('/auth/me')).json).toMatchObject({ id: operator.id, authVia: 'token' });
    const revoked = await panel.action('POST', `/resources/apiTokens/records/${id}/revoke`);
    expect(revoked.json.notice).toEqual(expect.objectContaining({ type: 'success' }));
    expect((await client.get('/auth/me')).status).toBe(401);
  });

  it('an expired token is refused; issuing for the past is refused', async () => {
    const { secret, id } = await issueInPanel(operator.id, 'expiring');
    await t.ds.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await new ApiClient(t.baseUrl, secret).get('/leads')).status).toBe(401);
    const r = await panel.action('POST', '/resources/apiTokens/actions/issue', { userId: String(operator.id), name: 'x', expiresOn: '2000-01-01' });
    expect(r.json.secret).toBeUndefined();
    expect(r.json.notice.type).toBe('error');
  });

  it('non-administrators cannot see or issue tokens in the panel or the API', async () => {
    const op = new Client(t.baseUrl);
    expect((await op.login(operator.email, operator.password)).status).toBe(302);
    const list = await op.action('GET', '/resources/apiTokens/actions/list');
    expect(list.json.records ?? []).toEqual([]);
    const issue = await op.action('POST', '/resources/apiTokens/actions/issue', { userId: String(operator.id), name: 'mine' });
    expect(issue.json.secret).toBeUndefined();
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'mine'`);
    expect(n).toBe(0);
    const { secret } = await issueInPanel(operator.id, 'op');
    expect((await new ApiClient(t.baseUrl, secret).post(`/users/${operator.id}/tokens`, { name: 'self' })).status).toBe(403);
  });

  it('a bearer token is not a cookie: a cross-site post with the token passes, with only the session cookie it is refused', async () => {
    const campaign = await makeCampaign(t.ds, { status: 'active' });
    const body = { lastName: 'Кросс', firstName: 'Сайт', email: `x-${Date.now()}@example.com`, campaignId: campaign.id };
    const session = await ApiClient.login(t.baseUrl, operator.email, operator.password);
    const refused = await session.post('/leads', body, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const sameSite = await session.post('/leads', body, { origin: t.baseUrl });
    expect(sameSite.status).toBe(201);
    // A bearer header with a session cookie never falls back to the cookie when the token is bad.
    const bad = await session.post('/leads', body, { authorization: 'Bearer crm_nope' });
    expect(bad.status).toBe(401);
  });

  it('token requests start no session: no cookie is set and no session row is written', async () => {
    const { secret } = await issueInPanel(operator.id, 'Интеграция без сессий');
    const [{ n: before }] = await t.ds.query(`SELECT count(*)::int AS n FROM session`);
    for (const path of ['/api/v1/leads', '/api/v1/stats/campaigns', '/api/v1/auth/me']) {
      const res = await fetch(t.baseUrl + path, { headers: { authorization: `Bearer ${secret}` } });
      expect([path, res.status, res.headers.get('set-cookie')]).toEqual([path, 200, null]);
    }
    const [{ n: after }] = await t.ds.query(`SELECT count(*)::int AS n FROM session`);
    expect(after).toBe(before);
  });
});
