import { startTestApp, type TestApp } from '../support/app.js';
import { makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('health and readiness answer', async () => {
  expect(await (await fetch(`${t.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
  expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
});

it('an administrator logs in and creates a service with a Russian-formatted price', async () => {
  const user = await makeUser(t.ds, ['admin']);
  const c = new Client(t.baseUrl);
  expect((await c.login(user.email, user.password)).status).toBe(302);
  const { json } = await c.action('POST', '/resources/services/actions/new', { name: 'Настройка рекламы', price: '1 500,5' });
  expect(json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
  const [row] = await t.ds.query(`SELECT name, price FROM services`);
  expect(row).toEqual({ name: 'Настройка рекламы', price: '1500.50' });
});

it('the panel asks no third party for its font: Roboto (Cyrillic included) comes from our own origin, cached for a year', async () => {
  const user = await makeUser(t.ds, ['admin']);
  const c = new Client(t.baseUrl);
  const login = await (await fetch(`${t.baseUrl}/admin/login`)).text();
  expect((await c.login(user.email, user.password)).status).toBe(302);
  const dashboard = await (await fetch(`${t.baseUrl}/admin`, { headers: { cookie: c.cookieHeader } })).text();
  for (const html of [login, dashboard]) {
    expect(html).not.toContain('fonts.googleapis.com');
    expect(html).toMatch(/<link rel="stylesheet" type="text\/css" href="\/admin-fonts\/400\.css\?v=[\d.]+">/);
  }
  const href = /href="(\/admin-fonts\/400\.css\?v=[^"]+)"/.exec(login)![1];
  const css = await fetch(t.baseUrl + href);
  expect([css.status, css.headers.get('content-type'), css.headers.get('cache-control')]).toEqual([200, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable']);
  const file = /url\(\.\/(files\/roboto-cyrillic-400-normal\.woff2)\)/.exec(await css.text())![1];
  const font = await fetch(`${t.baseUrl}/admin-fonts/${file}`);
  expect([font.status, font.headers.get('content-type')]).toEqual([200, 'font/woff2']);
  expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(5000);
});

it('the font folder serves font files and their stylesheets only, not the rest of the package', async () => {
  expect((await fetch(`${t.baseUrl}/admin-fonts/files/roboto-latin-700-normal.woff`)).status).toBe(200);
  for (const other of ['package.json', 'README.md', 'LICENSE', 'index.css', 'files/', 'unicode.json']) {
    const res = await fetch(`${t.baseUrl}/admin-fonts/${other}`, { redirect: 'manual' });
    expect([other, res.status]).toEqual([other, 404]);
  }
});
