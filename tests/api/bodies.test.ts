import { jest } from '@jest/globals';
import type { CurrentAdmin } from 'adminjs';
import { logger } from '../../src/shared/logger.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { prng } from '../../src/shared/prng.js';
import { rawRequest, type RawReply } from '../support/raw-http.js';
import { isErrorBody } from './helpers.js';

/**
 * Every route that accepts a body — the REST API's operations with a request body (from its OpenAPI document), the
 * CSV import, the panel's login and every action of every resource — gets broken bodies: a multipart form cut off
 * before its closing boundary, garbled multipart, and a connection dropped mid-body. The answer, when one comes, is
 * a 4xx in the error shape, never a 5xx, and the same server keeps answering. And a user who may not use a route
 * is refused before the server reads the body.
 */

interface Route {
  label: string;
  method: string;
  path: string;
  /** The form field a file goes in, when the route takes one. */
  fileField: string;
  /** Roles that may use it (null: any signed-in user). */
  roles: string[] | null;
  /** The panel's login form answers with its own page, not the JSON error shape. */
  loginForm?: boolean;
  panelAction?: { resourceId: string; action: string };
}

let t: TestApp;
let adminCookie: string;
let marketer: { cookie: string; roles: string[]; id: number; email: string };
let routes: Route[] = [];
/** The server logs what it did not expect (answered 500, or nobody left to answer): none of these bodies may be that. */
let unexpected: ReturnType<typeof jest.spyOn>;

const csvPart = (field: string) =>
  `--X\r\nContent-Disposition: form-data; name="${field}"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nlast_name,phone\r\nIvanov,+79120000001\r\n`;

const multipart = { 'content-type': 'multipart/form-data; boundary=X' };

async function login(email: string, password: string): Promise<string> {
  const c = new Client(t.baseUrl);
  const res = await c.login(email, password);
  expect(res.status).toBe(302);
  return c.cookieHeader;
}

/** REST operations with a request body, from the API's own document; path ids and query options from its examples. */
async function apiRoutes(): Promise<Route[]> {
  const doc = await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json();
  const out: Route[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op?.requestBody) continue;
      const query = (op.parameters ?? [])
        .filter((p: any) => p.in === 'query' && (p.example ?? p.schema?.example) !== undefined)
        .map((p: any) => `${p.name}=${encodeURIComponent(p.example ?? p.schema.example)}`)
        .join('&');
      const props = op.requestBody.content['multipart/form-data']?.schema?.properties ?? {};
      const fileField = Object.entries<any>(props).find(([, s]) => s.format === 'binary')?.[0] ?? 'file';
      const roles = /Roles: ([^.]+)\./.exec(op.description ?? '')?.[1].split(', ') ?? null;
      out.push({ label: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path: `/api/v1${path.replace(/\{[^}]+\}/g, '1')}${query ? `?${query}` : ''}`, fileField, roles });
    }
  }
  return out;
}

/** The panel's POST routes: the login form and every action of every resource, as the panel's forms post them. */
function panelRoutes(): Route[] {
  const out: Route[] = [{ label: 'POST /admin/login', method: 'POST', path: '/admin/login', fileField: 'file', roles: null, loginForm: true }];
  for (const resource of t.admin.resources) {
    const decorated = resource.decorate();
    const id = decorated.id();
    for (const [name, action] of Object.entries(decorated.actions)) {
      const path = action.isRecordType()
        ? `/admin/api/resources/${id}/records/1/${name}`
        : action.isBulkType()
          ? `/admin/api/resources/${id}/bulk/${name}?recordIds=1`
          : `/admin/api/resources/${id}/actions/${name}`;
      out.push({ label: `panel ${id}.${name}`, method: 'POST', path, fileField: 'document', roles: null, panelAction: { resourceId: id, action: name } });
    }
  }
  return out;
}

