/**
 * A fuzz pass over the panel's API, the way tests/api/fuzz.test.ts covers /api/v1 from its OpenAPI document: the
 * resources, their properties and actions are read from the panel itself (the state AdminJS hands the browser), and
 * every resource × action × parameter gets hostile values: filters (equal, from, to) of every property, paging and
 * sorting, search, record ids on every kind of route, and form values for new and edit. Not one answer may be a 5xx;
 * a refusal has the error body. Plus the exact requests the hardening issue reported.
 */
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { isErrorBody } from '../api/helpers.js';

interface PanelProperty {
  path: string;
  type: string;
}
interface PanelResource {
  id: string;
  properties: Record<string, PanelProperty>;
  actions: { name: string; actionType: string | string[] }[];
  editProperties: PanelProperty[];
}

/**
 * Query values, percent-encoded where needed: wrong types, impossible or out-of-range dates, numbers beyond any
 * column, NUL, huge, broken percent-encoding and bytes that are not UTF-8. Kept short: every one goes to every property.
 */
const EQUAL_VALUES = ['bogus', '0x10', '-1', '2020-02-30', 'a%00b', '9'.repeat(30), 'x'.repeat(3000), '%FF', '%E0%A4%A'];
/** Range bounds, each `from` sent with a `to`: `to` values are the second of each pair. */
const RANGE_VALUES = [['1', '2020-02-30'], ['2020', '0000-01-01'], ['%2B275760-09-13', 'bogus'], ['2026-12-01T25%3A61', '1'], ['bogus', '2020']];
/** How AdminJS reads `filters.<path><shape>`: nested ranges, repeated keys. */
const SHAPES = (path: string) => [`~~from~~x=1`, `=1&filters.${path}=2`];
const PAGE_VALUES = ['abc', '-1', '0', '1.5', '1e300', '9007199254740993', '%FF', ''];
/** Form values (JSON bodies) for new and edit. */
const BODY_VALUES: unknown[] = ['bogus', '2020-02-30', 'a\u0000b', '9'.repeat(30), 'x'.repeat(3000), null, { $gt: '' }, [1, 2]];
const BAD_IDS = ['abc', '-1', '1.5', '99999999999999999999', '2147483648', '0x10', '%00', '%E0%A4%A'];
/** Names a query string may carry that an object lookup would find on Object.prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString'];

let t: TestApp;
let admin: Client;
let operator: Client;
let resources: PanelResource[];
const ids: Record<string, string> = {};
const stats = { requests: 0, byStatus: {} as Record<number, number> };

/** The resources as the panel describes them to the browser (window.REDUX_STATE of its page). */
async function panelResources(c: Client): Promise<PanelResource[]> {
  const html = await (await c.get('/admin')).text();
  const state = /window\.REDUX_STATE = (.*);\n/.exec(html);
  if (!state) throw new Error('no REDUX_STATE in the panel page');
  return JSON.parse(state[1]).resources;
}

async function send(c: Client, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await c.request(method, path, method === 'POST' ? (body ?? {}) : undefined);
  const text = await res.text();
  stats.requests++;
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  const shown = `${method} ${path.slice(0, 200)} ${body === undefined ? '' : JSON.stringify(body).slice(0, 120)}`;
  if (res.status >= 500) throw new Error(`${shown} → ${res.status} ${text.slice(0, 300)}`);
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* an HTML page */
  }
  if (res.status >= 400 && path.startsWith('/admin/api/') && !isErrorBody(json)) throw new Error(`${shown} → ${res.status} without the error body: ${text.slice(0, 200)}`);
  return { status: res.status, json };
}

/** Runs requests a few at a time: the order stays fixed, the run stays short. */
async function inBatches(requests: (() => Promise<unknown>)[], size = 8): Promise<void> {
  for (let i = 0; i < requests.length; i += size) await Promise.all(requests.slice(i, i + size).map((r) => r()));
}

const api = (resource: string) => `/admin/api/resources/${resource}`;

jest.setTimeout(120_000);

