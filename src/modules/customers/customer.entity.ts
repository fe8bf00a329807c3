import { BaseEntity, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Lead } from '../leads/lead.entity.js';
import { User } from '../users/user.entity.js';

@Entity({ name: 'customers' })
export class Customer extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The lead's full name at conversion (a converted lead is read-only), shown as the customer's title. */
  @Column({ type: 'varchar', length: 320, name: 'display_name' })
  displayName: string;

  @Column({ type: 'bigint', name: 'lead_id' })
  leadId: string;

  @OneToOne(() => Lead, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead: Relation<Lead>;

  @Column({ type: 'timestamptz', name: 'converted_at' })
  convertedAt: Date;

  @Column({ type: 'integer', name: 'converted_by_id', nullable: true })
  convertedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'converted_by_id' })
  convertedBy: Relation<User> | null;

  /** The responsible manager, inherited from the lead at conversion. */
  @Column({ type: 'integer', name: 'assignee_id', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
