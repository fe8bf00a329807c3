/**
 * GET /api/v1/leads/duplicates: the earlier leads with the phone or e-mail being typed into the lead form,
 * matched after the same normalisation as a saved lead; the lead being edited left out; logged-in users only.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;
let operator: Client;
let campaignId: number;
let earlier: { id: string };
let other: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  const user = await makeUser(t.ds, ['operator']);
  operator = new Client(t.baseUrl);
  expect((await operator.login(user.email, user.password)).status).toBe(302);
  campaignId = (await makeCampaign(t.ds, { name: 'Осенняя кампания' })).id;
  earlier = await makeLead(t.ds, { campaignId, phone: '+79123456789', email: 'ivan@example.com' });
  other = await makeLead(t.ds, { campaignId, phone: '+79990001122', email: 'petr@example.com' });
});
afterAll(() => t.close());

async function duplicates(query: Record<string, string>, client = operator) {
  const res = await client.get(`/api/v1/leads/duplicates?${new URLSearchParams(query)}`);
  return { status: res.status, json: (await res.json()) as any };
}

it('finds the lead with the same phone typed the Russian way', async () => {
  const { status, json } = await duplicates({ phone: '8 (912) 345-67-89' });
  expect(status).toBe(200);
  expect(json.items).toEqual([
    {
      id: earlier.id, fullName: expect.stringContaining('Иванов'), phone: '+79123456789', email: 'ivan@example.com',
      status: 'new', campaignId, campaignName: 'Осенняя кампания', matches: ['phone'],
    },
  ]);
});

it('finds the lead with the same e-mail in other letter case, and says which contacts match', async () => {
  expect((await duplicates({ email: ' IVAN@Example.com ' })).json.items.map((i: any) => [i.id, i.matches])).toEqual([[earlier.id, ['email']]]);
  const both = await duplicates({ phone: '+7 912 345 67 89', email: 'ivan@example.com' });
  expect(both.json.items.map((i: any) => [i.id, i.matches])).toEqual([[earlier.id, ['phone', 'email']]]);
  const two = await duplicates({ phone: '+79123456789', email: 'petr@example.com' });
  expect(two.json.items.map((i: any) => [i.id, i.matches])).toEqual([[other.id, ['email']], [earlier.id, ['phone']]]);
});

it('leaves out the lead being edited; unknown, incomplete or empty contacts match nothing', async () => {
  expect((await duplicates({ phone: '+79123456789', excludeId: earlier.id })).json.items).toEqual([]);
  expect((await duplicates({ phone: '+79120000000' })).json.items).toEqual([]);
  expect((await duplicates({ phone: '8912', email: 'ivan@' })).json.items).toEqual([]);
  expect((await duplicates({})).json.items).toEqual([]);
  expect((await duplicates({ phone: '+79123456789', excludeId: 'abc' })).status).toBe(400);
});

it('is not for anonymous callers', async () => {
  const anonymous = new Client(t.baseUrl);
  const { status } = await duplicates({ phone: '+79123456789' }, anonymous);
  expect(status).toBe(401);
});
