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
