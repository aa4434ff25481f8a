import { Provider, Type } from '@nestjs/common';
import { ResolvedExtras } from '../hubspot-extras';
import { BatchUpsertExecutor } from './batch/batch-upsert.executor';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DirectUpsertService } from './direct/direct-upsert.service';
import { SyncIntentQueue } from './intents/sync-intent.queue';
import { SyncLedgerService } from './ledger/sync-ledger.service';
import { AssociationBatchHandler } from '../crm/associations/association-batch.handler';
import { AssociationWorker } from '../crm/associations/association.worker';
import { SyncBatchHandler } from './workers/sync-batch.handler';
import { SyncWorker } from './workers/sync.worker';
import { RUNS_EXPORTS, RUNS_PROVIDERS } from '../runs/runs.providers';
import { SyncEvents } from './sync-events';

/** Live sync: intents, coalescer, workers, ledger, dead letters. */
const LIVE_SYNC_PROVIDERS: Provider[] = [
  SyncEvents,
  SyncLedgerService,
  DeadLettersService,
  BatchUpsertExecutor,
  DirectUpsertService,
  SyncIntentQueue,
  SyncBatchHandler,
  SyncWorker,
  AssociationBatchHandler,
  AssociationWorker,
];

/** Providers of the sync feature, registered by HubspotModule. */
export const SYNC_PROVIDERS: Provider[] = [...LIVE_SYNC_PROVIDERS, ...RUNS_PROVIDERS];

/** What HubspotModule exports of the sync feature. */
export const SYNC_EXPORTS: Array<Provider | string | symbol | Type> = [
  SyncEvents,
  SyncLedgerService,
  DeadLettersService,
  SyncIntentQueue,
  ...RUNS_EXPORTS,
];

/** Controllers of the sync feature for these extras (paths are set here). */
export function syncControllers(_extras: ResolvedExtras): Type[] {
  return [];
}
