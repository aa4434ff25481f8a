import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, OptionalDatetimeColumn, PortalIdColumn } from '../../model/entity-columns';

export type GdprAuditStatus = 'requested' | 'erased' | 'not_found' | 'failed';

/** One GDPR erasure request: who, which key, what HubSpot answered. Kept after the contact is gone. */
@Entity('hubspot_gdpr_audit')
@Index('IDX_hubspot_gdpr_audit_key', ['portalId', 'localKey'])
export class HubspotGdprAudit {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @PortalIdColumn()
  portalId!: number;

  @Column({ name: 'local_key', type: 'varchar', length: 255 })
  localKey!: string;

  @Column({ name: 'hubspot_id', type: 'varchar', length: 32, nullable: true })
  hubspotId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: GdprAuditStatus;

  /** Who asked (the host passes an actor id); free text, never a secret. */
  @Column({ name: 'requested_by', type: 'varchar', length: 255, nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @OptionalDatetimeColumn('completed_at')
  completedAt!: Date | null;
}
