/**
 * The shapes of the statistics API's filters and answers. Types only: the dashboard component imports them too, and
 * they vanish from its bundle.
 */
import type { CampaignStatus, Channel } from '../campaigns/campaign.values.js';

export interface StatsFilter {
  from?: string;
  to?: string;
  channel?: Channel;
  status?: CampaignStatus;
}

export interface CampaignFigures {
  leads: number;
  customers: number;
  conversion: number;
  revenue: string;
  budget: string;
  roi: number | null;
}

export interface CampaignStatsRow extends CampaignFigures {
  campaignId: number;
  name: string;
  channel: Channel;
  status: CampaignStatus;
}

export interface CampaignStatistics {
  filters: StatsFilter;
  totals: CampaignFigures & { campaigns: number };
  campaigns: CampaignStatsRow[];
}

export interface TimelinePoint {
  period: string;
  leads: number;
  customers: number;
  conversion: number;
  revenue: string;
}

export interface TopCustomer {
  customerId: number;
  name: string;
  campaignId: number;
  campaignName: string;
  contracts: number;
  salesVolume: string;
}
