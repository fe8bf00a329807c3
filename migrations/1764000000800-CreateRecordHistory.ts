import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of every record (docs/product.md, "History"): one append-only row per change made through the
 * services, written in the change's own transaction (src/modules/history/history.service.ts). Nothing points at
 * the changed record or at the actor with a foreign key, so a record's history outlives the record (its last
 * title is kept in `record_title`) and a deleted user's changes keep their author's name (`actor_name`).
 * Rows are never updated or deleted: a trigger refuses both.
 */
export class CreateRecordHistory1764000000800 implements MigrationInterface {
  name = 'CreateRecordHistory1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id integer,
        actor_name text NOT NULL DEFAULT '',
        actor_roles text[] NOT NULL DEFAULT '{}',
        via text NOT NULL CHECK (via IN ('panel', 'api', 'import', 'system')),
        resource text NOT NULL,
        record_id text NOT NULL,
        record_title text NOT NULL DEFAULT '',
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]',
        meta jsonb NOT NULL DEFAULT '{}'
      )`);
    // A record's history, newest first; the journal by user. The journal's whole list walks the primary key.
    await q.query(`CREATE INDEX record_events_record_idx ON record_events (resource, record_id, id DESC)`);
    await q.query(`CREATE INDEX record_events_actor_idx ON record_events (actor_id, id DESC)`);
    await q.query(`
      CREATE FUNCTION record_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'record_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER record_events_append_only BEFORE UPDATE OR DELETE ON record_events
      FOR EACH ROW EXECUTE FUNCTION record_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS record_events`);
    await q.query(`DROP FUNCTION IF EXISTS record_events_append_only()`);
  }
}