beforeAll(async () => {
  t = await startTestApp();
  const a = await makeUser(t.ds, ['admin']);
  const o = await makeUser(t.ds, ['operator']);
  admin = new Client(t.baseUrl);
  operator = new Client(t.baseUrl);
  expect((await admin.login(a.email, a.password)).status).toBe(302);
  expect((await operator.login(o.email, o.password)).status).toBe(302);
  const customer = await makeCustomer(t.ds);
  await t.ds.query(`UPDATE leads SET created_by_id = $1`, [a.id]);
  const [token] = await t.ds.query(`INSERT INTO api_tokens (user_id, created_by_id, name, token_hash, prefix) VALUES ($1, $2, 't', md5('a') || md5('b'), 'crm_x') RETURNING id`, [o.id, a.id]);
  // Records the fuzz may edit: never the administrator it acts as (its roles or activity would lock it out).
  Object.assign(ids, { users: String(o.id), apiTokens: String(token.id), customers: String(customer.id), contracts: String(customer.contractId), leads: customer.leadId });
  resources = await panelResources(admin);
  for (const r of resources) {
    ids[r.id] ??= String((await send(admin, 'GET', `${api(r.id)}/actions/list`)).json.records[0]?.id ?? '1');
  }
});

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`panel fuzz: ${stats.requests} requests over ${resources?.length} resources; statuses ${JSON.stringify(stats.byStatus)}`);
  await t?.close();
});

