import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The leads of one campaign, newest first: the panel's leads list sorts by id descending (leads.admin.ts), and the
 * campaign page links to that list filtered by campaign, as does the API's default `sort=-id`. No index gave that
 * order within a campaign, so PostgreSQL walked leads_pkey backwards discarding other campaigns' leads until ten
 * matched: 65 ms on 1,000,000 leads for a campaign of 594 (433,000 rows discarded), growing with the table. With
 * (campaign_id, id) it reads ten index entries backwards: 0.1 ms whatever the campaign's size, on any page of it
 * (OFFSET walks the same index), and the panel's count of a campaign's leads is an index-only scan of it.
 *
 * Added, not replacing leads_campaign_created_idx (campaign_id, created_at), although each index on leads costs
 * the CSV import about a second per million rows: that one is still what serves a campaign's leads sorted by
 * creation time (the panel's "created" column, the API's `campaignId` with `sort=createdAt` or `-createdAt`).
 * Without it that sort walks leads_created_at_idx discarding other campaigns' leads: measured 160 ms instead of
 * 0.8 ms on 1,000,000 leads for a campaign whose leads are all old, the same trap as above. (campaign_id, id)
 * cannot give created_at order, nor (campaign_id, created_at) id order: ids follow time in practice, but not
 * strictly (concurrent transactions; an import stamps a whole file with one created_at). Both indexes also serve
 * the campaign's foreign key (RESTRICT on campaign delete) and the campaign + creation period filters.
 */
export class IndexLeadsByCampaignAndId1764000000400 implements MigrationInterface {
  name = 'IndexLeadsByCampaignAndId1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX leads_campaign_id_idx ON leads (campaign_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS leads_campaign_id_idx`);
  }
}
