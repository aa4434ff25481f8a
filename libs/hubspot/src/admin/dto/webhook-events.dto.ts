import { ApiProperty, ApiPropertyOptional } from '../openapi.decorators';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WebhookEventStatus } from '../../webhooks/webhook-event.types';
import {
  LimitBody,
  LimitQuery,
  ObjectTypeFilter,
  OptionalIntQuery,
  OptionalIn,
  PortalIdBody,
  PortalIdQuery,
} from './admin-fields.decorators';

const STATUSES: WebhookEventStatus[] = ['pending', 'done', 'skipped', 'echo', 'failed'];
/** Row ids are unsigned BIGINTs, kept as strings end to end. */
const ROW_ID = /^[1-9][0-9]{0,18}$/;
const SUBSCRIPTION_TYPE = /^[a-z_]+\.[a-z]+$/i;

/** Filters of the webhook events list; paged newest first with `limit` and the `beforeId` cursor. */
export class ListWebhookEventsQueryDto {
  @OptionalIn(STATUSES) status?: WebhookEventStatus;
  @PortalIdQuery() portalId?: number;

  @ApiPropertyOptional({ example: 'contact.propertyChange' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(SUBSCRIPTION_TYPE)
  subscriptionType?: string;

  @ObjectTypeFilter('contact') objectType?: string;
  @OptionalIntQuery() objectId?: number;
  @LimitQuery(500, 50) limit?: number;

  @ApiPropertyOptional({ description: 'Only events with a smaller id (the previous page’s nextBeforeId)' })
  @IsOptional()
  @Matches(ROW_ID)
  beforeId?: string;
}

export class WebhookEventIdParamDto {
  @ApiProperty({ example: '42' })
  @Matches(ROW_ID, { message: 'id must be a positive integer' })
  id!: string;
}

/** Replays every failed event (optionally of one portal), up to `limit`. */
export class ReplayFailedWebhookEventsDto {
  @PortalIdBody() portalId?: number;
  @LimitBody(500, 500) limit?: number;
}

export class WebhookEventViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() dedupeKey!: string;
  @ApiProperty() portalId!: string;
  @ApiProperty() subscriptionType!: string;
  @ApiProperty() objectType!: string;
  @ApiProperty() objectId!: string;
  @ApiProperty() objectKey!: string;
  @ApiPropertyOptional({ nullable: true }) propertyName!: string | null;
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'Epoch milliseconds' }) occurredAt!: string;
  @ApiPropertyOptional({ nullable: true }) changeSource!: string | null;
  @ApiPropertyOptional({ nullable: true }) sourceId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true }) nextAttemptAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, isArray: true }) completedHandlers!: string[] | null;
  @ApiProperty() receivedAt!: Date;
  @ApiPropertyOptional({ nullable: true }) processedAt!: Date | null;
  @ApiProperty() updatedAt!: Date;
}

export class WebhookEventPageDto {
  @ApiProperty({ type: WebhookEventViewDto, isArray: true }) items!: WebhookEventViewDto[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as beforeId for the next page; null on the last page',
  })
  nextBeforeId!: string | null;
}

export class WebhookEventCountsDto {
  @ApiProperty() pending!: number;
  @ApiProperty() done!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() echo!: number;
  @ApiProperty() failed!: number;
}

export class WebhookEventsReplayResultDto {
  @ApiProperty({ description: 'How many events were queued again' }) replayed!: number;
}
