import React, { useEffect, useMemo, useState } from 'react';
import { Box, Button, H2, H3, Input, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type ResourceJSON, useResource, useTranslation } from 'adminjs';
import { myLeadsUrl, useManager, useMyWork } from './my-leads';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { csvFormatFor, toCsv } from '../src/shared/csv';
import { apiHeaders, currencySign, formatMoney } from './panel-api';
import { CAMPAIGN_STATUSES, CHANNELS } from '../src/modules/campaigns/campaign.values';
import type { CampaignStatistics, CampaignStatsRow, StatsFilter, TimelinePoint, TopCustomer } from '../src/modules/statistics/statistics.types';

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

const COLUMNS = ['name', 'channel', 'status', 'leads', 'customers', 'conversion', 'revenue', 'budget', 'roi'] as const;
type Column = (typeof COLUMNS)[number];
const NUMERIC: Column[] = ['leads', 'customers', 'conversion', 'revenue', 'budget', 'roi'];
const TOP_N = 15;
const PAGE = 100;

/** The API's filters as the form holds them ('' for none), and the table's order. */
type Filters = Record<keyof StatsFilter, string> & {
  sort: Column;
  dir: 'asc' | 'desc';
};

/** What the dashboard's handler tells the page (src/admin/index.ts): the configured currency. */
interface DashboardData {
  currency?: string;
}
const api = new ApiClient();
const moneyNumber = (s: string) => Number(s);

const pad = (n: number) => String(n).padStart(2, '0');
const isoLocal = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysAgo = (n: number) => isoLocal(new Date(Date.now() - n * 86_400_000));

function readFilters(): Filters {
  const q = new URLSearchParams(window.location.search);
  const sort = q.get('sort') as Column;
  return {
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    channel: q.get('channel') ?? '',
    status: q.get('status') ?? '',
    sort: COLUMNS.includes(sort) ? sort : 'leads',
    dir: q.get('dir') === 'asc' ? 'asc' : 'desc',
  };
}

/** The filters live in the URL so a view can be shared; other query parameters (the language) are kept. */
function writeFilters(f: Filters): void {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(f)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  const search = q.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
}

const apiQuery = (f: Filters) => new URLSearchParams(Object.entries({ from: f.from, to: f.to, channel: f.channel, status: f.status }).filter(([, v]) => v)).toString();

async function getJson<T>(url: string, language: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: apiHeaders(language) });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    // a refused field says what is wrong with it; the general sentence only when none does
    const fields = Object.values<string>(body?.error?.details?.fields ?? {});
    throw new Error(fields.length ? fields.join('; ') : (body?.error?.message ?? `HTTP ${res.status}`));
  }
  return body as T;
}

function compare(a: CampaignStatsRow, b: CampaignStatsRow, column: Column): number {
  const x = a[column];
  const y = b[column];
  if (x === null && y === null) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (column === 'revenue' || column === 'budget') return moneyNumber(x as string) - moneyNumber(y as string);
  if (typeof x === 'number') return x - (y as number);
  return String(x).localeCompare(String(y), 'ru');
}

/** Whether the user may open the resource's list (and so its records): links elsewhere would end in a refusal. */
const mayList = (resource?: ResourceJSON) => !!resource?.resourceActions.some((a) => a.name === 'list');

/** A link when the user may follow it, else the plain text. */
const LinkIf: React.FC<{ allowed: boolean; href: string; children: React.ReactNode }> = ({ allowed, href, children }) =>
  allowed ? <a href={href}>{children}</a> : <>{children}</>;

const Card: React.FC<{ label: string; value: string; testId: string }> = ({ label, value, testId }) => (
  <Box variant="white" p="lg" mr="lg" mb="lg" style={{ minWidth: 'max-content', flex: '1 1 28%' }} data-testid={testId}>
    <Text variant="sm" color="grey60">{label}</Text>
    {/* three cards a row, each at least as wide as its figure: a large sum is never cut off */}
    <H3 mb="0" mt="sm" style={{ whiteSpace: 'nowrap' }}>{value}</H3>
  </Box>
);

