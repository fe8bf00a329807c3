import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-row report of an import keeps what is wrong with a row as message codes and parameters
 * (`[{ "code": "importRow.phoneInvalid", "params": { "value": "12-34" } }]`), so that it is rendered in the language
 * of whoever downloads it. Rows written before keep their Russian sentence in `reason` and are shown as they are.
 */
export class StoreImportProblemsAsCodes1764000000600 implements MigrationInterface {
  name = 'StoreImportProblemsAsCodes1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batch_errors
        ADD COLUMN problems jsonb CHECK (jsonb_typeof(problems) = 'array'),
        ALTER COLUMN reason DROP NOT NULL,
        ADD CONSTRAINT import_batch_errors_reason_given CHECK (problems IS NOT NULL OR reason IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Reports written since keep their codes as text: readable, though no longer rendered.
    await q.query(`UPDATE import_batch_errors SET reason = problems::text WHERE reason IS NULL`);
    await q.query(`
      ALTER TABLE import_batch_errors
        DROP CONSTRAINT import_batch_errors_reason_given,
        DROP COLUMN problems,
        ALTER COLUMN reason SET NOT NULL`);
  }
}
