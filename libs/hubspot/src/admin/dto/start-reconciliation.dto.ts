import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { SyncRunScope } from '../../sync/runs/sync-run.types';
import { RUN_SCOPES } from './start-backfill.dto';

export class StartReconciliationDto {
  @ApiPropertyOptional({ enum: RUN_SCOPES, default: 'all' })
  @IsOptional()
  @IsIn(RUN_SCOPES)
  kind?: SyncRunScope;

  @ApiPropertyOptional({
    description:
      "Check only records HubSpot changed since the last completed reconciliation (default: options')",
  })
  @IsOptional()
  @IsBoolean()
  incremental?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  portalId?: number;
}
