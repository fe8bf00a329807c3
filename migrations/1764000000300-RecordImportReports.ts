import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an import batch needs beyond its counts: the duplicate policy it ran with, when it was undone, and the
 * per-row report of rejected rows (the downloadable error CSV), kept in PostgreSQL so that any app process can
 * serve it and it goes away with its batch.
 */
export class RecordImportReports1764000000300 implements MigrationInterface {
  name = 'RecordImportReports1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batches
        ADD COLUMN duplicate_policy varchar(6) NOT NULL DEFAULT 'skip' CHECK (duplicate_policy IN ('skip', 'create')),
        ADD COLUMN undone_at timestamptz`);
    await q.query(`CREATE INDEX import_batches_campaign_idx ON import_batches (campaign_id, id)`);
    await q.query(`
      CREATE TABLE import_batch_errors (
        batch_id bigint NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
        line integer NOT NULL,
        reason text NOT NULL,
        last_name text,
        first_name text,
        middle_name text,
        phone text,
        email text,
        notes text,
        PRIMARY KEY (batch_id, line)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_batch_errors`);
    await q.query(`DROP INDEX IF EXISTS import_batches_campaign_idx`);
    await q.query(`ALTER TABLE import_batches DROP COLUMN IF EXISTS undone_at, DROP COLUMN IF EXISTS duplicate_policy`);
  }
}
