/**
 * `npm run bench -- list [--small] [--requests=N]`: the panel's list of leads (AdminJS list action,
 * GET /admin/api/resources/leads/actions/list, logged-in session cookie) on the small set (10,000 leads) and on
 * the large set (1,000,000 leads) in the same run: the small set is the baseline, the ratio is how the cost grows
 * with the data. Each case: p50/p95 over N requests over HTTP (the app in this process, no component bundling).
 *
 * The cases are chosen by rule, the same on both sets, never by how fast they are:
 * - page_1: `?page=1&perPage=10` (the panel's default sort, id descending; 10 rows a page, as the recorded figures
 *   were measured, chosen explicitly: the panel's default is 25, src/admin/ui.ts LIST_PER_PAGE);
 * - deep_page: the middle page of the unfiltered list (total / 10 / 2);
 * every case asks for `perPage=10`;
 * - search_email: `filters.email=<local part>` of the "probe" lead, the first lead with an e-mail from the
 *   middle of the id range (finds one lead), and search_email_domain: its domain (a broad search);
 * - search_last_name: `filters.fullName=<probe's last name>` (the panel searches the full name by substring);
 * - filter_campaign: `filters.campaignId=<probe's campaign>`, and filter_campaign_largest: the campaign with the most leads;
 * - the quick search (`filters.search`, name, e-mail and phone at once) as Russian users type: search_yo_folded_surname,
 *   the last name with ё of the first such lead from the middle of the id range, typed with е in lower case
 *   («семенов» for «Семёнов»); search_reversed_full_name, the probe's first name then last name («Анна Петров»);
 *   search_phone_fragment, the last seven digits of the first lead with a phone from the middle, typed `345-67-89`.
 * - my_leads: «Мои лиды» of the manager of the first working lead from the middle of the id range,
 *   `filters.assigneeId=<id>&filters.status=working`;
 *   filter_assignee: every lead of the manager with the most leads (`filters.assigneeId=<id>`), and
 *   filter_unassigned: «не назначен» (`filters.assigneeId=none`).
 * `--small` measures the small set only (no growth figure).
 */
import os from 'node:os';
import { fold } from '../src/shared/fold.js';
import { generateDataset } from './dataset.js';
import { numberArg, sample, startInProcessApp, type InProcessApp } from './harness.js';
import { emit, median, openBenchDatabase, percentile, round, runBench } from './support.js';

const ONLY_SMALL = process.argv.includes('--small');
const REQUESTS = numberArg('requests', 30);
const PER_PAGE = 10;
const TARGET_MS: Record<string, number> = { deep_page: 150 };
const DEFAULT_TARGET_MS = 50;
const TARGET_GROWTH = 3;

interface Case {
  name: string;
  query: Record<string, string>;
}

interface Measured {
  name: string;
  size: 'small' | 'large';
  leads: number;
  query: string;
  total: number;
  records: number;
  p50: number;
  p95: number;
  loadavg: number;
}

