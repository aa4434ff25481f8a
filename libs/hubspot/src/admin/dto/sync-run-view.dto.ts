import { ApiProperty, ApiPropertyOptional } from '../openapi.decorators';
import { SyncRunView } from '../../runs/sync-run.view';
import {
  SyncRunKind,
  SyncRunPhase,
  SyncRunReport,
  SyncRunScope,
  SyncRunStatus,
} from '../../runs/sync-run.types';

/** OpenAPI shape of a run (what the admin endpoints answer). */
export class SyncRunViewDto implements SyncRunView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['backfill', 'reconcile'] }) kind!: SyncRunKind;
  @ApiProperty({ enum: ['contacts', 'companies', 'all'] }) scope!: SyncRunScope;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() incremental!: boolean;
  @ApiProperty() portalId!: number;
  @ApiProperty({ enum: ['queued', 'running', 'paused', 'parked', 'completed', 'failed', 'cancelled'] })
  status!: SyncRunStatus;
  @ApiPropertyOptional({ enum: ['companies', 'contacts', 'associations'], nullable: true })
  phase!: SyncRunPhase | null;
  @ApiProperty() processed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() failed!: number;
  @ApiPropertyOptional({ nullable: true, description: '0..100' }) percent!: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'records per second in the current attempt' })
  ratePerSecond!: number | null;
  @ApiPropertyOptional({ nullable: true }) etaSeconds!: number | null;
  @ApiProperty({ description: 'HubSpot calls this run has spent' }) callsUsed!: number;
  @ApiProperty({ description: 'times a worker picked the run up again (crash, deploy, parking, pause)' })
  resumedCount!: number;
  @ApiPropertyOptional({
    nullable: true,
    description: 'per-phase counts, dry-run estimate or reconciliation report',
    type: 'object',
    additionalProperties: true,
  })
  report!: SyncRunReport | null;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiPropertyOptional({ nullable: true }) requestedBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true }) startedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) finishedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) parkedUntil!: Date | null;
}
