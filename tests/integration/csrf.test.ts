import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  const user = await makeUser(t.ds, ['admin']);
  admin = new Client(t.baseUrl);
  await admin.login(user.email, user.password);
});
afterAll(() => t.close());

const create = (headers: Record<string, string>, name: string) =>
  admin.request('POST', '/admin/api/resources/services/actions/new', JSON.stringify({ name, price: '1.00' }), { 'content-type': 'application/json', ...headers });

describe('cross-site request check', () => {
  it('lets the browser post from our own pages, also when the page sends no referrer (Origin: null)', async () => {
    const host = new URL(t.baseUrl).host;
    expect((await create({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, 'Своя страница')).status).toBe(200);
    expect((await create({ origin: 'null', 'sec-fetch-site': 'same-origin' }, 'Без реферера')).status).toBe(200);
    expect(await count(t.ds, 'services')).toBe(2);
  });

  it('refuses posts another site makes the browser send, whatever the Origin says', async () => {
    const before = await count(t.ds, 'services');
    for (const headers of <Record<string, string>[]>[
      { origin: 'http://evil.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'same-site' },
      { referer: 'http://evil.example/form.html' },
    ]) {
      const res = await create(headers, `Чужая ${JSON.stringify(headers)}`);
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
    }
    expect(await count(t.ds, 'services')).toBe(before);
  });

  it('sets the referrer policy that keeps our own Origin header meaningful', async () => {
    const res = await fetch(`${t.baseUrl}/admin/login`);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

/** Every row of every business table (sessions and login attempts aside): "nothing changed" means this stays equal. */
const BUSINESS_TABLES = ['services', 'campaigns', 'leads', 'customers', 'contracts', 'documents', 'users', 'api_tokens', 'import_batches'];
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of BUSINESS_TABLES) {
    out[table] = (await t.ds.query(`SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') AS rows FROM ${table} t`))[0].rows;
  }
  return out;
}

/** The panel's state as embedded in one of its pages. */
const reduxState = (html: string) => JSON.parse(/window\.REDUX_STATE = ([^\n]*);\n/.exec(html)![1]);

describe('a GET never changes anything', () => {
  // Links, images and top-level navigations from any site carry the SameSite=Lax cookie, and the Origin check lets GET
  // through: so no action may do its work on a GET.
  const CROSS_SITE = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', referer: 'http://evil.example/page.html' };

  it('a cross-site GET of every action the panel offers, on every resource, record and selection, leaves the database as it was', async () => {
    const service = await makeService(t.ds);
    await makeCampaign(t.ds, { status: 'draft', serviceId: service.id });
    const active = await makeCampaign(t.ds, { status: 'active', serviceId: service.id });
    await makeLead(t.ds, { campaignId: active.id });
    await makeCustomer(t.ds);
    const holder = await makeUser(t.ds, ['operator']);
    const issued = await admin.action('POST', '/resources/apiTokens/actions/issue', { userId: String(holder.id), name: 'Интеграция' });
    expect(issued.json.notice?.type).toBe('success');
    const before = await snapshot();

    const get = (path: string) => admin.request('GET', `/admin/api${path}`, undefined, CROSS_SITE);
    const tried = new Set<string>();
    const state = reduxState(await (await admin.get('/admin')).text());
    for (const resource of state.resources as { id: string; resourceActions: { name: string }[] }[]) {
      for (const { name } of resource.resourceActions) {
        expect((await get(`/resources/${resource.id}/actions/${name}`)).status).toBeLessThan(500);
        tried.add(`${resource.id}.${name}`);
      }
      const records = (await admin.action('GET', `/resources/${resource.id}/actions/list?perPage=50`)).json.records as {
        id: string;
        recordActions: { name: string }[];
        bulkActions: { name: string }[];
      }[];
      for (const record of records) {
        for (const { name } of [...record.recordActions, ...record.bulkActions]) {
          const isBulk = record.bulkActions.some((a) => a.name === name);
          const path = isBulk ? `/resources/${resource.id}/bulk/${name}?recordIds=${record.id}` : `/resources/${resource.id}/records/${record.id}/${name}`;
          expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
          tried.add(`${resource.id}.${name}`);
        }
      }
    }

    for (const action of ['campaigns.launch', 'campaigns.finish', 'leads.convert', 'leads.markLost', 'apiTokens.revoke', 'apiTokens.issue', 'leads.import']) {
      expect(tried).toContain(action);
    }
    for (const resource of ['services', 'campaigns', 'leads', 'contracts', 'users', 'apiTokens']) {
      for (const action of ['new', 'edit', 'delete', 'bulkDelete']) if (resource !== 'apiTokens' || action.includes('elete')) expect(tried).toContain(`${resource}.${action}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the same actions still work when the panel posts them from its own pages', async () => {
    const campaign = await makeCampaign(t.ds, { status: 'draft' });
    const own = { origin: t.baseUrl, 'sec-fetch-site': 'same-origin' };
    const launched = await admin.request('POST', `/admin/api/resources/campaigns/records/${campaign.id}/launch`, {}, own);
    expect((await launched.json()).notice).toEqual({ message: 'campaignLaunched', type: 'success' });
    expect((await t.ds.query(`SELECT status::text FROM campaigns WHERE id = $1`, [campaign.id]))[0].status).toBe('active');
  });
});

describe('JSON embedded in the panel\'s pages', () => {
  it('a user named like a script tag stays text: no script breakout in the page state, the name intact', async () => {
    const name = '</script><script>alert(1)</script><!-- & \u2028\u2029 -->';
    const user = await makeUser(t.ds, ['operator']);
    await t.ds.query(`UPDATE users SET full_name = $1 WHERE id = $2`, [name, user.id]);
    const c = new Client(t.baseUrl);
    expect((await c.login(user.email, user.password)).status).toBe(302);

    const html = await (await c.get('/admin')).text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).not.toContain('</script><script>alert(1)');
    expect(head).not.toContain('<!--');
    expect(head).not.toMatch(/[\u2028\u2029]/);
    // One inline script before the bundles: the state's script is still whole.
    expect(head.match(/<script>/g)).toHaveLength(1);
    expect(reduxState(html).session.title).toBe(name);
  });
});
