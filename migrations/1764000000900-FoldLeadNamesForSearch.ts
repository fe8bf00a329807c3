import type { MigrationInterface, QueryRunner } from 'typeorm';
import { foldSql } from '../src/shared/fold.js';

/**
 * Names are searched as Russian users type them: «Ковалев» finds «Ковалёв», «семенова» finds «Семёнова», and the
 * words in any order («Алла Семёнова» finds «Семёнова Алла»). The search compares the typed words, folded in
 * JavaScript by fold() (src/shared/fold.ts), with `search_name`: the full name folded the same way by foldSql(),
 * stored as a generated column so that its trigram index serves ILIKE '%word%' for each word.
 *
 * The trigram index of full_name is replaced: every name search (the panel's quick search and its name filter, the
 * REST API's `search`, the export, the customers search through their lead) now reads search_name, and each index on
 * leads costs the CSV import about a second per million rows. full_name stays: it is what lists and cards show.
 */
export class FoldLeadNamesForSearch1764000000900 implements MigrationInterface {
  name = 'FoldLeadNamesForSearch1764000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE leads ADD COLUMN search_name text GENERATED ALWAYS AS (${foldSql(`last_name || ' ' || first_name || coalesce(' ' || middle_name, '')`)}) STORED`,
    );
    await q.query(`CREATE INDEX leads_search_name_trgm ON leads USING gin (search_name gin_trgm_ops)`);
    await q.query(`DROP INDEX IF EXISTS leads_full_name_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX leads_full_name_trgm ON leads USING gin (full_name gin_trgm_ops)`);
    await q.query(`DROP INDEX IF EXISTS leads_search_name_trgm`);
    await q.query(`ALTER TABLE leads DROP COLUMN search_name`);
  }
}
