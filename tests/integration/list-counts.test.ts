import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

/**
 * The totals of the panel's leads list (`meta.total`: the number beside the title, and what the pager pages by).
 * The thresholds are lowered through the settings so that a few dozen leads make a "big" table: above 50 rows
 * totals may be estimates, a filtered list is counted exactly 5 rows past the page shown (20 when PostgreSQL
 * expects at most 20 matches).
 */

let t: TestApp;
let panel: Client;
const small = { id: 0, leads: [] as string[] };
const medium = { id: 0, leads: [] as string[] };
const big = { id: 0, leads: [] as string[] };

async function addLeads(campaignId: number, n: number, tag: string): Promise<string[]> {
  const rows: { id: string }[] = await t.ds.query(
    `INSERT INTO leads (last_name, first_name, email, campaign_id)
     SELECT 'Счётов', $2 || i, $2 || i || '@example.com', $1 FROM generate_series(1, $3) i RETURNING id::text`,
    [campaignId, tag, n],
  );
  return rows.map((r) => r.id);
}

/** A page of 10 rows (the cases below are sized for it; the panel's default is 25). */
async function list(query: string): Promise<{ total: number; ids: string[] }> {
  const r = await panel.action('GET', `/resources/leads/actions/list?perPage=10&${query}`);
  expect(r.status).toBe(200);
  return { total: r.json.meta.total, ids: r.json.records.map((x: any) => String(x.params.id)) };
}

const byIdDesc = (ids: string[]) => [...ids].sort((a, b) => Number(b) - Number(a));

beforeAll(async () => {
  t = await startTestApp({ LIST_ESTIMATE_COUNT_ABOVE: '50', LIST_EXACT_COUNT_AHEAD: '5', LIST_EXACT_COUNT_UP_TO: '20' });
  const admin = await makeUser(t.ds, ['admin']);
  panel = new Client(t.baseUrl);
  expect((await panel.login(admin.email, admin.password)).status).toBe(302);
  for (const [c, n, tag] of [[small, 3, 'small'], [medium, 15, 'medium'], [big, 60, 'big']] as const) {
    c.id = (await makeCampaign(t.ds)).id;
    c.leads = await addLeads(c.id, n, tag);
  }
  // PostgreSQL's statistics as of now (78 leads, 60 of them in the big campaign)...
  await t.ds.query(`VACUUM ANALYZE leads`);
  // ...then 20 of the big campaign's leads go: too few changes for autovacuum to refresh them (50 + 10% of rows),
  // so the planner still expects 60 there while 40 are left. Estimates are never exact; here the test knows by how much.
  const gone = big.leads.splice(0, 20);
  await t.ds.query(`DELETE FROM leads WHERE id = ANY($1::bigint[])`, [gone]);
});
afterAll(async () => {
  await t?.close();
});

describe('totals of the leads list', () => {
  it('a filtered list that fits the page is counted exactly', async () => {
    const r = await list(`filters.campaignId=${small.id}`);
    expect(r).toEqual({ total: 3, ids: byIdDesc(small.leads) });
    expect(await list(`filters.email=${encodeURIComponent('small2@example.com')}`)).toEqual({ total: 1, ids: [small.leads[1]] });
  });

  it('a small filtered list longer than a page is counted exactly', async () => {
    const r = await list(`filters.campaignId=${medium.id}&page=1`);
    expect(r.total).toBe(15);
    expect(r.ids).toEqual(byIdDesc(medium.leads).slice(0, 10));
    expect(await list(`filters.campaignId=${medium.id}&page=2`)).toEqual({ total: 15, ids: byIdDesc(medium.leads).slice(10) });
  });

  it('a big filtered list shows an estimate, pages to its end, and is exact near it', async () => {
    // Page 1: the planner's estimate (60), not a count of the 40 matches; at least the rows seen ahead of the page.
    const first = await list(`filters.campaignId=${big.id}&page=1`);
    expect(first.total).toBe(60);

    // The user pages forward while the pager offers a next page: every lead, once, newest first.
    const seen: string[] = [];
    let last = first;
    for (let page = 1; page <= 10; page++) {
      last = await list(`filters.campaignId=${big.id}&page=${page}`);
      expect(last.total).toBeGreaterThanOrEqual(seen.length + last.ids.length);
      seen.push(...last.ids);
      if (page * 10 >= last.total) break;
    }
    expect(seen).toEqual(byIdDesc(big.leads));
    expect(last.total).toBe(40);

    // The last page of the estimate is past the end: it is empty and tells the exact total.
    expect(await list(`filters.campaignId=${big.id}&page=6`)).toEqual({ total: 40, ids: [] });
  });

  it('a big list sorted by another column pages the same way, page after page in the list\'s order', async () => {
    // Every lead here has the same last name and creation time: the id decides, in the sort's direction.
    for (const [sortBy, direction, order] of [['createdAt', 'asc', 'created_at ASC, id ASC'], ['lastName', 'desc', 'last_name DESC, id DESC']]) {
      const seen: string[] = [];
      for (let page = 1; page <= 10; page++) {
        const r = await list(`filters.campaignId=${big.id}&sortBy=${sortBy}&direction=${direction}&page=${page}`);
        seen.push(...r.ids);
        if (page * 10 >= r.total) break;
      }
      const expected = (await t.ds.query(`SELECT id::text FROM leads WHERE campaign_id = $1 ORDER BY ${order}`, [big.id])).map((r: { id: string }) => r.id);
      expect(expected).toHaveLength(40);
      expect(seen).toEqual(expected);
    }
  });

  it('searches and combined filters follow the same rules', async () => {
    // 'big' matches the 40 remaining leads by their first name; the rows seen decide, whatever the estimate says.
    const r = await list(`filters.fullName=big&page=1`);
    expect(r.total).toBeGreaterThanOrEqual(16);
    expect((await list(`filters.fullName=big&page=4`)).total).toBe(40);
    expect((await list(`filters.fullName=medium&filters.campaignId=${medium.id}&page=2`)).total).toBe(15);
    expect((await list(`filters.fullName=medium&filters.campaignId=${small.id}`)).total).toBe(0);
  });

  it('the unfiltered list of a big table shows the table\'s estimate', async () => {
    expect((await list('page=1')).total).toBe(78);
    expect((await list('page=6')).total).toBe(58);
  });
});
