import { ApiProperty, ApiPropertyOptional } from '../openapi.decorators';
import { ParkReason } from '../../engine/dispatch/dispatch.types';
import { OAuthPortalStatus } from '../../auth/oauth/hubspot-oauth-token.entity';

export class PortalParkDto {
  @ApiProperty({ enum: ['daily_limit', 'daily_reserve', 'needs_reinstall', 'outage'] }) reason!: ParkReason;
  @ApiProperty({ description: 'when the portal is looked at again' }) until!: string;
  @ApiProperty({ enum: ['all', 'bulk'], description: "'bulk': only reconcile and backfill wait" })
  scope!: 'all' | 'bulk';
}

export class PortalBudgetDto {
  @ApiProperty({ description: 'calls in the rolling window now, in flight included' }) used!: number;
  @ApiProperty({ description: 'calls allowed per window (as HubSpot last reported)' }) max!: number;
  @ApiProperty() windowMs!: number;
  @ApiProperty({ description: 'used / max' }) usedRatio!: number;
  @ApiPropertyOptional({ nullable: true, description: 'calls left today, once HubSpot reported it' })
  dailyRemaining!: number | null;
  @ApiPropertyOptional({ nullable: true }) dailyResetAt!: string | null;
}

export class PortalOutboxDto {
  @ApiProperty({ description: "the portal's outbox rows not settled yet (in the relay's hands or in Redis)" })
  size!: number;
  @ApiProperty({ description: 'rows not relayed into Redis yet' }) waiting!: number;
  @ApiProperty({ description: 'age of the oldest, seconds (0 when none)' }) oldestAgeSeconds!: number;
}

export class PortalOAuthDto {
  @ApiProperty({ enum: ['active', 'needs_reinstall'] }) status!: OAuthPortalStatus;
  @ApiPropertyOptional({ nullable: true }) statusReason!: string | null;
}

/** One portal's queued work as operators see it (GET <adminPath>/portals). */
export class PortalQueueDto {
  @ApiProperty() portalId!: number;
  @ApiProperty({
    description: 'records waiting per lane',
    example: { live: 3, webhook: 0, reconcile: 0, backfill: 20000 },
  })
  lanes!: Record<string, number>;
  @ApiProperty({ description: 'records waiting, all lanes' }) ready!: number;
  @ApiProperty({ description: 'records in batches being sent now' }) inFlight!: number;
  @ApiPropertyOptional({ nullable: true, description: 'when the oldest waiting record became due' })
  oldestDueAt!: string | null;
  @ApiPropertyOptional({ type: PortalParkDto, nullable: true }) parked!: PortalParkDto | null;
  @ApiProperty({ type: PortalBudgetDto }) budget!: PortalBudgetDto;
  @ApiProperty({ type: PortalOutboxDto }) outbox!: PortalOutboxDto;
  @ApiPropertyOptional({ type: PortalOAuthDto, nullable: true, description: 'OAuth mode only' })
  oauth!: PortalOAuthDto | null;
}
