import type { PropertyOptions } from 'adminjs';
import { moneyProperty, showOnly, type UiSettings } from '../../admin/ui.js';
import { campaignFigures } from './statistics.service.js';
import type { CampaignFigures } from './statistics.types.js';

/** The campaign figures shown on a campaign's page (filled by campaignShowParams in its show action). */
export const CAMPAIGN_STATS_PROPERTIES = ['statsCustomers', 'statsConversion', 'statsRevenue', 'statsRoi'];

export const campaignStatsProperties = (ui: UiSettings): Record<string, PropertyOptions> => ({
  statsCustomers: { ...showOnly, type: 'number' },
  statsConversion: { ...showOnly, type: 'number' },
  statsRevenue: moneyProperty(ui, showOnly),
  statsRoi: { ...showOnly, type: 'number' },
});

/** A fraction (0.1234) as the percentage the page shows (12.34). */
const percent = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 100);

/**
 * A campaign's figures as its page's record params: the service's domain figures mapped to the panel's property
 * names. `leadsCount` is every lead of the campaign, whatever its status: the rollup's `leads` counts exactly those.
 */
export const showParamsOf = (f: CampaignFigures): Record<string, string | number | null> => ({
  leadsCount: f.leads,
  statsCustomers: f.customers,
  statsConversion: percent(f.conversion),
  statsRevenue: f.revenue,
  statsRoi: percent(f.roi),
});

/** What a campaign's show action adds to its record params (nothing for a campaign gone meanwhile). */
export async function campaignShowParams(campaignId: number): Promise<Record<string, string | number | null>> {
  const figures = await campaignFigures(campaignId);
  return figures ? showParamsOf(figures) : {};
}
