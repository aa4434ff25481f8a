import { SyncRunKind, SyncRunStatus } from '../../runs/sync-run.types';
import { LimitQuery, OffsetQuery, OptionalIn, PortalIdQuery } from './admin-fields.decorators';

const KINDS: SyncRunKind[] = ['backfill', 'reconcile'];
const STATUSES: SyncRunStatus[] = [
  'queued',
  'running',
  'paused',
  'parked',
  'completed',
  'failed',
  'cancelled',
];

export class ListRunsQueryDto {
  @OptionalIn(KINDS) kind?: SyncRunKind;
  @OptionalIn(STATUSES) status?: SyncRunStatus;
  @PortalIdQuery() portalId?: number;
  @LimitQuery(200, 50) limit?: number;
  @OffsetQuery() offset?: number;
}
