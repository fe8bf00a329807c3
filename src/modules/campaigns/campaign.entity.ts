import { BaseEntity, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Service } from '../services/service.entity.js';
import { CAMPAIGN_STATUSES, CHANNELS, type CampaignStatus, type Channel } from './campaign.values.js';

export { CAMPAIGN_STATUSES, CHANNELS, type CampaignStatus, type Channel };

@Entity({ name: 'campaigns' })
export class Campaign extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'integer', name: 'service_id' })
  serviceId: number;

  @ManyToOne(() => Service, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id' })
  service: Relation<Service>;

  @Column({ type: 'enum', enum: CHANNELS, enumName: 'campaign_channel' })
  channel: Channel;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  budget: string;

  @Column({ type: 'enum', enum: CAMPAIGN_STATUSES, enumName: 'campaign_status', default: 'draft' })
  status: CampaignStatus;

  @Column({ type: 'timestamptz', name: 'launched_at', nullable: true })
  launchedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
