import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The responsible manager of a lead (issue 13) and of the customer it becomes.
 *
 * - `leads.assignee_id` and `customers.assignee_id` reference users ON DELETE SET NULL at the database level, as
 *   `created_by_id` does: a deleted user's closed (converted, lost) leads and customers simply lose the name. Open
 *   leads are never orphaned silently: the users service refuses to deactivate or delete a user who still owns
 *   `new` or `in_progress` leads unless the request says what to do with them (reassign to another manager, or
 *   leave them unassigned), and does that in the same transaction (src/modules/users/users.service.ts).
 * - `leads_assignee_working_idx (assignee_id, id) WHERE status IN ('new', 'in_progress')`: «Мои лиды», a manager's
 *   working leads newest first, reads its first page backwards from that manager's entries, and the panel's counter
 *   of them is an index-only count of a few hundred entries, whatever the size of the table.
 * - `leads_assignee_id_idx (assignee_id, id)`: the list filtered by a manager in any status, or by «не назначен»
 *   (btree indexes NULL, so `assignee_id IS NULL` walks the same index), newest first; it also serves the
 *   foreign key's SET NULL on user deletion. Each index on leads costs the CSV import about a second per million rows.
 */
export class AddLeadAssignee1764000000700 implements MigrationInterface {
  name = 'AddLeadAssignee1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE leads ADD COLUMN assignee_id integer NULL REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE customers ADD COLUMN assignee_id integer NULL REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX leads_assignee_id_idx ON leads (assignee_id, id)`);
    await q.query(`CREATE INDEX leads_assignee_working_idx ON leads (assignee_id, id) WHERE status IN ('new', 'in_progress')`);
    await q.query(`CREATE INDEX customers_assignee_id_idx ON customers (assignee_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customers_assignee_id_idx`);
    await q.query(`DROP INDEX IF EXISTS leads_assignee_working_idx`);
    await q.query(`DROP INDEX IF EXISTS leads_assignee_id_idx`);
    await q.query(`ALTER TABLE customers DROP COLUMN IF EXISTS assignee_id`);
    await q.query(`ALTER TABLE leads DROP COLUMN IF EXISTS assignee_id`);
  }
}
