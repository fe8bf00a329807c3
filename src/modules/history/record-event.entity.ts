import { BaseEntity, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { RESOURCES } from '../users/permissions.js';
import { User } from '../users/user.entity.js';
import { HISTORY_ACTIONS, VIAS, type Change, type HistoryAction } from './history.types.js';

/**
 * One change of one record (migrations/1764000000800): append-only, written by recordEvents() in the change's own
 * transaction. `actorId` points at no row by constraint: the actor may be deleted, their name stays in `actorName`.
 */
@Entity({ name: 'record_events' })
export class RecordEvent extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'integer', name: 'actor_id', nullable: true })
  actorId: number | null;

  /** For the journal's user filter; no foreign key (createForeignKeyConstraints: false): history outlives users. */
  @ManyToOne(() => User, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'actor_id' })
  actor: Relation<User> | null;

  @Column({ type: 'text', name: 'actor_name' })
  actorName: string;

  @Column({ type: 'text', name: 'actor_roles', array: true })
  actorRoles: string[];

  @Column({ type: 'text', enum: VIAS })
  via: string;

  @Column({ type: 'text', enum: RESOURCES })
  resource: string;

  @Column({ type: 'text', name: 'record_id' })
  recordId: string;

  @Column({ type: 'text', name: 'record_title' })
  recordTitle: string;

  @Column({ type: 'text', enum: HISTORY_ACTIONS })
  action: HistoryAction;

  @Column({ type: 'jsonb' })
  changes: Change[];

  @Column({ type: 'jsonb' })
  meta: Record<string, unknown>;
}