async function measure(size: 'small' | 'large'): Promise<Measured[]> {
  const bench = await openBenchDatabase(`list_${size}`);
  let app: InProcessApp | undefined;
  try {
    const info = await generateDataset(bench.url, size);
    emit({ bench: 'dataset', ...info, target_seconds: 60 });
    const ds = bench.ds;

    // The probe lead and the cases, derived from the data by the rules above.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM leads`);
    const [probe] = await ds.query(`SELECT id, last_name, email, campaign_id FROM leads WHERE id >= $1 AND email IS NOT NULL ORDER BY id LIMIT 1`, [Math.ceil(n / 2)]);
    const [yo] = await ds.query(`SELECT last_name FROM leads WHERE id >= $1 AND last_name LIKE '%ё%' ORDER BY id LIMIT 1`, [Math.ceil(n / 2)]);
    const [phoned] = await ds.query(`SELECT phone FROM leads WHERE id >= $1 AND phone IS NOT NULL ORDER BY id LIMIT 1`, [Math.ceil(n / 2)]);
    const [fullProbe] = await ds.query(`SELECT first_name FROM leads WHERE id = $1`, [probe.id]);
    const seven = String(phoned.phone).slice(-7);
    const [largest] = await ds.query(`SELECT campaign_id FROM leads GROUP BY campaign_id ORDER BY count(*) DESC, campaign_id LIMIT 1`);
    const [local, domain] = String(probe.email).split('@');
    const [mine] = await ds.query(`SELECT assignee_id FROM leads WHERE id >= $1 AND assignee_id IS NOT NULL AND status IN ('new', 'in_progress') ORDER BY id LIMIT 1`, [Math.ceil(n / 2)]);
    const [busiest] = await ds.query(`SELECT assignee_id FROM leads WHERE assignee_id IS NOT NULL GROUP BY assignee_id ORDER BY count(*) DESC, assignee_id LIMIT 1`);
    const cases: Case[] = [
      { name: 'page_1', query: { page: '1' } },
      { name: 'deep_page', query: { page: String(Math.max(1, Math.ceil(n / PER_PAGE / 2))) } },
      { name: 'search_email', query: { 'filters.email': local, page: '1' } },
      { name: 'search_email_domain', query: { 'filters.email': domain, page: '1' } },
      { name: 'search_last_name', query: { 'filters.fullName': probe.last_name, page: '1' } },
      { name: 'filter_campaign', query: { 'filters.campaignId': String(probe.campaign_id), page: '1' } },
      { name: 'search_yo_folded_surname', query: { 'filters.search': fold(yo.last_name), page: '1' } },
      { name: 'search_reversed_full_name', query: { 'filters.search': `${fullProbe.first_name} ${probe.last_name}`, page: '1' } },
      { name: 'search_phone_fragment', query: { 'filters.search': `${seven.slice(0, 3)}-${seven.slice(3, 5)}-${seven.slice(5)}`, page: '1' } },
      { name: 'filter_campaign_largest', query: { 'filters.campaignId': String(largest.campaign_id), page: '1' } },
      { name: 'my_leads', query: { 'filters.assigneeId': String(mine.assignee_id), 'filters.status': 'working', page: '1' } },
      { name: 'filter_assignee', query: { 'filters.assigneeId': String(busiest.assignee_id), page: '1' } },
      { name: 'filter_unassigned', query: { 'filters.assigneeId': 'none', page: '1' } },
    ];

    // The app on this database and a logged-in operator.
    app = await startInProcessApp(ds, bench.url);
    const { base, cookie } = app;

    const out: Measured[] = [];
    for (const c of cases) {
      const query = new URLSearchParams({ ...c.query, perPage: String(PER_PAGE) }).toString();
      const shown = Object.entries({ ...c.query, perPage: String(PER_PAGE) }).map(([k, v]) => `${k}=${v}`).join('&');
      let last: { meta: { total: number }; records: unknown[] } | undefined;
      const ms = await sample(REQUESTS, async () => {
        const res = await fetch(`${base}/admin/api/resources/leads/actions/list?${query}`, { headers: { cookie, accept: 'application/json' } });
        if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status} ${await res.text()}`);
        last = (await res.json()) as typeof last;
      });
      if (!last?.records?.length) throw new Error(`${c.name}: no records (${JSON.stringify(last)?.slice(0, 300)})`);
      out.push({ name: c.name, size, leads: n, query: shown, total: last.meta.total, records: last.records.length, p50: median(ms), p95: percentile(ms, 95), loadavg: os.loadavg()[0] });
    }
    return out;
  } finally {
    await app?.close();
    await bench.close();
  }
}

async function main() {
  // One set at a time: each has its own database (and, embedded, its own server start).
  const small = await measure('small');
  const large = ONLY_SMALL ? [] : await measure('large');
  for (const s of small) {
    const l = large.find((x) => x.name === s.name);
    const m = l ?? s;
    const target = TARGET_MS[m.name] ?? DEFAULT_TARGET_MS;
    const growth = l ? l.p50 / s.p50 : undefined;
    emit({
      bench: `list_${m.name}`,
      size: m.size,
      leads: m.leads,
      url: `/admin/api/resources/leads/actions/list?${m.query}`,
      total: m.total,
      records: m.records,
      requests: REQUESTS,
      p50_ms: round(m.p50),
      p95_ms: round(m.p95),
      loadavg_1m: round(m.loadavg, 2),
      target_p50_ms: target,
      meets_target: m.p50 <= target,
      ...(l
        ? {
            baseline: 'same_list_on_small_set',
            baseline_leads: s.leads,
            baseline_url: `/admin/api/resources/leads/actions/list?${s.query}`,
            baseline_total: s.total,
            baseline_p50_ms: round(s.p50),
            baseline_p95_ms: round(s.p95),
            growth: round(growth!, 2),
            target_growth: TARGET_GROWTH,
            meets_growth: growth! <= TARGET_GROWTH,
          }
        : {}),
    });
  }
}

runBench(main);
