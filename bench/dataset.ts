/**
 * The benchmark data sets of BENCHMARKS.md, generated deterministically from a seed and loaded with COPY:
 * `large` = 50 services, 2,000 campaigns (drafts, active, finished; every channel; some with a zero budget),
 * 1,000,000 leads spread unevenly (three campaigns with 110k+ each, a long tail), 100,000 customers,
 * 150,000 contracts (some customers have several). `small` is 1/100 of it.
 *
 * Fast path: triggers and foreign-key checks off for the load (session_replication_role = replica: the data is
 * consistent by construction), the leads' secondary indexes dropped and rebuilt after, then the statistics rollup
 * rebuilt once and the tables analysed. Same seed, same rows: ids, names, dates and amounts.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prng } from '../src/shared/prng.js';

export interface DatasetSize {
  services: number;
  campaigns: number;
  leads: number;
  customers: number;
  contracts: number;
  /** how many campaigns get an outsized share of the leads */
  bigCampaigns: number;
  bigShare: number;
  /** users with the manager role, responsible for most leads (src/modules/leads/assignment.service.ts) */
  managers: number;
}

export const SIZES: Record<'small' | 'large', DatasetSize> = {
  large: { services: 50, campaigns: 2000, leads: 1_000_000, customers: 100_000, contracts: 150_000, bigCampaigns: 3, bigShare: 0.33, managers: 50 },
  small: { services: 5, campaigns: 20, leads: 10_000, customers: 1_000, contracts: 1_500, bigCampaigns: 1, bigShare: 0.33, managers: 5 },
};

/** The data set's last day: leads are created during the two years before it (fixed, so runs are comparable). */
export const DATASET_END = Date.UTC(2026, 0, 1);
const SPAN_DAYS = 730;
const DAY = 86_400_000;

const CHANNELS = ['search', 'social', 'email', 'display', 'offline', 'referral', 'other'];
const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров'];
const FIRST = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Андрей', 'Дмитрий', 'Михаил', 'Николай', 'Анна', 'Мария', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана'];
const MIDDLE = ['Иванович', 'Петрович', 'Сергеевич', 'Андреевна', 'Николаевна', 'Олеговна'];

