import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to each API request sent with an `Idempotency-Key`, per user, for a day: a client that retries
 * a POST (its connection dropped, the server answered 503) gets that answer again instead of a second action.
 * `status` stays NULL while the first request is still running. The body is `json`, not `jsonb`, so a replay is
 * the first answer as sent, key order included.
 */
export class CreateIdempotencyKeys1764000000500 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        method varchar(10) NOT NULL,
        path text NOT NULL,
        request_hash char(64) NOT NULL,
        status smallint,
        body json,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS idempotency_keys`);
  }
}