/**
 * «Моя работа», for a manager: their open leads (a link to «Мои лиды»), the customers they converted this month and
 * their customers' contracts signed this month: computed by the server (GET /api/v1/stats/my-work).
 */
const MyWorkBlock: React.FC<{ money: (v: string) => string; count: (n: number) => string; language: string; tc: (k: string) => string }> = ({ money, count, language, tc }) => {
  const { myId, isManager } = useManager();
  const work = useMyWork(isManager, language);
  if (!work) return null;
  return (
    <Box mb="lg" data-testid="my-work">
      <H3>{tc('myWork')}</H3>
      <Box flex flexDirection="row" flexWrap="wrap">
        <Box variant="white" p="lg" mr="lg" mb="lg" style={{ minWidth: 'max-content', flex: '1 1 28%' }} data-testid="my-open-leads">
          <Text variant="sm" color="grey60">{tc('myOpenLeads')}</Text>
          <H3 mb="0" mt="sm"><a href={myLeadsUrl(myId!)}>{count(work.openLeads)}</a></H3>
        </Box>
        <Card label={tc('myConversions')} value={count(work.conversionsThisMonth)} testId="my-conversions" />
        <Card label={tc('myRevenue')} value={money(work.revenueThisMonth)} testId="my-revenue" />
      </Box>
    </Box>
  );
};

