import { ApiProperty, ApiPropertyOptional } from '../openapi.decorators';
import {
  LimitQuery,
  ObjectTypeFilter,
  OffsetQuery,
  OptionalIn,
  PortalIdBody,
  PortalIdQuery,
} from './admin-fields.decorators';

const STATUSES = ['open', 'replaying', 'resolved'] as const;

export class ListDeadLettersQueryDto {
  @PortalIdQuery() portalId?: number;
  @OptionalIn(STATUSES) status?: (typeof STATUSES)[number];
  @ObjectTypeFilter('contacts') objectType?: string;
  @LimitQuery(1000, 100) limit?: number;
  @OffsetQuery() offset?: number;
}

/** Replays every open dead letter matching the filter (no filter: all open ones). */
export class ReplayDeadLettersDto {
  @PortalIdBody() portalId?: number;
  @ObjectTypeFilter('contacts') objectType?: string;
}

export class DeadLetterViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() portalId!: number;
  @ApiProperty() objectType!: string;
  @ApiProperty() operation!: string;
  @ApiPropertyOptional({ nullable: true }) localKey!: string | null;
  @ApiProperty() lane!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true }) category!: string | null;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ nullable: true }) statusCode!: number | null;
  @ApiPropertyOptional({ nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  details!: Record<string, unknown> | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() replayCount!: number;
  @ApiPropertyOptional({ nullable: true }) resolvedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: DeadLetterViewDto, isArray: true }) items!: DeadLetterViewDto[];
  @ApiProperty() total!: number;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'How many dead letters were sent again' }) replayed!: number;
}
