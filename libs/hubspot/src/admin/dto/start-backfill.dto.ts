import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SyncRunScope } from '../../sync/runs/sync-run.types';

export const RUN_SCOPES: SyncRunScope[] = ['contacts', 'companies', 'all'];

export class StartBackfillDto {
  @ApiPropertyOptional({
    enum: RUN_SCOPES,
    default: 'all',
    description: 'all = companies, contacts, associations',
  })
  @IsOptional()
  @IsIn(RUN_SCOPES)
  kind?: SyncRunScope;

  @ApiPropertyOptional({
    default: false,
    description: 'Count creates/updates/unchanged and the cost; write nothing',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'Portal to fill (default: the only/default portal)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  portalId?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 100, description: 'Records per batch call' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  batchSize?: number;
}
