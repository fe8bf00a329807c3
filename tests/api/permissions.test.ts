import { can } from '../../src/modules/users/permissions.js';
import type { Role } from '../../src/modules/users/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeUser } from '../support/factories.js';
import { CASES } from './cases.js';
import { ApiClient, fingerprint, isErrorBody } from './helpers.js';

/**
 * The permission matrix through the API: every endpoint × anonymous, each role, and token users. Allowed calls
 * must succeed; refused ones must be 401/403 with the error body and leave every table exactly as it was.
 */

type Principal = { label: string; roles: Role[] | null; client: ApiClient };

let t: TestApp;
const principals: Principal[] = [];
const results = { allowed: 0, refused: 0, anonymous: 0 };

beforeAll(async () => {
  t = await startTestApp();
  const sets: Role[][] = [['admin'], ['operator'], ['marketer'], ['manager'], ['operator', 'marketer']];
  for (const roles of sets) {
    const u = await makeUser(t.ds, roles);
    principals.push({ label: `session ${roles.join('+')}`, roles, client: await ApiClient.login(t.baseUrl, u.email, u.password) });
  }
  const admin = principals[0].client;
  for (const roles of [['operator'], ['manager'], ['admin']] as Role[][]) {
    const u = await makeUser(t.ds, roles);
    const issued = await admin.post(`/users/${u.id}/tokens`, { name: 'matrix' });
    expect(issued.status).toBe(201);
    principals.push({ label: `token ${roles.join('+')}`, roles, client: new ApiClient(t.baseUrl, issued.json.secret) });
  }
  principals.push({ label: 'anonymous', roles: null, client: new ApiClient(t.baseUrl) });
});

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`permission matrix: ${CASES.length} endpoints × ${principals.length} principals = ${CASES.length * principals.length} cases (${results.allowed} allowed, ${results.refused} refused, ${results.anonymous} anonymous)`);
  await t?.close();
});

describe('permission matrix through the API', () => {
  it.each(CASES.map((c) => [`${c.method} ${c.permission.join(':')}`, c]))('%s', async (_label, c) => {
    for (const p of principals) {
      const path = await c.path(t.ds);
      const body = c.body ? await c.body(t.ds) : undefined;
      const before = await fingerprint(t.ds);
      const r = await p.client.call(c.method, path, body);
      const expected = p.roles === null ? 401 : can({ roles: p.roles }, ...c.permission) ? c.ok : 403;
      if (r.status !== expected) throw new Error(`${p.label}: ${c.method} ${path} → ${r.status}, expected ${expected}: ${r.text.slice(0, 300)}`);
      if (expected >= 400) {
        expect(isErrorBody(r.json)).toBe(true);
        expect(await fingerprint(t.ds)).toBe(before);
        if (p.roles === null) results.anonymous++;
        else results.refused++;
      } else results.allowed++;
    }
  });

  it('a deactivated user\'s token stops working; so does a revoked one', async () => {
    const admin = principals[0].client;
    const u = await makeUser(t.ds, ['operator']);
    const { json } = await admin.post(`/users/${u.id}/tokens`, { name: 'x' });
    const client = new ApiClient(t.baseUrl, json.secret);
    expect((await client.get('/auth/me')).json).toMatchObject({ id: u.id, roles: ['operator'], authVia: 'token' });
    expect((await admin.patch(`/users/${u.id}`, { active: false })).status).toBe(200);
    expect((await client.get('/leads')).status).toBe(401);
    expect((await admin.patch(`/users/${u.id}`, { active: true })).status).toBe(200);
    expect((await client.get('/leads')).status).toBe(200);
    expect((await admin.delete(`/tokens/${json.token.id}`)).status).toBe(204);
    const refused = await client.get('/leads');
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('unauthenticated');
  });

  it('roles changed by an administrator apply to a token at once', async () => {
    const admin = principals[0].client;
    const u = await makeUser(t.ds, ['operator']);
    const { json } = await admin.post(`/users/${u.id}/tokens`, { name: 'x' });
    const client = new ApiClient(t.baseUrl, json.secret);
    expect((await client.get('/contracts')).status).toBe(403);
    await admin.patch(`/users/${u.id}`, { roles: ['manager'] });
    expect((await client.get('/contracts')).status).toBe(200);
  });
});