describe('panel fuzz: no 5xx for bad input', () => {
  it('well-formed values still filter: each read as its column type (ids, enums, money with a comma, days, instants, roles)', async () => {
    const list = async (resource: string, query: string) =>
      ((await send(admin, 'GET', `${api(resource)}/actions/list?perPage=500&${query}`)).json.records as { id: string | number }[]).map((r) => String(r.id));
    const [lead] = await t.ds.query(
      `SELECT l.id, l.campaign_id, to_char(l.created_at, 'YYYY-MM-DD') AS day, l.created_at FROM leads l WHERE l.id = $1`,
      [ids.leads],
    );
    const around = (ms: number) => encodeURIComponent(new Date(lead.created_at.getTime() + ms).toISOString());
    expect(await list('leads', `filters.id=${lead.id}`)).toEqual([String(lead.id)]);
    expect(await list('leads', `filters.campaignId=${lead.campaign_id}`)).toContain(String(lead.id));
    expect(await list('leads', `filters.status=converted`)).toContain(String(lead.id));
    expect(await list('leads', `filters.status=new`)).not.toContain(String(lead.id));
    expect(await list('leads', `filters.createdAt=${lead.day}`)).toContain(String(lead.id));
    expect(await list('leads', `filters.createdAt~~from=${around(-60_000)}&filters.createdAt~~to=${around(60_000)}`)).toContain(String(lead.id));
    expect(await list('leads', `filters.createdAt~~to=${lead.day}`)).toContain(String(lead.id));
    expect(await list('leads', `filters.createdAt~~from=${around(60_000)}`)).not.toContain(String(lead.id));

    const campaign = String(lead.campaign_id);
    expect(await list('campaigns', `filters.budget=5000,00`)).toContain(campaign);
    expect(await list('campaigns', `filters.budget~~from=4999.5&filters.budget~~to=5000`)).toContain(campaign);
    expect(await list('campaigns', `filters.budget~~from=5000,01`)).not.toContain(campaign);

    expect(await list('contracts', `filters.signedOn=2026-01-10`)).toContain(ids.contracts);
    expect(await list('contracts', `filters.signedOn~~from=2026-01-01&filters.signedOn~~to=2026-01-10`)).toContain(ids.contracts);
    expect(await list('contracts', `filters.signedOn~~from=2026-01-11`)).not.toContain(ids.contracts);

    expect(await list('users', `filters.roles=operator&filters.active=true`)).toEqual([ids.users]);
  });

  it('the requests the hardening issue reported: empty lists and 404s instead of 500s', async () => {
    const empty = [
      'leads/actions/list?filters.status=bogus',
      'leads/actions/list?filters.id=0x10',
      'leads/actions/list?filters.createdAt~~from=1',
      'leads/actions/list?filters.createdAt~~from=2020-02-30',
      'leads/actions/list?filters.createdAt~~from=%2B275760-09-13',
      'leads/actions/list?filters.createdAt=2020',
      'leads/actions/list?filters.fullName=a%00b',
      'campaigns/actions/list?filters.status=nope',
      'campaigns/actions/list?filters.launchedAt~~from=1',
      'users/actions/list?filters.roles=superadmin',
      'contracts/actions/list?filters.signedOn=1',
      'apiTokens/actions/list?filters.createdAt~~from=1',
    ];
    for (const path of empty) {
      const r = await send(admin, 'GET', `/admin/api/resources/${path}`);
      expect({ path, status: r.status, records: r.json.records }).toEqual({ path, status: 200, records: [] });
    }
    for (const path of ['leads/actions/list?page=abc', 'leads/actions/list?perPage=-1']) {
      const r = await send(admin, 'GET', `/admin/api/resources/${path}`);
      expect({ path, status: r.status, records: r.json.records.length }).toEqual({ path, status: 200, records: 1 });
    }
    for (const path of ['nope/actions/list', 'leads/actions/nope', `leads/records/${ids.leads}/nope`, 'nope/records/1/show', 'leads/bulk/nope?recordIds=1', 'leads/actions/show', `leads/records/${ids.leads}/list`]) {
      expect({ path, status: (await send(admin, 'GET', `/admin/api/resources/${path}`)).status }).toEqual({ path, status: 404 });
    }
    for (const resource of resources.map((r) => r.id)) {
      // "new" works on POST only; its GET has nothing to show.
      expect({ resource, status: (await send(admin, 'GET', `${api(resource)}/actions/new`)).status }).toEqual({ resource, status: 200 });
    }
    expect((await send(admin, 'GET', '/admin/documents/99999999999')).status).toBe(404);

    // A file name header that is not valid percent-encoding is kept as sent, not a URIError.
    const [{ campaign_id: campaignId }] = await t.ds.query(`SELECT campaign_id FROM leads WHERE id = $1`, [ids.leads]);
    const res = await admin.request('POST', `/api/v1/leads/import?campaignId=${campaignId}`, 'lastName,firstName,phone\nИванов,Пётр,+79120000001\n', { 'content-type': 'text/csv', 'x-file-name': '%E0%A4%A' });
    stats.requests++;
    expect(res.status).toBe(201);
    expect(await t.ds.query(`SELECT file_name FROM import_batches`)).toEqual([{ file_name: '%E0%A4%A' }]);
  });

  it('every filter of every property: equal, from and to, with hostile values and shapes', async () => {
    const requests: (() => Promise<unknown>)[] = [];
    for (const r of resources) {
      const list = `${api(r.id)}/actions/list`;
      for (const path of Object.keys(r.properties)) {
        for (const v of EQUAL_VALUES) requests.push(() => send(admin, 'GET', `${list}?filters.${path}=${v}`));
        for (const [from, to] of RANGE_VALUES) requests.push(() => send(admin, 'GET', `${list}?filters.${path}~~from=${from}&filters.${path}~~to=${to}`));
        for (const shape of SHAPES(path)) requests.push(() => send(admin, 'GET', `${list}?filters.${path}${shape}`));
      }
      for (const path of PROTOTYPE_NAMES) {
        requests.push(() => send(admin, 'GET', `${list}?filters.${path}=1&filters.${path}~~from=1`));
        requests.push(() => send(admin, 'GET', `${list}?filters.id.${path}=1`));
      }
    }
    await inBatches(requests);
  });

  it('paging, sorting and search with hostile values', async () => {
    const requests: (() => Promise<unknown>)[] = [];
    for (const r of resources) {
      const list = `${api(r.id)}/actions/list`;
      for (const v of PAGE_VALUES) {
        requests.push(() => send(admin, 'GET', `${list}?page=${v}`));
        requests.push(() => send(admin, 'GET', `${list}?perPage=${v}&direction=${v}`));
        requests.push(() => send(admin, 'GET', `${api(r.id)}/actions/search?perPage=${v}&page=${v}`));
      }
      for (const v of EQUAL_VALUES) requests.push(() => send(admin, 'GET', `${api(r.id)}/search/${v}`));
      for (const path of [...Object.keys(r.properties), ...PROTOTYPE_NAMES, 'nope']) {
        requests.push(() => send(admin, 'GET', `${list}?sortBy=${path}&direction=desc`));
        requests.push(() => send(admin, 'GET', `${api(r.id)}/actions/search/a%00b?searchProperty=${path}`));
      }
    }
    await inBatches(requests);
  });

  it('every action on every kind of route, as an administrator and an operator; bad record ids', async () => {
    const requests: (() => Promise<unknown>)[] = [];
    for (const r of resources) {
      const names = [...new Set([...r.actions.map((a) => a.name), 'new', 'show', 'edit', 'delete', 'bulkDelete', 'nope', 'constructor'])];
      for (const name of names) {
        for (const c of [admin, operator]) {
          requests.push(() => send(c, 'GET', `${api(r.id)}/actions/${name}`));
          // Reading an existing record through every action: a write answers GET without changing anything, or refuses.
          if (!['delete', 'bulkDelete'].includes(name)) requests.push(() => send(c, 'GET', `${api(r.id)}/records/${ids[r.id]}/${name}`));
        }
        requests.push(() => send(admin, 'GET', `${api(r.id)}/bulk/${name}`));
        requests.push(() => send(admin, 'GET', `${api(r.id)}/bulk/${name}?recordIds=${ids[r.id]},abc`));
        // Writes naming a record that does not exist: nothing there to change.
        requests.push(() => send(admin, 'POST', `${api(r.id)}/records/2147483647/${name}`, {}));
      }
      for (const id of BAD_IDS) {
        requests.push(() => send(admin, 'GET', `${api(r.id)}/records/${id}/show`));
        requests.push(() => send(admin, 'GET', `${api(r.id)}/bulk/bulkDelete?recordIds=${id}`));
        requests.push(() => send(admin, 'POST', `${api(r.id)}/records/${id}/edit`, {}));
        requests.push(() => send(admin, 'POST', `${api(r.id)}/records/${id}/delete`, {}));
      }
    }
    for (const unknown of ['nope', ...PROTOTYPE_NAMES]) {
      requests.push(() => send(admin, 'GET', `/admin/api/resources/${unknown}/actions/list`));
      requests.push(() => send(admin, 'GET', `/admin/resources/${unknown}`));
    }
    await inBatches(requests);
  });

  it('hostile values in every field of the new and edit forms, and of the custom actions', async () => {
    const requests: (() => Promise<unknown>)[] = [];
    for (const r of resources) {
      const custom = r.actions.filter((a) => !['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete'].includes(a.name));
      for (const p of r.editProperties.map((e) => e.path)) {
        for (const v of BODY_VALUES) {
          requests.push(() => send(admin, 'POST', `${api(r.id)}/actions/new`, { [p]: v }));
          requests.push(() => send(admin, 'POST', `${api(r.id)}/records/${ids[r.id]}/edit`, { [p]: v }));
        }
      }
      for (const v of BODY_VALUES) {
        const every = Object.fromEntries(Object.keys(r.properties).map((p) => [p, v]));
        requests.push(() => send(admin, 'POST', `${api(r.id)}/actions/new`, every));
        for (const a of custom) {
          const kinds = [a.actionType].flat();
          if (kinds.includes('resource')) requests.push(() => send(admin, 'POST', `${api(r.id)}/actions/${a.name}`, every));
          if (kinds.includes('record')) requests.push(() => send(admin, 'POST', `${api(r.id)}/records/${ids[r.id]}/${a.name}`, every));
        }
      }
      for (const raw of ['{', 'null', '[]', '"x"', '{"__proto__":{"roles":["admin"]}}', '{"constructor":1,"toString":"x"}']) {
        requests.push(() => send(admin, 'POST', `${api(r.id)}/actions/new`, raw));
      }
    }
    // One at a time: edits of the same record must not race each other into a lock wait.
    await inBatches(requests, 1);
  });

  it('still answers afterwards', async () => {
    expect((await admin.get('/healthz')).status).toBe(200);
    const list = await send(admin, 'GET', `${api('leads')}/actions/list`);
    expect(list.status).toBe(200);
    expect(list.json.records.length).toBeGreaterThan(0);
  });
});
