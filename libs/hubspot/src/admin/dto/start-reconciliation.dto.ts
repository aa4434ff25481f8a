import { ApiPropertyOptional } from '../openapi.decorators';
import { IsBoolean, IsOptional } from 'class-validator';
import { SyncRunScope } from '../../runs/sync-run.types';
import { OptionalIn, PortalIdBody } from './admin-fields.decorators';
import { RUN_SCOPES } from './start-backfill.dto';

export class StartReconciliationDto {
  @OptionalIn(RUN_SCOPES, { default: 'all' }) kind?: SyncRunScope;

  @ApiPropertyOptional({
    description:
      "Check only records changed since the last completed reconciliation, in HubSpot and (when the source reports them) locally (default: options')",
  })
  @IsOptional()
  @IsBoolean()
  incremental?: boolean;

  @PortalIdBody({ min: 1 }) portalId?: number;
}