/** Broken bodies; each is complete as far as its Content-Length goes. */
function brokenBodies(route: Route): { name: string; headers: Record<string, string>; body: Buffer }[] {
  const random = prng(route.path.length * 7919);
  const garbage = Buffer.from(Array.from({ length: 512 }, () => random.int(0, 255)));
  return [
    { name: 'multipart without its closing boundary', headers: multipart, body: Buffer.from(csvPart(route.fileField)) },
    { name: 'multipart with another boundary than declared', headers: multipart, body: Buffer.from(`${csvPart(route.fileField).replaceAll('--X', '--Y')}--Y--\r\n`) },
    { name: 'multipart with a malformed part header', headers: multipart, body: Buffer.from('--X\r\nnot a header at all\r\n\r\nvalue\r\n--X--\r\n') },
    { name: 'multipart without a boundary', headers: { 'content-type': 'multipart/form-data' }, body: Buffer.from(csvPart(route.fileField)) },
    { name: 'random bytes as multipart', headers: multipart, body: garbage },
  ];
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${t.baseUrl}/healthz`);
  expect(res.status).toBe(200);
}

function expectRefusal(route: Route, what: string, reply: RawReply | null): void {
  const where = `${route.label} (${route.path}) with ${what}`;
  if (!reply) throw new Error(`${where}: no answer`);
  if (reply.status < 400 || reply.status >= 500) throw new Error(`${where}: ${reply.status} ${reply.text.slice(0, 300)}`);
  if (route.loginForm && /text\/html/.test(reply.headers['content-type'] ?? '')) return;
  if (!isErrorBody(reply.json)) throw new Error(`${where}: not the error shape: ${reply.text.slice(0, 300)}`);
}

beforeAll(async () => {
  t = await startTestApp();
  await makeCampaign(t.ds, { status: 'active' }); // id 1: the import's documented example campaign
  const admin = await makeUser(t.ds, ['admin']);
  adminCookie = await login(admin.email, admin.password);
  const m = await makeUser(t.ds, ['marketer']);
  marketer = { cookie: await login(m.email, m.password), roles: m.roles, id: m.id, email: m.email };
  routes = [...(await apiRoutes()), ...panelRoutes()];
  unexpected = jest.spyOn(logger, 'error');
});

afterEach(() => {
  const logged = unexpected.mock.calls.map((c: unknown[]) => JSON.stringify(c).slice(0, 300));
  unexpected.mockClear();
  expect(logged).toEqual([]);
});

afterAll(async () => {
  await t?.close();
});

describe('broken request bodies', () => {
  it('the routes under test include the import, the documents and the panel', () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/leads/import?campaignId=1', '/api/v1/leads/import/preview', '/api/v1/contracts', '/admin/login']));
    expect(paths.filter((p) => p.startsWith('/admin/api/resources/')).length).toBeGreaterThan(30);
  });

  it('a truncated multipart body to the import answers 400 in the error shape and the server keeps serving', async () => {
    const reply = await rawRequest(t.baseUrl, {
      path: '/api/v1/leads/import?campaignId=1',
      headers: { ...multipart, cookie: adminCookie, origin: t.baseUrl },
      body: csvPart('file'),
    });
    expect(reply?.status).toBe(400);
    expect(isErrorBody(reply?.json)).toBe(true);
    await stillServing();
  });

  it('every route answers broken multipart with a 4xx in the error shape, never a 5xx, and the server keeps serving', async () => {
    for (const route of routes) {
      for (const broken of brokenBodies(route)) {
        const reply = await rawRequest(t.baseUrl, {
          method: route.method,
          path: route.path,
          headers: { ...broken.headers, cookie: adminCookie, origin: t.baseUrl },
          body: broken.body,
        });
        expectRefusal(route, broken.name, reply);
      }
      await stillServing();
    }
  });

  it('every route survives a client that goes away mid-body', async () => {
    for (const route of routes) {
      for (const headers of [multipart, { 'content-type': 'application/json' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/csv' }]) {
        const half = csvPart(route.fileField);
        await rawRequest(t.baseUrl, {
          method: route.method,
          path: route.path,
          headers: { ...headers, cookie: adminCookie, origin: t.baseUrl },
          body: half,
          contentLength: half.length * 2,
          abort: true,
        });
      }
      await stillServing();
    }
    // A request left waiting for its body would still answer these; every one above must have been let go.
    await stillServing();
  });
});

describe('refused before the body is read', () => {
  // The body announced is large and never sent beyond a few bytes: an answer can only come before reading it.
  // A JSON body is announced below the JSON limit (1 MB), so a parser reading it would wait for the rest.
  const announce = (route: Route, cookie: string | undefined, kind: 'multipart' | 'json' = 'multipart') =>
    rawRequest(t.baseUrl, {
      method: route.method,
      path: route.path,
      headers: { ...(kind === 'json' ? { 'content-type': 'application/json' } : multipart), ...(cookie ? { cookie } : {}), origin: t.baseUrl },
      body: kind === 'json' ? '{"name":"' : '--X\r\n',
      contentLength: kind === 'json' ? 500_000 : 5_000_000,
    });

  it('a marketer posting a file to the import gets 403 before sending it', async () => {
    const reply = await announce({ label: 'import', method: 'POST', path: '/api/v1/leads/import?campaignId=1', fileField: 'file', roles: null }, marketer.cookie);
    expect(reply?.status).toBe(403);
    expect(isErrorBody(reply?.json)).toBe(true);
    await stillServing();
  });

  it.each(['multipart', 'json'] as const)('every REST route and panel action a marketer may not use answers 403 before a %s body', async (kind) => {
    const asAdmin = { id: marketer.id, email: marketer.email, roles: marketer.roles } as unknown as CurrentAdmin;
    const refused = routes.filter((r) => {
      if (r.panelAction) return !t.admin.findResource(r.panelAction.resourceId).decorate().actions[r.panelAction.action].isAccessible(asAdmin);
      return r.roles !== null && !r.roles.includes('marketer');
    });
    expect(refused.some((r) => r.path.startsWith('/api/v1/leads/import'))).toBe(true);
    expect(refused.some((r) => r.panelAction?.resourceId === 'contracts' && r.panelAction.action === 'new')).toBe(true);
    for (const route of refused) {
      const reply = await announce(route, marketer.cookie, kind);
      if (reply?.status !== 403 || !isErrorBody(reply.json)) throw new Error(`${route.label}: ${reply?.status} ${reply?.text.slice(0, 200)}`);
    }
    await stillServing();
  });

  it('every route but the login refuses an anonymous body before reading it', async () => {
    for (const route of routes.filter((r) => !r.loginForm && r.path !== '/api/v1/auth/login')) {
      const reply = await announce(route, undefined);
      if (reply?.status !== 401 && !(route.panelAction && reply?.status === 302)) throw new Error(`${route.label}: ${reply?.status} ${reply?.text.slice(0, 200)}`);
    }
    await stillServing();
  });
});
