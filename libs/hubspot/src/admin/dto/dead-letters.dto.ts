import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const STATUSES = ['open', 'replaying', 'resolved'] as const;
const OBJECT_TYPE = /^[a-z0-9_-]+$/i;

export class ListDeadLettersQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  portalId?: number;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ example: 'contacts' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(OBJECT_TYPE)
  objectType?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** Replays every open dead letter matching the filter (no filter: all open ones). */
export class ReplayDeadLettersDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  portalId?: number;

  @ApiPropertyOptional({ example: 'contacts' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(OBJECT_TYPE)
  objectType?: string;
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