const money = (kopecks: number) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/** Streams generated lines into COPY … FROM STDIN, in chunks of a thousand lines. */
async function copy(client: pg.Client, sql: string, count: number, line: (i: number) => string): Promise<void> {
  function* chunks() {
    for (let i = 0; i < count; i += 1000) {
      let s = '';
      for (let j = i; j < Math.min(count, i + 1000); j++) s += line(j) + '\n';
      yield s;
    }
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

export interface DatasetInfo {
  size: string;
  seed: number;
  seconds: number;
  counts: { services: number; campaigns: number; leads: number; customers: number; contracts: number };
  /** the period a "90-day" filter should use: the data set's last 90 days */
  last90: { from: string; to: string };
}

/** Loads the data set into an empty, migrated database. */
export async function generateDataset(url: string, sizeName: 'small' | 'large', seed = 20260101): Promise<DatasetInfo> {
  const size = SIZES[sizeName];
  const started = performance.now();
  const r = prng(seed);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET maintenance_work_mem = '512MB'`);

    // services
    await copy(client, `COPY services (id, name, description, price) FROM STDIN`, size.services, (i) => `${i + 1}\tУслуга ${i + 1}\tОписание услуги ${i + 1}\t${money(r.int(1000, 500_000) * 100)}`);

    // campaigns: windows inside the two years; drafts have no leads
    const start = DATASET_END - SPAN_DAYS * DAY;
    const camp = Array.from({ length: size.campaigns }, (_, i) => {
      const x = r.next();
      const status = x < 0.1 ? 'draft' : x < 0.6 ? 'active' : 'finished';
      const duration = r.int(14, 240) * DAY;
      const from = start + r.int(0, SPAN_DAYS * DAY - duration);
      const to = status === 'active' ? Math.max(from + duration, DATASET_END - r.int(0, 20) * DAY) : from + duration;
      return {
        id: i + 1,
        status,
        from: Math.min(from, DATASET_END - DAY),
        to: Math.min(to, DATASET_END),
        serviceId: r.int(1, size.services),
        budget: r.next() < 0.03 ? 0 : r.int(10_000, 5_000_000) * 100 + r.int(0, 99),
        channel: CHANNELS[r.int(0, CHANNELS.length - 1)],
        conversion: 0.02 + r.next() * 0.16,
      };
    });
    await copy(client, `COPY campaigns (id, name, service_id, channel, budget, status, launched_at, finished_at, created_at) FROM STDIN`, camp.length, (i) => {
      const c = camp[i];
      const launched = c.status === 'draft' ? '\\N' : iso(c.from);
      const finished = c.status === 'finished' ? iso(c.to) : '\\N';
      return `${c.id}\tКампания ${c.id} (${c.channel})\t${c.serviceId}\t${c.channel}\t${money(c.budget)}\t${c.status}\t${launched}\t${finished}\t${iso(c.from - DAY)}`;
    });

    // how many leads each launched campaign gets: a few big ones, the rest by a long-tailed random weight
    const launched = camp.filter((c) => c.status !== 'draft');
    const perCampaign = new Map<number, number>();
    const big = launched.slice(0, size.bigCampaigns);
    const bigEach = Math.floor((size.leads * size.bigShare) / big.length);
    for (const c of big) perCampaign.set(c.id, bigEach);
    const tail = launched.slice(size.bigCampaigns);
    const weights = tail.map(() => Math.pow(r.next(), 3));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    let left = size.leads - bigEach * big.length;
    tail.forEach((c, i) => {
      const n = i === tail.length - 1 ? left : Math.min(left, Math.round(((size.leads - bigEach * big.length) * weights[i]) / weightSum));
      perCampaign.set(c.id, n);
      left -= n;
    });

    // leads in order of creation: ids follow time, as they do in production
    const leadCampaign = new Int32Array(size.leads);
    const leadAt = new Float64Array(size.leads);
    let k = 0;
    for (const c of launched) {
      for (let n = perCampaign.get(c.id) ?? 0; n > 0; n--) {
        leadCampaign[k] = c.id;
        leadAt[k] = c.from + Math.floor(r.next() * (c.to - c.from));
        k++;
      }
    }
    const order = new Uint32Array(size.leads).map((_, i) => i).sort((a, b) => leadAt[a] - leadAt[b] || a - b);
    const byId = camp;
    const converted = new Uint8Array(size.leads);
    let customers = 0;
    for (let id = 0; id < size.leads; id++) {
      if (r.next() < byId[leadCampaign[order[id]] - 1].conversion * 0.6) {
        converted[id] = 1;
        customers++;
      }
    }
    // exactly the target: trim or add from a deterministic walk
    for (let id = 0; customers > size.customers && id < size.leads; id += 7) if (converted[id]) (converted[id] = 0), customers--;
    for (let id = 3; customers < size.customers && id < size.leads; id += 11) if (!converted[id]) (converted[id] = 1), customers++;

    const leadDefs = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'leads' AND indexname <> 'leads_pkey'`);
    for (const { indexname } of leadDefs.rows) await client.query(`DROP INDEX ${indexname}`);
    const statuses = ['new', 'new', 'in_progress', 'lost'];
    // Responsible managers: every lead in progress, converted or lost has one, and half of the new ones (the
    // others wait to be taken), spread over the managers: each has about 1/managers of the leads.
    const { rows: managerRows } = await client.query(
      `INSERT INTO users (email, full_name, roles, password_hash)
       SELECT 'manager' || g || '@bench.example.ru', 'Менеджер ' || g, ARRAY['manager']::user_role[], '-' FROM generate_series(1, $1::int) g RETURNING id`,
      [size.managers],
    );
    const managerIds: number[] = managerRows.map((m: { id: number }) => m.id);
    const statusOf = (id: number) => (converted[id] ? 'converted' : statuses[(id * 2654435761) % 4 >>> 0]);
    // A mixing hash, so that a manager's leads have every status (a multiple of the id modulo the number of
    // managers would follow the id's residues, as the statuses do).
    const mix = (id: number) => {
      let h = Math.imul(id ^ (id >>> 15), 0x2c1b3c6d);
      h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
      return (h ^ (h >>> 15)) >>> 0;
    };
    const assigneeOf = (id: number): number | null => (statusOf(id) === 'new' && id % 2 ? null : managerIds[mix(id) % managerIds.length]);
    await copy(client, `COPY leads (id, last_name, first_name, middle_name, phone, email, campaign_id, status, lost_reason, assignee_id, created_at, updated_at) FROM STDIN`, size.leads, (id) => {
      const i = order[id];
      const status = statusOf(id);
      const contact = id % 10;
      const phone = contact === 9 ? '\\N' : `+79${String(100_000_000 + ((id * 48271) % 900_000_000)).padStart(9, '0')}`;
      const email = contact === 8 ? '\\N' : `lead${id + 1}@mail${id % 50}.example.ru`;
      const at = iso(leadAt[i]);
      return `${id + 1}\t${LAST[id % LAST.length]}\t${FIRST[(id >>> 4) % FIRST.length]}\t${id % 3 ? MIDDLE[id % MIDDLE.length] : '\\N'}\t${phone}\t${email}\t${leadCampaign[i]}\t${status}\t${status === 'lost' ? 'Дорого' : '\\N'}\t${assigneeOf(id) ?? '\\N'}\t${at}\t${at}`;
    });

    // customers in the order of their leads, contracts: one each, then extra ones for random customers
    const customerLead = new Int32Array(size.customers);
    for (let id = 0, c = 0; id < size.leads; id++) if (converted[id]) customerLead[c++] = id;
    const convertedAt = (c: number) => leadAt[order[customerLead[c]]] + r.int(0, 30) * DAY;
    const customerAt = Array.from({ length: size.customers }, (_, c) => convertedAt(c));
    await copy(client, `COPY customers (id, display_name, lead_id, assignee_id, converted_at, created_at) FROM STDIN`, size.customers, (c) => {
      const id = customerLead[c];
      return `${c + 1}\t${LAST[id % LAST.length]} ${FIRST[(id >>> 4) % FIRST.length]}\t${id + 1}\t${assigneeOf(id) ?? '\\N'}\t${iso(customerAt[c])}\t${iso(customerAt[c])}`;
    });
    await copy(client, `COPY contracts (id, name, service_id, customer_id, amount, signed_on, starts_on, ends_on) FROM STDIN`, size.contracts, (n) => {
      const c = n < size.customers ? n : r.int(0, size.customers - 1);
      const service = byId[leadCampaign[order[customerLead[c]]] - 1].serviceId;
      const signed = customerAt[c] + (n < size.customers ? 0 : r.int(1, 200) * DAY);
      return `${n + 1}\tДоговор ${n + 1}\t${service}\t${c + 1}\t${money(r.int(100_000, 50_000_000))}\t${day(signed)}\t${day(signed)}\t${day(signed + 365 * DAY)}`;
    });

    for (const table of ['services', 'campaigns', 'leads', 'customers', 'contracts']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
    // Rebuild the leads' indexes two at a time (two cores), then the rollup the triggers would have kept.
    const defs = leadDefs.rows.map((d: { indexdef: string }) => d.indexdef);
    const second = new pg.Client({ connectionString: url });
    await second.connect();
    await second.query(`SET maintenance_work_mem = '512MB'`);
    const runAll = async (c: pg.Client, list: string[]) => {
      for (const sql of list) await c.query(sql);
    };
    await Promise.all([runAll(client, defs.filter((_, i) => i % 2 === 0)), runAll(second, defs.filter((_, i) => i % 2 === 1)), second.query(`VACUUM ANALYZE customers, contracts, campaigns, services`)]);
    await second.end();
    await client.query(`SET session_replication_role = origin`);
    await client.query(`SELECT campaign_stats_rebuild()`);
    await client.query(`VACUUM ANALYZE leads, campaign_stats, campaign_stats_daily`);
  } finally {
    await client.end();
  }
  return {
    size: sizeName,
    seed,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    counts: { services: size.services, campaigns: size.campaigns, leads: size.leads, customers: size.customers, contracts: size.contracts },
    last90: { from: day(DATASET_END - 90 * DAY), to: day(DATASET_END - DAY) },
  };
}
