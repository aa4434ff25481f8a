import { ApiPropertyOptional } from '../openapi.decorators';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SyncRunScope } from '../../runs/sync-run.types';
import { OptionalIn, PortalIdBody } from './admin-fields.decorators';

export const RUN_SCOPES: SyncRunScope[] = ['contacts', 'companies', 'all'];

export class StartBackfillDto {
  @OptionalIn(RUN_SCOPES, { default: 'all', description: 'all = companies, contacts, associations' })
  kind?: SyncRunScope;

  @ApiPropertyOptional({
    default: false,
    description: 'Count creates/updates/unchanged and the cost; write nothing',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @PortalIdBody({ min: 1, description: 'Portal to fill (default: the only/default portal)' })
  portalId?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 100, description: 'Records per batch call' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  batchSize?: number;
}
