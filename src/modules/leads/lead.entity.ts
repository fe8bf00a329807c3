import { BaseEntity, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { User } from '../users/user.entity.js';

export const LEAD_STATUSES = ['new', 'in_progress', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

@Entity({ name: 'leads' })
export class Lead extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'last_name' })
  lastName: string;

  @Column({ type: 'varchar', length: 100, name: 'first_name' })
  firstName: string;

  @Column({ type: 'varchar', length: 100, name: 'middle_name', nullable: true })
  middleName: string | null;

  /** Maintained by PostgreSQL (a generated column): the title shown and searched in the panel. */
  @Column({ type: 'varchar', name: 'full_name', insert: false, update: false, generatedType: 'STORED', asExpression: "last_name || ' ' || first_name || coalesce(' ' || middle_name, '')" })
  fullName: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'integer', name: 'campaign_id' })
  campaignId: number;

  @ManyToOne(() => Campaign, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id' })
  campaign: Relation<Campaign>;

  @Column({ type: 'enum', enum: LEAD_STATUSES, enumName: 'lead_status', default: 'new' })
  status: LeadStatus;

  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'text', name: 'lost_reason', nullable: true })
  lostReason: string | null;

  @Column({ type: 'bigint', name: 'import_batch_id', nullable: true })
  importBatchId: string | null;

  @Column({ type: 'integer', name: 'created_by_id', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  /** The responsible manager (an active manager or admin when set); null: «не назначен». */
  @Column({ type: 'integer', name: 'assignee_id', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
