import type { MigrationInterface, QueryRunner } from 'typeorm';
import { foldSql } from '../src/shared/fold.js';

/**
 * A customer's name is searched as a lead's is (1764000000900-FoldLeadNamesForSearch): ё as е, any case, the words
 * in any order. `customers.search_name` is display_name folded by foldSql(), stored, with a trigram index that serves
 * each word's ILIKE — for the customers list's «Имя» filter, its search box and the API's `name` and `search`.
 */
export class FoldCustomerNamesForSearch1764000001000 implements MigrationInterface {
  name = 'FoldCustomerNamesForSearch1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers ADD COLUMN search_name text GENERATED ALWAYS AS (${foldSql('display_name')}) STORED`);
    await q.query(`CREATE INDEX customers_search_name_trgm ON customers USING gin (search_name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customers_search_name_trgm`);
    await q.query(`ALTER TABLE customers DROP COLUMN search_name`);
  }
}