/** The statistics dashboard (every role): totals, charts, the per-campaign table, top customers, CSV export. */
const Dashboard: React.FC = () => {
  const { translateComponent, translateLabel, i18n } = useTranslation();
  const language = i18n.language ?? 'ru';
  const tc = (key: string, options?: Record<string, unknown>) => translateComponent(`Dashboard.${key}`, options);
  // Figures in the panel's language, money in the configured currency (CURRENCY), known once the handler answers.
  const [currency, setCurrency] = useState<string | null>(null);
  useEffect(() => {
    api
      .getDashboard()
      .then((res) => setCurrency((res.data as DashboardData)?.currency ?? 'RUB'))
      .catch(() => setCurrency('RUB'));
  }, []);
  const money = (value: string) => formatMoney(value, currency ?? 'RUB', language);
  const count = (n: number) => n.toLocaleString(language);
  const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}\u00a0%`);
  const sign = currencySign(currency ?? 'RUB', language);
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [stats, setStats] = useState<CampaignStatistics | null>(null);
  const [timeline, setTimeline] = useState<TimelinePoint[]>([]);
  const [customers, setCustomers] = useState<TopCustomer[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const may = { campaigns: mayList(useResource('campaigns')), leads: mayList(useResource('leads')), customers: mayList(useResource('customers')) };
  const periodError = filters.from && filters.to && filters.from > filters.to ? tc('toBeforeFrom') : null;
  const bucket = filters.from && filters.to && Date.parse(filters.to) - Date.parse(filters.from) <= 120 * 86_400_000 ? 'week' : 'month';

  useEffect(() => {
    writeFilters(filters);
    let cancelled = false;
    setError(null);
    // Figures that no longer match the filters are never left on screen: cleared on a bad period or a failure.
    const clear = () => {
      setStats(null);
      setTimeline([]);
      setCustomers([]);
    };
    if (periodError) {
      clear();
      setLoading(false);
      return;
    }
    setLoading(true);
    const q = apiQuery(filters);
    Promise.all([
      getJson<CampaignStatistics>(`/api/v1/stats/campaigns?${q}`, language),
      getJson<{ points: TimelinePoint[] }>(`/api/v1/stats/timeline?bucket=${bucket}${q ? `&${q}` : ''}`, language),
      getJson<{ items: TopCustomer[] }>(`/api/v1/stats/customers?limit=10${q ? `&${q}` : ''}`, language),
    ])
      .then(([s, t, c]) => {
        if (cancelled) return;
        setStats(s);
        setTimeline(t.points);
        setCustomers(c.items);
      })
      .catch((e: Error) => {
        if (cancelled) return;
        clear();
        setError(e.message);
      })
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [filters.from, filters.to, filters.channel, filters.status, bucket, language]);

  useEffect(() => writeFilters(filters), [filters.sort, filters.dir]);

  const sorted = useMemo(() => {
    if (!stats) return [];
    const rows = [...stats.campaigns];
    rows.sort((a, b) => (filters.dir === 'asc' ? 1 : -1) * compare(a, b, filters.sort) || a.campaignId - b.campaignId);
    return rows;
  }, [stats, filters.sort, filters.dir]);
  const top = useMemo(() => (stats ? [...stats.campaigns].sort((a, b) => b.leads - a.leads || a.campaignId - b.campaignId).slice(0, TOP_N) : []), [stats]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const preset = (days: number) => set({ from: daysAgo(days - 1), to: daysAgo(0) });
  const sortBy = (column: Column) =>
    set(filters.sort === column ? { dir: filters.dir === 'asc' ? 'desc' : 'asc' } : { sort: column, dir: NUMERIC.includes(column) ? 'desc' : 'asc' });
  const channelLabel = (c: string) => translateLabel(`channel.${c}`, 'campaigns');
  const statusLabel = (s: string) => translateLabel(`status.${s}`, 'campaigns');

  /**
   * The table as a spreadsheet in the user's language: Russian → `;` and decimal commas (what a Russian Excel
   * splits and reads as numbers), English → `,` and dots. Money and percentages are numbers, not text.
   */
  const exportCsv = () => {
    if (!stats) return;
    const pct = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100);
    const header = [tc('columns.campaignId'), ...COLUMNS.map((c) => (c === 'conversion' || c === 'roi' ? `${tc(`columns.${c}`)}, %` : tc(`columns.${c}`)))];
    const rows = sorted.map((r) => [r.campaignId, r.name, channelLabel(r.channel), statusLabel(r.status), r.leads, r.customers, pct(r.conversion), moneyNumber(r.revenue), moneyNumber(r.budget), pct(r.roi)]);
    const t = stats.totals;
    rows.push(['', tc('total'), '', '', t.leads, t.customers, pct(t.conversion), moneyNumber(t.revenue), moneyNumber(t.budget), pct(t.roi)]);
    const blob = new Blob([toCsv([header, ...rows], csvFormatFor(language))], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    const period = filters.from || filters.to ? `_${filters.from || '…'}_${filters.to || '…'}` : '';
    a.download = `${tc('exportFileName')}${period}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  /** A period's first day as people read it: «нояб. 2026» for a month, «30.11.2026» for a week. */
  const periodLabel = (period: string) => {
    const [y, m, d] = period.split('-').map(Number);
    const date = new Date(y, m - 1, d);
    return bucket === 'month'
      ? new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric' }).format(date)
      : new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
  };
  const conversionData = {
    labels: timeline.map((p) => periodLabel(p.period)),
    datasets: [{ label: `${tc('columns.conversion')}, %`, data: timeline.map((p) => Math.round(p.conversion * 10000) / 100), borderColor: '#4268F6', backgroundColor: '#4268F6', pointRadius: 4, maxBarThickness: 80 }],
  };

  const chartOptions = { locale: language, responsive: true, maintainAspectRatio: false, animation: false as const, plugins: { legend: { position: 'bottom' as const } } };
  const conversionOptions = { ...chartOptions, scales: { y: { beginAtZero: true, ticks: { callback: (v: string | number) => `${v}\u00a0%` } } } };
  const labels = top.map((r) => (r.name.length > 24 ? `${r.name.slice(0, 23)}…` : r.name));

  return (
    <Box variant="grey" data-testid="dashboard">
      <MyWorkBlock money={money} count={count} language={language} tc={tc} />
      <Box variant="white" mb="lg">
        <H2>{tc('title')}</H2>
        <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" style={{ gap: 12 }} data-testid="dashboard-filters">
          <Box>
            <Label htmlFor="stats-from">{tc('from')}</Label>
            <Input id="stats-from" type="date" value={filters.from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ from: e.target.value })} />
          </Box>
          <Box>
            <Label htmlFor="stats-to">{tc('to')}</Label>
            <Input id="stats-to" type="date" value={filters.to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ to: e.target.value })} style={periodError ? { borderColor: '#c20012' } : undefined} aria-invalid={!!periodError} />
          </Box>
          <Button type="button" size="sm" variant="outlined" onClick={() => preset(30)} data-testid="preset-30">{tc('last30')}</Button>
          <Button type="button" size="sm" variant="outlined" onClick={() => preset(90)} data-testid="preset-90">{tc('last90')}</Button>
          <Button type="button" size="sm" variant="text" onClick={() => set({ from: '', to: '' })}>{tc('allTime')}</Button>
          <Box>
            <Label htmlFor="stats-channel">{tc('channel')}</Label>
            <select id="stats-channel" value={filters.channel} onChange={(e) => set({ channel: e.target.value })} style={{ height: 36, padding: '0 8px' }}>
              <option value="">{tc('any')}</option>
              {CHANNELS.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
            </select>
          </Box>
          <Box>
            <Label htmlFor="stats-status">{tc('status')}</Label>
            <select id="stats-status" value={filters.status} onChange={(e) => set({ status: e.target.value })} style={{ height: 36, padding: '0 8px' }}>
              <option value="">{tc('any')}</option>
              {CAMPAIGN_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
            </select>
          </Box>
          <Button type="button" size="sm" onClick={exportCsv} disabled={!stats || loading} data-testid="export-csv">{tc('exportCsv')}</Button>
        </Box>
      </Box>

      {periodError && <MessageBox mb="lg" variant="danger" message={periodError} data-testid="period-error" />}
      {error && <MessageBox mb="lg" variant="danger" message={`${tc('error')}: ${error}`} />}
      {(loading || !currency) && !(stats && currency) && (
        <Box variant="white" data-testid="dashboard-loading">
          <Loader />
          <Text>{tc('loading')}</Text>
        </Box>
      )}
      {stats && currency && stats.campaigns.length === 0 && (
        <Box variant="white" data-testid="dashboard-empty">
          <Text>{filters.channel || filters.status ? tc('nothingMatches') : tc('empty')}</Text>
        </Box>
      )}
      {stats && currency && stats.campaigns.length > 0 && (
        <Box style={{ opacity: loading ? 0.6 : 1 }}>
          <Box flex flexDirection="row" flexWrap="wrap" data-testid="dashboard-totals">
            <Card label={tc('columns.leads')} value={count(stats.totals.leads)} testId="total-leads" />
            <Card label={tc('columns.customers')} value={count(stats.totals.customers)} testId="total-customers" />
            <Card label={tc('columns.conversion')} value={percent(stats.totals.conversion)} testId="total-conversion" />
            <Card label={tc('columns.revenue')} value={money(stats.totals.revenue)} testId="total-revenue" />
            <Card label={tc('columns.budget')} value={money(stats.totals.budget)} testId="total-budget" />
            <Card label={tc('columns.roi')} value={percent(stats.totals.roi)} testId="total-roi" />
          </Box>

          <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }} mb="lg">
            <Box variant="white" style={{ flex: '1 1 480px', minWidth: 0 }}>
              <H3>{tc('leadsVsCustomers', { count: top.length })}</H3>
              <Box style={{ height: 320 }} data-testid="chart-leads">
                <Bar
                  options={chartOptions}
                  data={{
                    labels,
                    datasets: [
                      { label: tc('columns.leads'), data: top.map((r) => r.leads), backgroundColor: '#4268F6' },
                      { label: tc('columns.customers'), data: top.map((r) => r.customers), backgroundColor: '#2DB87E' },
                    ],
                  }}
                />
              </Box>
            </Box>
            <Box variant="white" style={{ flex: '1 1 480px', minWidth: 0 }}>
              <H3>{tc('revenueVsBudget', { count: top.length })}</H3>
              <Box style={{ height: 320 }} data-testid="chart-revenue">
                <Bar
                  options={chartOptions}
                  data={{
                    labels,
                    datasets: [
                      { label: `${tc('columns.revenue')}, ${sign}`, data: top.map((r) => moneyNumber(r.revenue)), backgroundColor: '#F0A030' },
                      { label: `${tc('columns.budget')}, ${sign}`, data: top.map((r) => moneyNumber(r.budget)), backgroundColor: '#9AA5B8' },
                    ],
                  }}
                />
              </Box>
            </Box>
          </Box>

          <Box variant="white" mb="lg">
            <H3>{tc(bucket === 'week' ? 'conversionByWeek' : 'conversionByMonth')}</H3>
            <Box style={{ height: 280 }} data-testid="chart-conversion">
              {timeline.length === 1 ? (
                // one period is a bar, not a lone dot on an empty line
                <Bar options={conversionOptions} data={conversionData} />
              ) : (
                <Line options={conversionOptions} data={conversionData} />
              )}
            </Box>
          </Box>

          <Box variant="white" mb="lg" style={{ overflowX: 'auto' }}>
            <H3>{tc('byCampaign', { count: stats.campaigns.length })}</H3>
            <Table data-testid="stats-table">
              <TableHead>
                <TableRow>
                  {COLUMNS.map((c) => (
                    <TableCell key={c} onClick={() => sortBy(c)} style={{ cursor: 'pointer', whiteSpace: 'nowrap', textAlign: NUMERIC.includes(c) ? 'right' : 'left' }} data-testid={`sort-${c}`}>
                      {tc(`columns.${c}`)} {filters.sort === c ? (filters.dir === 'asc' ? '▲' : '▼') : ''}
                    </TableCell>
                  ))}
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {(showAll ? sorted : sorted.slice(0, PAGE)).map((r) => (
                  <TableRow key={r.campaignId} data-testid="stats-row">
                    <TableCell><LinkIf allowed={may.campaigns} href={`/admin/resources/campaigns/records/${r.campaignId}/show`}>{r.name}</LinkIf></TableCell>
                    <TableCell>{channelLabel(r.channel)}</TableCell>
                    <TableCell>{statusLabel(r.status)}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{count(r.leads)}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{count(r.customers)}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{percent(r.conversion)}</TableCell>
                    <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(r.revenue)}</TableCell>
                    <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(r.budget)}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{percent(r.roi)}</TableCell>
                    <TableCell>{may.leads && <a href={`/admin/resources/leads?filters.campaignId=${r.campaignId}`}>{tc('leadsLink')}</a>}</TableCell>
                  </TableRow>
                ))}
                <TableRow data-testid="stats-total-row">
                  <TableCell><strong>{tc('total')}</strong></TableCell>
                  <TableCell />
                  <TableCell />
                  <TableCell style={{ textAlign: 'right' }}><strong>{count(stats.totals.leads)}</strong></TableCell>
                  <TableCell style={{ textAlign: 'right' }}><strong>{count(stats.totals.customers)}</strong></TableCell>
                  <TableCell style={{ textAlign: 'right' }}><strong>{percent(stats.totals.conversion)}</strong></TableCell>
                  <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}><strong>{money(stats.totals.revenue)}</strong></TableCell>
                  <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}><strong>{money(stats.totals.budget)}</strong></TableCell>
                  <TableCell style={{ textAlign: 'right' }}><strong>{percent(stats.totals.roi)}</strong></TableCell>
                  <TableCell />
                </TableRow>
              </TableBody>
            </Table>
            {!showAll && sorted.length > PAGE && (
              <Button type="button" size="sm" variant="text" mt="default" onClick={() => setShowAll(true)}>{tc('showAll', { count: sorted.length })}</Button>
            )}
          </Box>

          <Box variant="white" data-testid="top-customers">
            <H3>{tc('topCustomers')}</H3>
            {customers.length === 0 ? (
              <Text>{tc('noCustomers')}</Text>
            ) : (
              <Table>
                <TableHead>
                  <TableRow>
                    <TableCell>{tc('customer')}</TableCell>
                    <TableCell>{tc('campaign')}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{tc('contracts')}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{tc('salesVolume')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {customers.map((c) => (
                    <TableRow key={c.customerId}>
                      <TableCell><LinkIf allowed={may.customers} href={`/admin/resources/customers/records/${c.customerId}/show`}>{c.name}</LinkIf></TableCell>
                      <TableCell><LinkIf allowed={may.campaigns} href={`/admin/resources/campaigns/records/${c.campaignId}/show`}>{c.campaignName}</LinkIf></TableCell>
                      <TableCell style={{ textAlign: 'right' }}>{c.contracts}</TableCell>
                      <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{money(c.salesVolume)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Box>
        </Box>
      )}
    </Box>
  );
};

export default Dashboard;
