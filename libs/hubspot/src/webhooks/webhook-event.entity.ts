import { Column, Entity, Index, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';
import { CreatedAtColumn, OptionalDatetimeColumn, UpdatedAtColumn } from '../model/entity-columns';
import type { HubspotWebhookEvent, WebhookEventStatus } from './webhook-event.types';

/** JSON in a text column: the same on MySQL 8 and MariaDB (whose JSON type is a LONGTEXT alias). */
const JSON_TEXT: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : JSON.parse(value)),
};

/** One distinct HubSpot change received by webhook, with its handling outcome. */
@Entity('hubspot_webhook_events')
@Index('UQ_hubspot_webhook_events_dedupe', ['dedupeKey'], { unique: true })
@Index('IDX_hubspot_webhook_events_object', ['objectKey', 'status', 'occurredAt'])
@Index('IDX_hubspot_webhook_events_due', ['status', 'nextAttemptAt'])
export class HubspotWebhookEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  /** sha256 over the fields that identify the change (eventId is not unique). */
  @Column({ name: 'dedupe_key', type: 'char', length: 64 }) dedupeKey!: string;
  @Column({ name: 'portal_id', type: 'bigint' }) portalId!: string;
  @Column({ name: 'subscription_type', type: 'varchar', length: 64 }) subscriptionType!: string;
  @Column({ name: 'object_type', type: 'varchar', length: 64 }) objectType!: string;
  @Column({ name: 'object_id', type: 'bigint' }) objectId!: string;
  /** portalId:objectType:objectId: the unit of ordering. */
  @Column({ name: 'object_key', type: 'varchar', length: 160 }) objectKey!: string;
  @Column({ name: 'property_name', type: 'varchar', length: 255, nullable: true }) propertyName!:
    string | null;
  @Column({ name: 'event_id', type: 'bigint' }) eventId!: string;
  /** Epoch ms, as HubSpot sends it. */
  @Column({ name: 'occurred_at', type: 'bigint' }) occurredAt!: string;
  @Column({ name: 'change_source', type: 'varchar', length: 64, nullable: true }) changeSource!:
    string | null;
  @Column({ name: 'source_id', type: 'varchar', length: 255, nullable: true }) sourceId!: string | null;
  @Column({ type: 'mediumtext', transformer: JSON_TEXT }) payload!: HubspotWebhookEvent;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: WebhookEventStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @OptionalDatetimeColumn('next_attempt_at')
  nextAttemptAt!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** Handlers (Class.method) that already succeeded: a retry runs only the others. */
  @Column({ name: 'completed_handlers', type: 'text', nullable: true, transformer: JSON_TEXT })
  completedHandlers!: string[] | null;
  @CreatedAtColumn('received_at') receivedAt!: Date;
  @OptionalDatetimeColumn('processed_at') processedAt!: Date | null;
  @UpdatedAtColumn() updatedAt!: Date;
}
