/**
 * A campaign's statuses and channels. Free of server imports: the panel's components bundle it too (the dashboard's
 * filters).
 */
export const CAMPAIGN_STATUSES = ['draft', 'active', 'finished'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CHANNELS = ['search', 'social', 'email', 'display', 'offline', 'referral', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
