import type { PropertyOptions } from 'adminjs';
import { moneyProperty, showOnly, type UiSettings } from '../../admin/ui.js';

/** The campaign figures shown on a campaign's page (filled by campaignShowParams in its show action). */
export const CAMPAIGN_STATS_PROPERTIES = ['statsCustomers', 'statsConversion', 'statsRevenue', 'statsRoi'];

export const campaignStatsProperties = (ui: UiSettings): Record<string, PropertyOptions> => ({
  statsCustomers: { ...showOnly, type: 'number' },
  statsConversion: { ...showOnly, type: 'number' },
  statsRevenue: moneyProperty(ui, showOnly),
  statsRoi: { ...showOnly, type: 'number' },
});
