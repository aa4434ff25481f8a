import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The host's view of a HubSpot deal's pipeline stage, kept current by webhooks (example). */
@Entity('crm_deal_stages')
export class CrmDealStage {
  @PrimaryColumn({ name: 'deal_id', type: 'bigint' }) dealId!: string;
  @Column({ name: 'portal_id', type: 'bigint' }) portalId!: string;
  @Column({ type: 'varchar', length: 100 }) stage!: string;
  /** occurredAt (epoch ms) of the change that set `stage`: an older change never overwrites a newer one. */
  @Column({ name: 'stage_changed_at', type: 'bigint' }) stageChangedAt!: string;
  @Column({ name: 'won_at', type: 'datetime', precision: 3, nullable: true }) wonAt!: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
}
