import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeUser } from '../support/factories.js';
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
    for (const headers of [
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
